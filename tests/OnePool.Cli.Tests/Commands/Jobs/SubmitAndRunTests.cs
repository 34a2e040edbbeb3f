using System.Net;
using OnePool.Contracts.Jobs;
using OnePool.TestKit.Files;
using OnePool.TestKit.Http;
using Shouldly;
using static OnePool.Cli.Tests.Commands.CliAppTests;

namespace OnePool.Cli.Tests.Commands.Jobs;

public sealed class SubmitAndRunTests : IDisposable
{
    private readonly CliHarness _cli = new();
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Submit_InvalidSpec_PrintsEveryErrorSendsNothingAndExits2()
    {
        var file = Write("bad.yaml", "command: [train]\nreplicas: 0\nresources:\n  memory: 12Q\n");

        var (exitCode, output, error) = await _cli.RunAsync("submit", file);

        exitCode.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldBe($"{file}: replicas: must be between 1 and 1024\n{file}: resources.memory: '12Q' is not a memory size; write e.g. 512Mi, 16Gi or 8GB\n");
        _cli.Broker.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Submit_ValidSpecFromStdin_SendsItWithAKeyAndOverridesAndPrintsTheId()
    {
        _cli.StandardInput = """{"command": ["python", "train.py"], "name": "from-file"}""";
        _cli.Broker.OnJson("POST /v1/jobs", """{"id":42,"state":"pending","duplicate":false}""", HttpStatusCode.Created);

        var (exitCode, output, _) = await _cli.RunAsync("submit", "-", "--name", "renamed", "--tenant", "vision");

        exitCode.ShouldBe(0);
        output.ShouldBe("submitted job 42\n");
        var (request, body) = _cli.Broker.Requests.Single();
        request.Headers.GetValues("Idempotency-Key").Single().Length.ShouldBe(32);
        request.Headers.Authorization!.ToString().ShouldBe("Bearer t0ken");
        body.ShouldBe("""{"name":"renamed","tenant":"vision","command":["python","train.py"]}""");
    }

    [Fact]
    public async Task Submit_ConnectionFailsTwice_RetriesWithTheSameKey()
    {
        var failures = 2;
        _cli.Broker.On("POST /v1/jobs", (_, _) => failures-- > 0
            ? throw new HttpRequestException("Connection refused")
            : StubHttpHandler.Json("""{"id":7,"state":"pending","duplicate":true}""", HttpStatusCode.Created));

        var (exitCode, output, error) = await _cli.RunAsync("submit", Write("ok.yaml", "command: [\"true\"]\n"));

        exitCode.ShouldBe(0);
        output.ShouldBe("submitted job 7\n");
        error.ShouldContain("retrying");
        _cli.Broker.Requests.Select(r => r.Request.Headers.GetValues("Idempotency-Key").Single()).Distinct().Count().ShouldBe(1);
        _cli.Broker.Requests.Count.ShouldBe(3);
    }

    [Fact]
    public async Task SubmitWait_JobFails_PrintsEachStateChangeAndExitsWithItsCode()
    {
        _cli.Broker.OnJson("POST /v1/jobs", """{"id":42,"state":"pending","duplicate":false}""", HttpStatusCode.Created);
        var states = new Queue<JobSummary>(
        [
            Samples.Job(42, "pending"), Samples.Job(42, "pending"),
            Samples.Job(42, "scheduled") with { Site = "gpu-centre" },
            Samples.Job(42, "running") with { Site = "gpu-centre" },
            Samples.Job(42, "failed", "replica 0 exited with code 3") with { Site = "gpu-centre", ExitCode = 3 },
        ]);
        _cli.Broker.On("GET /v1/jobs/42", (_, _) => StubHttpHandler.Json(Json(Samples.JobDetail() with { Job = states.Dequeue() })));

        var (exitCode, output, _) = await _cli.RunAsync("submit", Write("ok.yaml", "command: [train]\n"), "--wait");

        exitCode.ShouldBe(3);
        output.ShouldBe("""
            submitted job 42
            12:00:00 job 42 pending
            12:00:00 job 42 scheduled on gpu-centre
            12:00:00 job 42 running on gpu-centre
            12:00:00 job 42 failed (exit code 3): replica 0 exited with code 3

            """);
    }

    [Fact]
    public async Task SubmitWait_Interrupted_StopsWaitingLeavesTheJobAndExits130()
    {
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        _cli.Broker.OnJson("POST /v1/jobs", """{"id":42,"state":"pending","duplicate":false}""", HttpStatusCode.Created);
        _cli.Broker.On("GET /v1/jobs/42", (_, _) =>
        {
            interrupt.Cancel();
            return StubHttpHandler.Json(Json(Samples.JobDetail() with { Job = Samples.Job(42, "running") }));
        });

        var (exitCode, _, error) = await _cli.RunAsync(interrupt.Token, "submit", Write("ok.yaml", "command: [train]\n"), "--wait");

        exitCode.ShouldBe(130);
        error.ShouldBe("stopped following job 42; it keeps running (`onepool cancel 42` stops it)\n");
        _cli.Broker.Requests.ShouldNotContain(r => r.Request.RequestUri!.AbsolutePath.EndsWith("/cancel", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_JobSucceeds_StreamsOutputAndExits0()
    {
        _cli.Broker.OnJson("POST /v1/jobs", """{"id":5,"state":"pending","duplicate":false}""", HttpStatusCode.Created);
        _cli.Broker.OnJson("GET /v1/jobs/5/logs", Json(new LogPage([new LogChunk(1, 0, "GPU 0: Tesla T4\n")], 1, false, "running")));
        var pages = new Queue<LogPage>([new LogPage([], 1, false, "running"), new LogPage([new LogChunk(1, 0, "done\n")], 2, true, "succeeded")]);
        _cli.Broker.On("GET /v1/jobs/5/logs?after=1", (_, _) => StubHttpHandler.Json(Json(pages.Dequeue())));
        _cli.Broker.OnJson("GET /v1/jobs/5", Json(Samples.JobDetail() with { Job = Samples.Job(5, "succeeded") }));

        var (exitCode, output, error) = await _cli.RunAsync("run", "--gpus", "T4:1", "--", "nvidia-smi", "-L");

        exitCode.ShouldBe(0);
        output.ShouldBe("GPU 0: Tesla T4\ndone\n");
        error.ShouldBe("job 5 submitted\n");
        _cli.Broker.Requests.First().Body.ShouldBe("""{"name":"nvidia-smi","resources":{"accelerators":["T4:1"]},"command":["nvidia-smi","-L"]}""");
    }

    [Fact]
    public async Task Run_JobCancelled_ExitsWith130AndSaysWhy()
    {
        _cli.Broker.OnJson("POST /v1/jobs", """{"id":5,"state":"pending","duplicate":false}""", HttpStatusCode.Created);
        _cli.Broker.OnJson("GET /v1/jobs/5/logs", Json(new LogPage([], 0, true, "cancelled")));
        _cli.Broker.OnJson("GET /v1/jobs/5", Json(Samples.JobDetail() with { Job = Samples.Job(5, "cancelled", "cancelled by vision") }));

        var (exitCode, _, error) = await _cli.RunAsync("run", "--", "sleep", "100");

        exitCode.ShouldBe(130);
        error.ShouldEndWith("job 5 cancelled: cancelled by vision\n");
    }

    [Fact]
    public async Task Run_Detach_PrintsOnlyTheId()
    {
        _cli.Broker.OnJson("POST /v1/jobs", """{"id":9,"state":"pending","duplicate":false}""", HttpStatusCode.Created);

        var (exitCode, output, _) = await _cli.RunAsync("run", "--detach", "--env", "A=1", "--", "true");

        (exitCode, output).ShouldBe((0, "9\n"));
        _cli.Broker.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Logs_SeveralReplicas_PrefixesEachLine()
    {
        _cli.Broker.OnJson("GET /v1/jobs/42", Json(Samples.JobDetail()));
        _cli.Broker.OnJson("GET /v1/jobs/42/logs", Json(new LogPage([new LogChunk(1, 0, "a\n"), new LogChunk(1, 1, "b\n")], 2, true, "failed")));

        var (exitCode, output, _) = await _cli.RunAsync("logs", "42");

        (exitCode, output).ShouldBe((0, "[r0] a\n[r1] b\n"));
    }

    private string Write(string name, string text)
    {
        var path = _dir.Combine(name);
        File.WriteAllText(path, text);
        return path;
    }
}
