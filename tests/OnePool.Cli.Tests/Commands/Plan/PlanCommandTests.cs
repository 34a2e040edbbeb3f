using System.Net;
using System.Text.Json;
using OnePool.Cli.Commands.Plan;
using OnePool.Cli.Output;
using OnePool.Contracts.Jobs;
using OnePool.Core.Specs;
using OnePool.TestKit.Approvals;
using OnePool.TestKit.Files;
using OnePool.TestKit.Http;
using Shouldly;

namespace OnePool.Cli.Tests.Commands.Plan;

public sealed class PlanCommandTests : IDisposable
{
    private static readonly DateTimeOffset Now = Samples.Now;
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private readonly CliHarness _cli = new();
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Render_SamplePlan_MatchesApproved() =>
        Approvals.Verify(PlanReport.Render(SamplePlan(), TextTable.RedirectedWidth));

    [Fact]
    public void Render_NothingCanRunIt_SaysSoAfterTheExclusions()
    {
        var plan = new JobPlanResponse(Now, "1 cpu, 1Gi, H100:8", [], [new PlanExclusionView("edge", "H100:8", "has no H100")],
            "fits no ready node: needs 1 cpu, 1Gi, H100:8 per replica", 0);

        PlanReport.Render(plan, TextTable.RedirectedWidth).ShouldBe(
            "plan for 1 cpu, 1Gi, H100:8:\nexcluded:\n  edge (H100:8): has no H100\n"
            + "no site can run this job: fits no ready node: needs 1 cpu, 1Gi, H100:8 per replica\n");
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(45, "45s")]
    [InlineData(720, "12m")]
    [InlineData(3600, "1h")]
    [InlineData(5400, "1h30m")]
    [InlineData(86400 * 2 + 3600 * 4 + 60, "2d4h")]
    [InlineData(86400, "1d")]
    public void Duration_Seconds_ShowsTheTwoLargestUnits(int seconds, string expected) =>
        PlanReport.Duration(TimeSpan.FromSeconds(seconds)).ShouldBe(expected);

    [Fact]
    public void Start_NowLaterOrUnknown_ReadsAsSuch() =>
        (PlanReport.Start(Now, Now), PlanReport.Start(Now.AddHours(2), Now), PlanReport.Start(null, Now)).ShouldBe(("now", "~2h", "unknown"));

    [Fact]
    public async Task Plan_ValidSpec_PostsItToThePlanEndpointAndPrintsTheTable()
    {
        _cli.Broker.OnJson("POST /v1/jobs/plan", PlanJson(SamplePlan()));

        var (exitCode, output, error) = await _cli.RunAsync("plan", Write("job.yaml", "run: train\nresources: {accelerators: [H100:8, A100-80G:8]}\n"), "-e", "LR=0.1");

        (exitCode, error).ShouldBe((0, ""));
        output.ShouldBe(PlanReport.Render(SamplePlan(), TextTable.RedirectedWidth));
        var (request, body) = _cli.Broker.Requests.ShouldHaveSingleItem();
        request.RequestUri!.AbsolutePath.ShouldBe("/v1/jobs/plan");
        var sent = JsonSerializer.Deserialize<JobSpec>(body!, JobSpecReader.JsonOptions)!;
        sent.Resources!.Accelerators.ShouldBe(["H100:8", "A100-80G:8"]);
        sent.Env!["LR"].ShouldBe("0.1");
    }

    [Fact]
    public async Task SubmitDryRun_ValidSpec_PrintsThePlanAndSubmitsNothing()
    {
        _cli.Broker.OnJson("POST /v1/jobs/plan", PlanJson(SamplePlan()));

        var (exitCode, output, _) = await _cli.RunAsync("submit", "--dry-run", Write("job.yaml", "run: train\n"));

        exitCode.ShouldBe(0);
        output.ShouldBe(PlanReport.Render(SamplePlan(), TextTable.RedirectedWidth));
        _cli.Broker.Requests.ShouldHaveSingleItem().Request.RequestUri!.AbsolutePath.ShouldBe("/v1/jobs/plan");
    }

    [Fact]
    public async Task SubmitDryRun_JobArray_PrintsOnePlanForTheAlikeElements()
    {
        _cli.Broker.OnJson("POST /v1/jobs/plan", PlanJson(SamplePlan()));

        var (exitCode, output, _) = await _cli.RunAsync("submit", "--dry-run", Write("sweep.sbatch", "#!/bin/bash\n#SBATCH -J sweep --array=0-3 -t 30\npython sweep.py\n"));

        exitCode.ShouldBe(0);
        _cli.Broker.Requests.Count.ShouldBe(4); // each element is planned
        output.ShouldBe("jobs sweep-0 to sweep-3 (4 jobs, each planned alone: the same plan):\n" + PlanReport.Render(SamplePlan(), TextTable.RedirectedWidth));
    }

    [Fact]
    public async Task Plan_BatchScript_PrintsTheImportNotesFirstThenThePlan()
    {
        _cli.Broker.OnJson("POST /v1/jobs/plan", PlanJson(SamplePlan()));

        var (exitCode, output, error) = await _cli.RunAsync("plan", Write("train.sbatch", "#!/bin/bash\n#SBATCH --nodes=2 --gpus-per-node=h100:8\n#SBATCH -t 90\n#SBATCH --mail-user=a@b\ntorchrun train.py\n"));

        exitCode.ShouldBe(0);
        error.ShouldContain("--mail-user");
        output.ShouldStartWith("plan for ");
        var sent = JsonSerializer.Deserialize<JobSpec>(_cli.Broker.Requests.Single().Body!, JobSpecReader.JsonOptions)!;
        (sent.Replicas, sent.MaxRuntime).ShouldBe((2, "1h30m"));
    }

    [Fact]
    public async Task Plan_JsonOutput_WritesTheBrokersPlan()
    {
        _cli.Broker.OnJson("POST /v1/jobs/plan", PlanJson(SamplePlan()));

        var (exitCode, output, _) = await _cli.RunAsync("plan", Write("job.yaml", "run: train\n"), "-o", "json");

        exitCode.ShouldBe(0);
        var plan = JsonSerializer.Deserialize<JobPlanResponse>(output, Web)!;
        plan.Rows.Count.ShouldBe(4);
        plan.Rows[2].StartIsLowerBound.ShouldBeTrue();
        plan.Rows[0].Chosen.ShouldBeTrue();
    }

    [Fact]
    public async Task Plan_NoSiteCanRunIt_Exits1()
    {
        var plan = new JobPlanResponse(Now, "1 cpu, 1Gi", [], [new PlanExclusionView("edge", "", "draining: takes no new work")], "no nodes are ready in the pool", 0);
        _cli.Broker.OnJson("POST /v1/jobs/plan", PlanJson(plan));

        var (exitCode, output, _) = await _cli.RunAsync("plan", Write("job.yaml", "run: train\n"));

        exitCode.ShouldBe(1);
        output.ShouldContain("  edge: draining: takes no new work\n");
    }

    [Fact]
    public async Task Plan_InvalidSpec_PrintsTheErrorSendsNothingAndExits2()
    {
        var file = Write("bad.yaml", "run: x\nreplicas: 0\n");

        var (exitCode, output, error) = await _cli.RunAsync("plan", file);

        (exitCode, output).ShouldBe((2, ""));
        error.ShouldBe($"{file}: replicas: must be between 1 and 1024\n");
        _cli.Broker.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Plan_BrokerRefusesTheTenant_PrintsOneLineAndExits()
    {
        _cli.Broker.On("POST /v1/jobs/plan", (_, _) => StubHttpHandler.Problem(HttpStatusCode.Forbidden, "forbidden", "a token of tenant alice cannot submit jobs for tenant bob (field: tenant)"));

        var (exitCode, output, error) = await _cli.RunAsync("plan", Write("job.yaml", "run: x\ntenant: bob\n"));

        exitCode.ShouldBe(1);
        output.ShouldBeEmpty();
        error.TrimEnd('\n').Split('\n').ShouldHaveSingleItem().ShouldStartWith("error: ");
        error.ShouldContain("cannot submit jobs for tenant bob");
    }

    private static JobPlanResponse SamplePlan() => new(
        Now,
        "2 x (8 cpu, 64Gi, H100:8 or A100-80G:8)",
        [
            new PlanRowView("gpu-centre", "H100:8", Now, 5400, 345.6, true, null),
            new PlanRowView("cloud-east", "H100:8", Now.AddHours(2), 5400, 518.4, false, "after work queued ahead of it"),
            new PlanRowView("lab", "A100-80G:8", Now.AddHours(9), 10800, 259.2, false, "or later: not all pending work ahead of it was replayed") { StartIsLowerBound = true },
            new PlanRowView("hpc-west", "A100-80G:8", null, 10800, 0, false, "waits for running work without a max runtime"),
        ],
        [
            new PlanExclusionView("edge", "", "draining: takes no new work"),
            new PlanExclusionView("hpc-west", "H100:8", "has no H100"),
            new PlanExclusionView("lab", "H100:8", "a gang of 2 replicas with 8 x H100 each is larger than the site (at most 1 fit); a gang never spans sites"),
        ],
        null,
        0);

    private static string PlanJson(JobPlanResponse plan) => JsonSerializer.Serialize(plan, Web);

    private string Write(string name, string text)
    {
        var path = _dir.Combine(name);
        File.WriteAllText(path, text);
        return path;
    }
}
