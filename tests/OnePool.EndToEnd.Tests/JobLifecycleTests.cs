using Shouldly;

namespace OnePool.EndToEnd.Tests;

[Collection(EndToEndGroup.Name)]
public sealed class JobLifecycleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly NodeSpec[] Pool =
    [
        new("gpu-centre", "gpu-1", 16, "64Gi", "A100-80G", 8),
        new("gpu-centre", "gpu-2", 16, "64Gi", "A100-80G", 8),
        new("edge", "edge-1", 4, "8Gi", "T4", 2),
    ];

    [Fact]
    public async Task SubmitWait_SucceedingJob_ExitsZeroAndItsOutputIsKept()
    {
        await using var cluster = await Cluster.StartAsync(Pool, Ct);
        var spec = cluster.Folder + "/hello.yaml";
        await File.WriteAllTextAsync(spec, "name: hello\nresources: {accelerators: T4:1}\nrun: |\n  echo \"hello from $ONEPOOL_NODE gpus=$CUDA_VISIBLE_DEVICES\"\n", Ct);

        var submit = await cluster.CliAsync("submit", spec, "--wait");

        submit.ExitCode.ShouldBe(0, submit.ToString());
        submit.Stdout.ShouldContain("submitted job");
        (submit.Stdout + submit.Stderr).ShouldContain($" succeeded");
        var id = long.Parse(submit.Stdout.Split("submitted job ")[1].Split('\n')[0].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var logs = await cluster.CliAsync("logs", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        logs.Stdout.ShouldContain("hello from edge-1 gpus=0");
    }

    [Fact]
    public async Task Run_FailingJob_ExitsWithTheJobsExitCodeAndSaysWhy()
    {
        await using var cluster = await Cluster.StartAsync(Pool, Ct);

        var run = await cluster.CliAsync("run", "--", "bash", "-c", "echo about to fail; exit 7");

        run.ExitCode.ShouldBe(7, run.ToString());
        run.Stdout.ShouldContain("about to fail");
        run.Stderr.ShouldContain("exited with code 7");
    }

    [Fact]
    public async Task Run_InlineJob_PrintsItsOutputAndExitsZero()
    {
        await using var cluster = await Cluster.StartAsync(Pool, Ct);

        var run = await cluster.CliAsync("run", "--gpus", "T4:1", "--", "python3", "-c", "print(42)");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stdout.Trim().ShouldBe("42");
    }

    [Fact]
    public async Task Cancel_RunningJob_StopsItAndItsProcessIsGone()
    {
        await using var cluster = await Cluster.StartAsync(Pool, Ct);
        var pidFile = cluster.Folder + "/job.pid";
        var id = await cluster.SubmitAsync($"name: sleeper\nrun: |\n  echo $$ > {pidFile}\n  sleep 300\n");
        await cluster.WaitForJobAsync(id, j => j.Job.State == "running" && File.Exists(pidFile), TimeSpan.FromSeconds(30));
        var pid = int.Parse((await File.ReadAllTextAsync(pidFile, Ct)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Posix.IsGone(pid).ShouldBeFalse();

        var cancel = await cluster.CliAsync("cancel", id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        cancel.ExitCode.ShouldBe(0, cancel.ToString());
        var job = await cluster.WaitForJobAsync(id, j => j.Job.State == "cancelled", TimeSpan.FromSeconds(30));
        job.AttemptHistory.ShouldHaveSingleItem().State.ShouldBe("cancelled");
        Posix.IsGone(pid).ShouldBeTrue();
    }

    [Fact]
    public async Task Gang_OfTwoReplicas_StartsBothTogetherOnTwoNodesOfOneSite()
    {
        await using var cluster = await Cluster.StartAsync(Pool, Ct);
        var meet = cluster.Folder + "/meet";
        Directory.CreateDirectory(meet);
        // Each replica announces itself and waits (up to 60 s) for the other: only a gang that runs both replicas
        // at the same time can succeed.
        var id = await cluster.SubmitAsync($$"""
            name: gang
            replicas: 2
            resources: {cpu: 8, memory: 32Gi, accelerators: A100-80G:8}
            run: |
              touch {{meet}}/r$ONEPOOL_REPLICA_INDEX
              for i in $(seq 600); do [ -f {{meet}}/r0 ] && [ -f {{meet}}/r1 ] && exit 0; sleep 0.1; done
              exit 1
            """);

        var job = await cluster.WaitForJobAsync(id, j => j.Job.State is "succeeded" or "failed", TimeSpan.FromSeconds(90));

        job.Job.State.ShouldBe("succeeded");
        var attempt = job.AttemptHistory.ShouldHaveSingleItem();
        attempt.Site.ShouldBe("gpu-centre");
        attempt.Replicas.Select(r => r.Node).Distinct().Count().ShouldBe(2);
        attempt.Replicas.ShouldAllBe(r => r.AcceleratorIndices.Count == 8);
    }

    [Fact]
    public async Task Job_ThatFitsNowhere_StaysPendingWithAReason()
    {
        await using var cluster = await Cluster.StartAsync(Pool, Ct);

        var id = await cluster.SubmitAsync("name: too-big\nresources: {accelerators: H100:8}\nrun: echo never\n");

        var job = await cluster.WaitForJobAsync(id, j => j.Job.Reason is not null, TimeSpan.FromSeconds(30));
        job.Job.State.ShouldBe("pending");
        job.Job.Reason!.ShouldContain("fits no ready node");
        var shown = await cluster.CliAsync("job", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        shown.Stdout.ShouldContain("fits no ready node");
    }

    [Fact]
    public async Task Submit_MalformedSpec_IsRefusedWithOneLineAndNothingIsStored()
    {
        await using var cluster = await Cluster.StartAsync(Pool, Ct);
        var spec = cluster.Folder + "/bad.yaml";
        await File.WriteAllTextAsync(spec, "name: bad\nrun: echo\nresources: {memory: 12Q}\n", Ct);

        var submit = await cluster.CliAsync("submit", spec);

        submit.ExitCode.ShouldBe(2, submit.ToString());
        submit.Stderr.ShouldContain("resources.memory");
        (await cluster.CliAsync("jobs", "-o", "json")).Stdout.ShouldContain("\"jobs\": []");
    }

    [Fact]
    public async Task TenantB_CannotSeeOrCancelTenantAsJob()
    {
        await using var cluster = await Cluster.StartAsync(Pool, Ct);
        var alice = await cluster.AddTenantAsync("alice");
        var bob = await cluster.AddTenantAsync("bob");
        var file = cluster.Folder + "/a.yaml";
        await File.WriteAllTextAsync(file, "run: sleep 30\n", Ct);
        var submitted = await cluster.CliAsTokenAsync(alice, "submit", file);
        var id = submitted.Stdout.Split("submitted job ")[1].Trim();

        var show = await cluster.CliAsTokenAsync(bob, "job", id);
        var cancel = await cluster.CliAsTokenAsync(bob, "cancel", id);
        var list = await cluster.CliAsTokenAsync(bob, "jobs", "-o", "json");

        show.ExitCode.ShouldNotBe(0);
        show.Stderr.ShouldContain("does not exist");
        cancel.ExitCode.ShouldNotBe(0);
        list.Stdout.ShouldNotContain($"\"id\": {id}");
        (await cluster.JobAsync(long.Parse(id, System.Globalization.CultureInfo.InvariantCulture))).Job.State.ShouldNotBe("cancelled");
    }
}
