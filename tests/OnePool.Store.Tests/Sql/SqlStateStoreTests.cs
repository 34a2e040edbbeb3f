using OnePool.Core.Jobs;
using OnePool.Store.Records;
using Shouldly;
using Xunit;

namespace OnePool.Store.Tests.Sql;

public abstract class SqlStateStoreTests
{
    /// <summary>The backend this run of the suite uses.</summary>
    protected abstract StoreBackend Backend { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset T0 = StoreFixture.T0;

    [Fact]
    public async Task MigrateAsync_RunTwice_KeepsTheData()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);
        var id = await f.SubmitAsync(Ct);

        await f.Store.MigrateAsync(Ct);

        (await f.JobAsync(id, Ct)).State.ShouldBe("pending");
    }

    [Fact]
    public async Task SubmitJobAsync_SameIdempotencyKey_ReturnsTheFirstJob()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);

        var first = await f.SubmitAsync(Ct, key: "k1");
        var second = await f.SubmitAsync(Ct, key: "k1");
        var other = await f.SubmitAsync(Ct, key: "k2");

        second.ShouldBe(first);
        other.ShouldNotBe(first);
        (await f.Store.ListJobsAsync(new JobQuery(null, [], null, 100), Ct)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task ApplyReportsAsync_RunningThenExitZero_SucceedsTheJob()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);
        var job = await f.SubmitAsync(Ct);
        var attempt = await f.DispatchAsync(job, 1, Ct);

        await f.Store.ApplyReportsAsync("s/n0", [new ReplicaUpdate(attempt, 0, ReplicaState.Running, null, T0, null, null)], T0, Ct);
        (await f.JobAsync(job, Ct)).State.ShouldBe("running");
        await f.Store.ApplyReportsAsync("s/n0", [new ReplicaUpdate(attempt, 0, ReplicaState.Succeeded, 0, T0, T0.AddSeconds(5), null)], T0.AddSeconds(5), Ct);

        var done = await f.JobAsync(job, Ct);
        done.State.ShouldBe("succeeded");
        done.ExitCode.ShouldBe(0);
        (await f.Store.ListEventsAsync(job, Ct)).Select(e => e.Type).ShouldBe(["submitted", "scheduled", "running", "succeeded"]);
    }

    [Fact]
    public async Task ApplyReportsAsync_ReportFromAnotherNode_IsIgnored()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);
        var job = await f.SubmitAsync(Ct);
        var attempt = await f.DispatchAsync(job, 1, Ct);

        var transitions = await f.Store.ApplyReportsAsync("s/intruder", [new ReplicaUpdate(attempt, 0, ReplicaState.Succeeded, 0, T0, T0, null)], T0, Ct);

        transitions.ShouldBeEmpty();
        (await f.JobAsync(job, Ct)).State.ShouldBe("scheduled");
    }

    [Fact]
    public async Task ApplyReportsAsync_LateReportFromALostNode_ChangesNothing()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);
        var job = await f.SubmitAsync(Ct);
        var attempt = await f.DispatchAsync(job, 1, Ct);
        await f.Store.MarkNodeLostAsync("s/n0", "node s/n0 stopped leasing", T0, Ct);

        var transitions = await f.Store.ApplyReportsAsync("s/n0", [new ReplicaUpdate(attempt, 0, ReplicaState.Succeeded, 0, T0, T0, null)], T0, Ct);

        transitions.ShouldBeEmpty();
        var requeued = await f.JobAsync(job, Ct);
        requeued.State.ShouldBe("pending");
        requeued.Failures.ShouldBe(0);
        requeued.Reason!.ShouldContain("requeued");
        requeued.NotBefore.ShouldBeNull();
    }

    [Fact]
    public async Task ApplyReportsAsync_LostAgainAndAgain_BacksOffFromTheThirdLossWithoutUsingRetries()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);
        var job = await f.SubmitAsync(Ct);
        for (var i = 1; i <= 3; i++)
        {
            var attempt = await f.DispatchAsync(job, 1, Ct);
            var at = T0.AddSeconds(i);
            await f.Store.ApplyReportsAsync("s/n0", [new ReplicaUpdate(attempt, 0, ReplicaState.Lost, null, at, at, "Slurm node failure")], at, Ct);
            var requeued = await f.JobAsync(job, Ct);
            requeued.State.ShouldBe("pending");
            requeued.Failures.ShouldBe(0);
            if (i < 3)
            {
                requeued.NotBefore.ShouldBeNull($"loss {i} is requeued at once");
            }
            else
            {
                requeued.NotBefore.ShouldBe(Time.ToMs(at.AddSeconds(10)));
                requeued.Reason!.ShouldStartWith("requeued in 10 s: ");
                requeued.Reason!.ShouldContain("lost 3 times in 10 minutes");
            }
        }
    }

    [Fact]
    public async Task ApplyReportsAsync_FailureWithRetriesLeft_RequeuesAndCountsIt()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);
        var job = await f.SubmitAsync(Ct, retries: 1);
        var first = await f.DispatchAsync(job, 1, Ct);

        await f.Store.ApplyReportsAsync("s/n0", [new ReplicaUpdate(first, 0, ReplicaState.Failed, 3, T0, T0, null)], T0, Ct);
        var backingOff = await f.JobAsync(job, Ct);
        backingOff.State.ShouldBe("pending");
        backingOff.NotBefore.ShouldBe(Time.ToMs(T0.AddSeconds(10)));
        backingOff.Reason!.ShouldStartWith("retrying in 10 s");
        var second = await f.DispatchAsync(job, 1, Ct);
        await f.Store.ApplyReportsAsync("s/n0", [new ReplicaUpdate(second, 0, ReplicaState.Failed, 3, T0, T0, null)], T0, Ct);

        var failed = await f.JobAsync(job, Ct);
        failed.State.ShouldBe("failed");
        failed.ExitCode.ShouldBe(3);
        failed.Attempts.ShouldBe(2);
        failed.Reason!.ShouldContain("exited with code 3");
    }

    [Fact]
    public async Task ApplyReportsAsync_OneGangReplicaFails_StopsTheOthersThenFails()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);
        var job = await f.SubmitAsync(Ct, replicas: 2);
        var attempt = await f.DispatchAsync(job, 2, Ct);
        await f.Store.ApplyReportsAsync("s/n0", [new ReplicaUpdate(attempt, 0, ReplicaState.Running, null, T0, null, null)], T0, Ct);
        await f.Store.ApplyReportsAsync("s/n1", [new ReplicaUpdate(attempt, 1, ReplicaState.Running, null, T0, null, null)], T0, Ct);

        await f.Store.ApplyReportsAsync("s/n0", [new ReplicaUpdate(attempt, 0, ReplicaState.Failed, 1, T0, T0, null)], T0, Ct);
        var live = await f.Store.ListLiveReplicasAsync("s/n1", Ct);
        live.ShouldHaveSingleItem().AttemptState.ShouldBe("stopping");
        await f.Store.ApplyReportsAsync("s/n1", [new ReplicaUpdate(attempt, 1, ReplicaState.Stopped, 143, T0, T0, null)], T0, Ct);

        (await f.JobAsync(job, Ct)).State.ShouldBe("failed");
        (await f.Store.ListLiveReplicasAsync(null, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task CancelJobAsync_Pending_CancelsAtOnce()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);
        var job = await f.SubmitAsync(Ct);

        var (after, _) = await f.Store.CancelJobAsync(job, T0, Ct);

        after!.State.ShouldBe("cancelled");
        (await f.Store.CommitCycleAsync([new NewAttempt(job, "s", "", [new NewReplica("s/n0", [], 1, 1, new Dictionary<string, long>())])], [], T0, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task CancelJobAsync_Running_StopsThenCancelsWhenTheAgentReports()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);
        var job = await f.SubmitAsync(Ct);
        var attempt = await f.DispatchAsync(job, 1, Ct);
        await f.Store.ApplyReportsAsync("s/n0", [new ReplicaUpdate(attempt, 0, ReplicaState.Running, null, T0, null, null)], T0, Ct);

        var (after, _) = await f.Store.CancelJobAsync(job, T0, Ct);
        after!.State.ShouldBe("cancelling");
        await f.Store.ApplyReportsAsync("s/n0", [new ReplicaUpdate(attempt, 0, ReplicaState.Stopped, 143, T0, T0, null)], T0, Ct);

        (await f.JobAsync(job, Ct)).State.ShouldBe("cancelled");
    }

    [Fact]
    public async Task AppendLogsAsync_RepeatedAndOutOfOrderChunks_StoreEachByteOnce()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);
        var job = await f.SubmitAsync(Ct);
        var attempt = await f.DispatchAsync(job, 1, Ct);

        await f.Store.AppendLogsAsync("s/n0", [new LogWrite(attempt, 0, 0, 6, "hello\n")], Ct);
        await f.Store.AppendLogsAsync("s/n0", [new LogWrite(attempt, 0, 0, 6, "hello\n")], Ct); // resent after a lost reply
        var acks = await f.Store.AppendLogsAsync("s/n0", [new LogWrite(attempt, 0, 12, 3, "zz\n"), new LogWrite(attempt, 0, 6, 6, "world\n")], Ct);

        acks.ShouldHaveSingleItem().NextOffset.ShouldBe(15);
        string.Concat((await f.Store.ReadLogsAsync(job, 0, 100, Ct)).Select(l => l.Data)).ShouldBe("hello\nworld\nzz\n");
    }

    [Fact]
    public async Task AppendLogsAsync_FromANodeThatDoesNotRunTheReplica_IsDropped()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);
        var job = await f.SubmitAsync(Ct);
        var attempt = await f.DispatchAsync(job, 1, Ct);

        await f.Store.AppendLogsAsync("other/n9", [new LogWrite(attempt, 0, 0, 5, "evil\n")], Ct);

        (await f.Store.ReadLogsAsync(job, 0, 100, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task CommitCycleAsync_SameReasonTwice_WritesOneEvent()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);
        var job = await f.SubmitAsync(Ct);

        await f.Store.CommitCycleAsync([], [(job, "waiting for resources")], T0, Ct);
        await f.Store.CommitCycleAsync([], [(job, "waiting for resources")], T0, Ct);

        (await f.Store.ListEventsAsync(job, Ct)).Count(e => e.Type == "waiting").ShouldBe(1);
        (await f.JobAsync(job, Ct)).Reason.ShouldBe("waiting for resources");
    }

    [Fact]
    public async Task SetDrainAsync_NodeAndSite_AreListedUntilUndrained()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);
        await f.Store.AddSiteAsync(new SiteRecord { Name = "s", Kind = "process", CreatedAt = 0 }, new TokenRecord { Hash = "h", Role = "site", Subject = "s" }, Ct);
        await f.Store.UpsertNodeAsync(new NodeRecord { Id = "s/n0", Site = "s", Name = "n0", Inventory = "{}", UpdatedAt = 0 }, Ct);

        (await f.Store.SetDrainAsync("s", "s/n0", T0.AddMinutes(5), Ct)).ShouldBeTrue();
        (await f.Store.SetDrainAsync("s", null, T0, Ct)).ShouldBeTrue();
        (await f.Store.SetDrainAsync("s", "s/ghost", T0, Ct)).ShouldBeFalse();
        var drains = await f.Store.ListDrainsAsync(Ct);

        drains.Nodes["s/n0"].ShouldBe(Time.ToMs(T0.AddMinutes(5)));
        drains.Sites["s"].ShouldBe(Time.ToMs(T0));
        await f.Store.SetDrainAsync("s", "s/n0", null, Ct);
        (await f.Store.ListDrainsAsync(Ct)).Nodes.ShouldBeEmpty();
    }

    [Fact]
    public async Task GetJobHistoryAsync_ReturnsTheJobWithItsAttemptsReplicasAndEvents_OrNull()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);
        var job = await f.SubmitAsync(Ct, replicas: 2);
        var attempt = await f.DispatchAsync(job, 2, Ct);

        var history = await f.Store.GetJobHistoryAsync(job, Ct);

        history!.Job.State.ShouldBe("scheduled");
        history.Job.Attempts.ShouldBe(history.Attempts.Count);
        history.Attempts.ShouldHaveSingleItem().Id.ShouldBe(attempt);
        history.Replicas.Select(r => r.DeviceIndices.Single()).ShouldBe([0, 1]);
        history.Events.Select(e => e.Type).ShouldBe(["submitted", "scheduled"]);
        (await f.Store.GetJobHistoryAsync(job + 1000, Ct)).ShouldBeNull();
    }
}

/// <summary>The suite on a SQLite file.</summary>
public sealed class SqliteSqlStateStoreTests : SqlStateStoreTests
{
    protected override StoreBackend Backend => StoreBackend.Sqlite.Instance;
}

/// <summary>The same suite on PostgreSQL.</summary>
[Collection(PostgresGroup.Name)]
[Trait("Category", "Postgres")]
public sealed class PostgresSqlStateStoreTests(PostgresServerFixture postgres) : SqlStateStoreTests
{
    protected override StoreBackend Backend => postgres.Backend;
}
