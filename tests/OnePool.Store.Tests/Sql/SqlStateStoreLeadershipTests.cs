using OnePool.Store.Records;
using Shouldly;
using Xunit;

namespace OnePool.Store.Tests.Sql;

/// <summary>Leader election among broker replicas and the fence on the leader's writes (docs/ha.md).</summary>
public abstract class SqlStateStoreLeadershipTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(8);
    private static readonly DateTimeOffset T0 = StoreFixture.T0;

    /// <summary>The backend this run of the suite uses.</summary>
    protected abstract StoreBackend Backend { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ElectAsync_FirstReplica_LeadsInTermOneAndTheSecondWaits()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);

        var first = await f.Store.ElectAsync("a", "http://a:1", Lease, T0, Ct);
        var second = await f.Store.ElectAsync("b", "http://b:1", Lease, T0.AddSeconds(7), Ct);

        (first.Holder, first.Term, first.ExpiresAt).ShouldBe(("a", 1L, T0 + Lease));
        (second.Holder, second.Term, second.Url).ShouldBe(("a", 1L, "http://a:1"));
        var (leader, replicas) = await f.Store.GetLeadershipAsync(Ct);
        leader!.Holder.ShouldBe("a");
        replicas.Select(r => (r.Id, r.Url)).ShouldBe([("a", "http://a:1"), ("b", "http://b:1")]);
    }

    [Fact]
    public async Task ElectAsync_LeaseRunsOut_StandbyTakesOverInTheNextTerm()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);
        await f.Store.ElectAsync("a", "http://a:1", Lease, T0, Ct);

        var takeover = await f.Store.ElectAsync("b", "http://b:1", Lease, T0 + Lease, Ct);
        var late = await f.Store.ElectAsync("a", "http://a:1", Lease, T0 + Lease + TimeSpan.FromSeconds(1), Ct);

        (takeover.Holder, takeover.Term, takeover.AcquiredAt).ShouldBe(("b", 2L, T0 + Lease));
        (late.Holder, late.Term).ShouldBe(("b", 2L)); // the old leader comes back as a standby
    }

    [Fact]
    public async Task ElectAsync_HolderAfterItsLeaseLapsedUnclaimed_RenewsInTheSameTerm()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);
        await f.Store.ElectAsync("a", "http://a:1", Lease, T0, Ct);

        var renewed = await f.Store.ElectAsync("a", "http://a:1", Lease, T0 + (Lease * 3), Ct);

        (renewed.Holder, renewed.Term, renewed.ExpiresAt).ShouldBe(("a", 1L, T0 + (Lease * 4)));
    }

    [Fact]
    public async Task ElectAsync_SameUrlAsTheHolder_TakesOverAtOnce()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);
        await f.Store.ElectAsync("a-old-process", "http://a:1", Lease, T0, Ct);

        var restarted = await f.Store.ElectAsync("a-new-process", "http://a:1", Lease, T0.AddSeconds(1), Ct);

        (restarted.Holder, restarted.Term).ShouldBe(("a-new-process", 2L));
    }

    [Fact]
    public async Task CommitCycleAsync_DeposedLeader_IsRefusedAndWritesNothing()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);
        var job = await f.SubmitAsync(Ct);
        var a = await f.Store.ElectAsync("a", "http://a:1", Lease, T0, Ct);
        var b = await f.Store.ElectAsync("b", "http://b:1", Lease, T0 + Lease, Ct);
        var attempt = new NewAttempt(job, "s", "", [new NewReplica("s/n0", [], 1000, 1024, new Dictionary<string, long>())]);

        var refused = await Should.ThrowAsync<LeadershipLostException>(() =>
            f.Store.CommitCycleAsync([attempt], [(job, "why")], [], T0 + Lease + TimeSpan.FromSeconds(1), Ct, new LeaderFence("a", a.Term)));

        refused.Message.ShouldContain("http://b:1 leads in term 2");
        (await f.JobAsync(job, Ct)).ShouldSatisfyAllConditions(j => j.State.ShouldBe("pending"), j => j.Reason.ShouldBeNull());
        (await f.Store.GetAttemptsAsync(job, Ct)).Attempts.ShouldBeEmpty();

        var created = await f.Store.CommitCycleAsync([attempt], [], [], T0 + Lease + TimeSpan.FromSeconds(1), Ct, new LeaderFence("b", b.Term));
        created.Created.ShouldHaveSingleItem();
        (await f.Store.GetAttemptsAsync(job, Ct)).Attempts.ShouldHaveSingleItem().Term.ShouldBe(2L);
    }

    [Fact]
    public async Task CommitCycleAsync_LeaderPastItsLease_IsRefusedEvenBeforeAnyTakeover()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);
        var job = await f.SubmitAsync(Ct);
        var a = await f.Store.ElectAsync("a", "http://a:1", Lease, T0, Ct);

        var refused = await Should.ThrowAsync<LeadershipLostException>(() =>
            f.Store.CommitCycleAsync([], [(job, "why")], [], T0 + Lease, Ct, new LeaderFence("a", a.Term)));

        refused.Message.ShouldContain("lease of term 1 ran out");
        (await f.JobAsync(job, Ct)).Reason.ShouldBeNull();
    }

    [Fact]
    public async Task MarkNodeLostAsync_DeposedLeader_IsRefusedAndTheReplicaStaysLive()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);
        var job = await f.SubmitAsync(Ct);
        await f.DispatchAsync(job, 1, Ct);
        await f.Store.ElectAsync("a", "http://a:1", Lease, T0, Ct);
        await f.Store.ElectAsync("b", "http://b:1", Lease, T0 + Lease, Ct);

        await Should.ThrowAsync<LeadershipLostException>(() =>
            f.Store.MarkNodeLostAsync("s/n0", "silent", T0 + Lease, Ct, new LeaderFence("a", 1)));

        (await f.Store.ListLiveReplicasAsync("s/n0", Ct)).ShouldHaveSingleItem().State.ShouldBe("assigned");
    }

    [Fact]
    public async Task ResignAsync_Leader_LetsAStandbyTakeOverAtOnce()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);
        await f.Store.ElectAsync("a", "http://a:1", Lease, T0, Ct);

        await f.Store.ResignAsync("a", T0.AddSeconds(1), Ct);
        var next = await f.Store.ElectAsync("b", "http://b:1", Lease, T0.AddSeconds(1), Ct);

        (next.Holder, next.Term).ShouldBe(("b", 2L));
        (await f.Store.GetLeadershipAsync(Ct)).Replicas.Select(r => r.Id).ShouldBe(["b"]);
    }
}

/// <summary>The suite on a SQLite file.</summary>
public sealed class SqliteSqlStateStoreLeadershipTests : SqlStateStoreLeadershipTests
{
    protected override StoreBackend Backend => StoreBackend.Sqlite.Instance;
}

/// <summary>The same suite on PostgreSQL.</summary>
[Collection(PostgresGroup.Name)]
[Trait("Category", "Postgres")]
public sealed class PostgresSqlStateStoreLeadershipTests(PostgresServerFixture postgres) : SqlStateStoreLeadershipTests
{
    protected override StoreBackend Backend => postgres.Backend;
}
