using Microsoft.Extensions.Time.Testing;
using OnePool.Agent.Execution;
using Shouldly;

namespace OnePool.Agent.Tests.Execution;

public sealed class ProcessExecutorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Start_ScriptExitsZero_ReportsSucceededAndLogsStdoutAndStderr()
    {
        using var fixture = new ExecutorFixture();

        var replica = fixture.Executor.Start(Assignments.Script("echo to-stdout; echo to-stderr >&2; exit 0"))!;
        await replica.Ended.WaitAsync(Timeout, Ct);

        replica.Outcome!.State.ShouldBe(ReplicaStates.Succeeded);
        replica.Outcome.ExitCode.ShouldBe(0);
        var log = await ExecutorFixture.ReadLogAsync(replica);
        log.ShouldContain("to-stdout");
        log.ShouldContain("to-stderr");
        replica.LogLength.ShouldBe(new FileInfo(replica.LogPath).Length);
    }

    [Fact]
    public async Task Start_ScriptExitsThree_ReportsFailedWithCodeThree()
    {
        using var fixture = new ExecutorFixture();

        var replica = fixture.Executor.Start(Assignments.Script("exit 3"))!;
        await replica.Ended.WaitAsync(Timeout, Ct);

        replica.Outcome!.State.ShouldBe(ReplicaStates.Failed);
        replica.Outcome.ExitCode.ShouldBe(3);
        replica.Outcome.Message.ShouldBe("exited with code 3");
    }

    [Fact]
    public async Task Start_JobKillsItselfWithSignal_ReportsExitCode128PlusSignal()
    {
        using var fixture = new ExecutorFixture();

        var replica = fixture.Executor.Start(Assignments.Script("kill -KILL $$"))!;
        await replica.Ended.WaitAsync(Timeout, Ct);

        replica.Outcome!.State.ShouldBe(ReplicaStates.Failed);
        replica.Outcome.ExitCode.ShouldBe(137);
    }

    [Fact]
    public async Task Start_Always_GivesTheJobOnePoolVariablesAndHidesTheToken()
    {
        using var fixture = new ExecutorFixture();
        Environment.SetEnvironmentVariable("ONEPOOL_TOKEN", "secret-site-token");
        var assignment = Assignments.Script("env; echo workdir=$(pwd)", attemptId: 12, replicaIndex: 1) with
        {
            NumReplicas = 2,
            AcceleratorIndices = [2, 3],
            Env = new Dictionary<string, string> { ["MY_SETTING"] = "on" },
            ReplicaHosts = ["node-0", "node-1"],
        };

        var replica = fixture.Executor.Start(assignment)!;
        await replica.Ended.WaitAsync(Timeout, Ct);

        var lines = (await ExecutorFixture.ReadLogAsync(replica)).Split('\n');
        lines.ShouldContain("ONEPOOL_JOB_ID=7");
        lines.ShouldContain("ONEPOOL_JOB_NAME=train");
        lines.ShouldContain("ONEPOOL_ATTEMPT_ID=12");
        lines.ShouldContain("ONEPOOL_REPLICA_INDEX=1");
        lines.ShouldContain("ONEPOOL_NUM_REPLICAS=2");
        lines.ShouldContain("ONEPOOL_NODE=node-1");
        lines.ShouldContain("ONEPOOL_REPLICA_HOSTS=node-0,node-1");
        var checkpoints = Path.Combine(fixture.DataDirectory, "checkpoints", "job-7");
        lines.ShouldContain("ONEPOOL_CHECKPOINT_DIR=" + checkpoints);
        Directory.Exists(checkpoints).ShouldBeTrue();
        lines.ShouldContain("CUDA_VISIBLE_DEVICES=2,3");
        lines.ShouldContain("MY_SETTING=on");
        lines.ShouldContain("workdir=" + Path.Combine(fixture.DataDirectory, "work", "attempt-12-1"));
        lines.ShouldNotContain(l => l.StartsWith("ONEPOOL_TOKEN=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_NoAccelerators_SetsCudaVisibleDevicesEmpty()
    {
        using var fixture = new ExecutorFixture();

        var replica = fixture.Executor.Start(Assignments.Script("echo \"cuda=[${CUDA_VISIBLE_DEVICES-unset}]\""))!;
        await replica.Ended.WaitAsync(Timeout, Ct);

        (await ExecutorFixture.ReadLogAsync(replica)).ShouldContain("cuda=[]");
    }

    [Fact]
    public async Task Start_MissingProgram_FailsWith127AndSaysWhy()
    {
        using var fixture = new ExecutorFixture();

        var replica = fixture.Executor.Start(Assignments.Command("no-such-program-onepool", "--flag"))!;
        await replica.Ended.WaitAsync(Timeout, Ct);

        replica.Outcome!.State.ShouldBe(ReplicaStates.Failed);
        replica.Outcome.ExitCode.ShouldBe(127);
        replica.Outcome.Message!.ShouldContain("no-such-program-onepool");
        replica.Pid.ShouldBeNull();
        (await ExecutorFixture.ReadLogAsync(replica)).ShouldContain("was not found");
    }

    [Fact]
    public async Task Start_MissingWorkdir_FailsWith127AndSaysWhy()
    {
        using var fixture = new ExecutorFixture();

        var replica = fixture.Executor.Start(Assignments.Script("true") with { Workdir = "/no/such/dir" })!;
        await replica.Ended.WaitAsync(Timeout, Ct);

        replica.Outcome!.ExitCode.ShouldBe(127);
        replica.Outcome.Message!.ShouldContain("'/no/such/dir' does not exist");
    }

    [Fact]
    public async Task Start_CommandArgv_RunsWithoutAShell()
    {
        using var fixture = new ExecutorFixture();

        var replica = fixture.Executor.Start(Assignments.Command("/bin/echo", "a  b", "$HOME"))!;
        await replica.Ended.WaitAsync(Timeout, Ct);

        replica.Outcome!.State.ShouldBe(ReplicaStates.Succeeded);
        (await ExecutorFixture.ReadLogAsync(replica)).ShouldBe("a  b $HOME\n");
    }

    [Fact]
    public async Task Start_SameKeyTwice_StartsItOnce()
    {
        using var fixture = new ExecutorFixture();

        var first = fixture.Executor.Start(Assignments.Script("true"));
        var second = fixture.Executor.Start(Assignments.Script("true"));
        await first!.Ended.WaitAsync(Timeout, Ct);

        second.ShouldBeNull();
        fixture.Executor.Held.Count.ShouldBe(1);
    }

    [Fact]
    public async Task StopAsync_JobWithBackgroundChild_KillsTheWholeProcessGroup()
    {
        using var fixture = new ExecutorFixture();
        var replica = fixture.Executor.Start(Assignments.Script("sleep 300 & echo $! > child.pid; echo ready; sleep 300"))!;
        await ExecutorFixture.WaitForLogAsync(replica, "ready");
        var childPidFile = Path.Combine(fixture.DataDirectory, "work", "attempt-1-0", "child.pid");
        var childPid = int.Parse((await File.ReadAllTextAsync(childPidFile, Ct)).Trim(), System.Globalization.CultureInfo.InvariantCulture);

        await replica.StopAsync(ReplicaStates.Stopped, null, "test", TimeSpan.FromSeconds(10), Ct).WaitAsync(Timeout, Ct);

        replica.Outcome!.State.ShouldBe(ReplicaStates.Stopped);
        replica.Outcome.ExitCode.ShouldBe(143);
        ProcessTable.IsGone(replica.Pid!.Value).ShouldBeTrue();
        await Eventually.WaitUntilAsync(() => ProcessTable.IsGone(childPid), Timeout);
    }

    [Fact]
    public async Task StopAsync_JobTrapsTermAndExits_ReportsStoppedWithItsOwnExitCode()
    {
        using var fixture = new ExecutorFixture();
        var replica = fixture.Executor.Start(Assignments.Script("trap 'echo saving; exit 0' TERM; echo ready; while true; do sleep 0.05; done"))!;
        await ExecutorFixture.WaitForLogAsync(replica, "ready");

        await replica.StopAsync(ReplicaStates.Stopped, null, "test", TimeSpan.FromSeconds(30), Ct).WaitAsync(Timeout, Ct);

        replica.Outcome!.State.ShouldBe(ReplicaStates.Stopped);
        replica.Outcome.ExitCode.ShouldBe(0);
        (await ExecutorFixture.ReadLogAsync(replica)).ShouldContain("saving");
    }

    [Fact]
    public async Task StopAsync_JobIgnoresTerm_IsKilledWhenTheGraceRunsOut()
    {
        var time = new FakeTimeProvider();
        using var fixture = new ExecutorFixture(time);
        var replica = fixture.Executor.Start(Assignments.Script("trap '' TERM; echo ready; sleep 300"))!;
        await ExecutorFixture.WaitForLogAsync(replica, "ready");

        var stop = replica.StopAsync(ReplicaStates.Stopped, null, "test", TimeSpan.FromSeconds(20), Ct);
        time.Advance(TimeSpan.FromSeconds(19));
        var endedEarly = replica.Ended.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(1));
        await stop.WaitAsync(Timeout, Ct);

        endedEarly.ShouldBeFalse();
        replica.Outcome!.State.ShouldBe(ReplicaStates.Stopped);
        replica.Outcome.ExitCode.ShouldBe(137);
    }

    [Fact]
    public async Task MaxRuntime_Exceeded_StopsTheJobAndReportsFailedWith124()
    {
        var time = new FakeTimeProvider();
        using var fixture = new ExecutorFixture(time);
        var replica = fixture.Executor.Start(Assignments.Script("echo ready; sleep 300") with { MaxRuntimeSeconds = 60 })!;
        await ExecutorFixture.WaitForLogAsync(replica, "ready");

        time.Advance(TimeSpan.FromSeconds(60));
        await replica.Ended.WaitAsync(Timeout, Ct);

        replica.Outcome!.State.ShouldBe(ReplicaStates.Failed);
        replica.Outcome.ExitCode.ShouldBe(124);
        replica.Outcome.Message.ShouldBe("exceeded its max runtime of 60 s");
        ProcessTable.IsGone(replica.Pid!.Value).ShouldBeTrue();
    }
}
