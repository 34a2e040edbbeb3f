using OnePool.Core.Jobs;
using OnePool.Store.Records;
using Shouldly;
using Xunit;

namespace OnePool.Store.Tests.Sql;

public abstract class SqlStateStorePreemptionTests
{
    /// <summary>The backend this run of the suite uses.</summary>
    protected abstract StoreBackend Backend { get; }

    private const string Why = "preempted by job 9 (priority 10 over 0)";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset T0 = StoreFixture.T0;

    [Fact]
    public async Task CommitCycleAsync_Preemption_StopsTheVictimWithAnEvent()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);
        var (job, attempt) = await RunningAsync(f, replicas: 1, retries: 1);

        var outcome = await f.Store.CommitCycleAsync([], [], [new NewPreemption(attempt, job, Why)], T0, Ct);

        outcome.Preempted.ShouldBe([attempt]);
        (await f.Store.ListLiveReplicasAsync("s/n0", Ct)).ShouldHaveSingleItem().AttemptState.ShouldBe("stopping");
        var live = (await f.Store.ListLiveAttemptsAsync(Ct)).ShouldHaveSingleItem();
        (live.State, live.StopCause).ShouldBe(("stopping", "preempt"));
        (await f.Store.ListEventsAsync(job, Ct))[^1].ShouldSatisfyAllConditions(
            e => e.Type.ShouldBe("preempted"), e => e.Message.ShouldBe(Why));
        (await f.JobAsync(job, Ct)).State.ShouldBe("running");
    }

    [Fact]
    public async Task ApplyReportsAsync_PreemptedReplicaStopped_RequeuesWithoutUsingARetry()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);
        var (job, attempt) = await RunningAsync(f, replicas: 1, retries: 1);
        await f.Store.CommitCycleAsync([], [], [new NewPreemption(attempt, job, Why)], T0, Ct);

        var transitions = await f.Store.ApplyReportsAsync("s/n0", [new ReplicaUpdate(attempt, 0, ReplicaState.Stopped, 143, T0, T0.AddSeconds(3), null)], T0.AddSeconds(3), Ct);

        transitions.ShouldContain(t => t.AttemptState == AttemptState.Preempted);
        var requeued = await f.JobAsync(job, Ct);
        (requeued.State, requeued.Failures, requeued.Reason).ShouldBe(("pending", 0L, $"requeued: {Why}"));
        var (attempts, _) = await f.Store.GetAttemptsAsync(job, Ct);
        (attempts.Single().State, attempts.Single().Reason).ShouldBe(("preempted", Why));
        (await f.Store.ListEventsAsync(job, Ct)).Select(e => e.Type).ShouldBe(["submitted", "scheduled", "running", "preempted", "requeued"]);
        (await f.Store.ListLiveReplicasAsync(null, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ApplyReportsAsync_PreemptedGangHalfStopped_StaysStoppingUntilAllStop()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);
        var (job, attempt) = await RunningAsync(f, replicas: 2, retries: 0);
        await f.Store.CommitCycleAsync([], [], [new NewPreemption(attempt, job, Why)], T0, Ct);

        await f.Store.ApplyReportsAsync("s/n0", [new ReplicaUpdate(attempt, 0, ReplicaState.Stopped, 143, T0, T0, null)], T0, Ct);
        (await f.Store.ListLiveAttemptsAsync(Ct)).ShouldHaveSingleItem().State.ShouldBe("stopping");
        await f.Store.ApplyReportsAsync("s/n1", [new ReplicaUpdate(attempt, 1, ReplicaState.Stopped, 137, T0, T0, null)], T0, Ct);

        (await f.JobAsync(job, Ct)).ShouldSatisfyAllConditions(j => j.State.ShouldBe("pending"), j => j.Failures.ShouldBe(0));
        (await f.Store.GetAttemptsAsync(job, Ct)).Attempts.Single().State.ShouldBe("preempted");
    }

    [Fact]
    public async Task CancelJobAsync_WhilePreempting_CancelWins()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);
        var (job, attempt) = await RunningAsync(f, replicas: 1, retries: 0);
        await f.Store.CommitCycleAsync([], [], [new NewPreemption(attempt, job, Why)], T0, Ct);

        var (cancelling, _) = await f.Store.CancelJobAsync(job, T0, Ct);
        cancelling!.State.ShouldBe("cancelling");
        await f.Store.ApplyReportsAsync("s/n0", [new ReplicaUpdate(attempt, 0, ReplicaState.Stopped, 143, T0, T0, null)], T0, Ct);

        (await f.JobAsync(job, Ct)).State.ShouldBe("cancelled");
        (await f.Store.GetAttemptsAsync(job, Ct)).Attempts.Single().State.ShouldBe("cancelled");
    }

    [Fact]
    public async Task CommitCycleAsync_VictimEndedSinceTheSnapshot_IsSkipped()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);
        var (job, attempt) = await RunningAsync(f, replicas: 1, retries: 0);
        await f.Store.ApplyReportsAsync("s/n0", [new ReplicaUpdate(attempt, 0, ReplicaState.Succeeded, 0, T0, T0, null)], T0, Ct);

        var outcome = await f.Store.CommitCycleAsync([], [], [new NewPreemption(attempt, job, Why)], T0, Ct);

        outcome.Preempted.ShouldBeEmpty();
        (await f.JobAsync(job, Ct)).State.ShouldBe("succeeded");
        (await f.Store.ListEventsAsync(job, Ct)).ShouldNotContain(e => e.Type == "preempted");
    }

    [Fact]
    public async Task CommitCycleAsync_PreemptionAndPlacement_CommitTogether()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);
        var (victim, attempt) = await RunningAsync(f, replicas: 1, retries: 0);
        var other = await f.SubmitAsync(Ct);

        var outcome = await f.Store.CommitCycleAsync(
            [new NewAttempt(other, "s", "", [new NewReplica("s/n5", [], 1, 1, new Dictionary<string, long>())])], [],
            [new NewPreemption(attempt, victim, Why)], T0, Ct);

        (outcome.Created.Count, outcome.Preempted.Count).ShouldBe((1, 1));
        (await f.JobAsync(other, Ct)).State.ShouldBe("scheduled");
    }

    private static async Task<(long Job, long Attempt)> RunningAsync(StoreFixture f, int replicas, int retries)
    {
        var job = await f.SubmitAsync(Ct, replicas: replicas, retries: retries);
        var attempt = await f.DispatchAsync(job, replicas, Ct);
        for (var i = 0; i < replicas; i++)
        {
            await f.Store.ApplyReportsAsync($"s/n{i}", [new ReplicaUpdate(attempt, i, ReplicaState.Running, null, T0, null, null)], T0, Ct);
        }

        (await f.JobAsync(job, Ct)).State.ShouldBe("running");
        return (job, attempt);
    }
}

/// <summary>The suite on a SQLite file.</summary>
public sealed class SqliteSqlStateStorePreemptionTests : SqlStateStorePreemptionTests
{
    protected override StoreBackend Backend => StoreBackend.Sqlite.Instance;
}

/// <summary>The same suite on PostgreSQL.</summary>
[Collection(PostgresGroup.Name)]
[Trait("Category", "Postgres")]
public sealed class PostgresSqlStateStorePreemptionTests(PostgresServerFixture postgres) : SqlStateStorePreemptionTests
{
    protected override StoreBackend Backend => postgres.Backend;
}
