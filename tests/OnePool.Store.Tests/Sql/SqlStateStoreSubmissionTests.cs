using OnePool.Store.Records;
using Shouldly;
using Xunit;

namespace OnePool.Store.Tests.Sql;

/// <summary>Group commit of submissions (SubmitJobsAsync): one transaction, results in order, idempotency kept.</summary>
public abstract class SqlStateStoreSubmissionTests
{
    /// <summary>The backend this run of the suite uses.</summary>
    protected abstract StoreBackend Backend { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SubmitJobsAsync_ABatchLargerThanOneStatement_ReturnsEachJobsOwnIdInOrder()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);
        var earlier = await f.Store.SubmitJobAsync(Job("before"), "key-before", Ct);
        var batch = Enumerable.Range(0, 600).Select(i => (Job($"job-{i}"), i % 3 == 0 ? $"key-{i}" : null)).ToList<(JobRecord, string?)>();
        batch.Add((Job("again"), "key-before"));   // submitted before this batch
        batch.Add((Job("twice"), "key-3"));        // earlier in this batch

        var results = await f.Store.SubmitJobsAsync(batch, Ct);

        results.Count.ShouldBe(602);
        for (var i = 0; i < 600; i++)
        {
            results[i].Duplicate.ShouldBeFalse();
            (await f.JobAsync(results[i].Id, Ct)).Name.ShouldBe($"job-{i}");
        }

        results[600].ShouldBe((earlier.Id, "pending", true));
        results[601].ShouldBe((results[3].Id, "pending", true));
        results.Take(600).Select(r => r.Id).Distinct().Count().ShouldBe(600);
        (await f.Store.ListEventsAsync(results[599].Id, Ct)).ShouldHaveSingleItem().Type.ShouldBe("submitted");
    }

    [Fact]
    public async Task CommitCycleAsync_ManyReasons_WritesOnlyTheChangedOnesWithAnEventEach()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);
        var ids = (await f.Store.SubmitJobsAsync(Enumerable.Range(0, 400).Select(i => (Job($"j{i}"), (string?)null)).ToList(), Ct)).Select(r => r.Id).ToList();
        await f.Store.CommitCycleAsync([], ids.Select(id => (id, "waiting for resources")).ToList(), StoreFixture.T0, Ct);

        await f.Store.CommitCycleAsync([], ids.Select((id, i) => (id, i % 2 == 0 ? "waiting for resources" : "tenant t1 is at quota")).ToList(), StoreFixture.T0, Ct);

        (await f.JobAsync(ids[0], Ct)).Reason.ShouldBe("waiting for resources");
        (await f.JobAsync(ids[1], Ct)).Reason.ShouldBe("tenant t1 is at quota");
        (await f.Store.ListEventsAsync(ids[0], Ct)).Select(e => e.Type).ShouldBe(["submitted", "waiting"]);
        (await f.Store.ListEventsAsync(ids[1], Ct)).Select(e => e.Message).ShouldBe(["submitted by tenant t1: 1 cpu", "waiting for resources", "tenant t1 is at quota"]);
    }

    [Fact]
    public async Task SubmitJobsAsync_SameKeyInTwoTenants_IsTwoJobsAndEachTenantFindsItsOwn()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);
        var first = await f.Store.SubmitJobAsync(Job("a"), "shared-key", Ct);

        var results = await f.Store.SubmitJobsAsync(
            [(Job("b", "t2"), "shared-key"), (Job("c"), "shared-key"), (Job("d", "t2"), "shared-key")], Ct);

        results[0].Duplicate.ShouldBeFalse();
        results[0].Id.ShouldNotBe(first.Id);
        (await f.JobAsync(results[0].Id, Ct)).Tenant.ShouldBe("t2");
        results[1].ShouldBe((first.Id, "pending", true));
        results[2].ShouldBe((results[0].Id, "pending", true));
    }

    [Fact]
    public async Task ListPendingJobsAsync_NotComplete_GivesThePendingJobsInOrderWithWhatTheSchedulerReads()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);
        var ids = (await f.Store.SubmitJobsAsync(
            Enumerable.Range(0, 3).Select(i => (Job($"j{i}", $"t{i}", 10 + i), (string?)null)).ToList(), Ct))
            .Select(r => r.Id).ToList();
        await f.Store.CommitCycleAsync([], [(ids[2], "waiting for 8 x H100")], StoreFixture.T0, Ct);
        await f.Store.CancelJobAsync(ids[1], StoreFixture.T0, Ct);

        var full = await f.Store.ListPendingJobsAsync(Ct);
        var slim = await f.Store.ListPendingJobsAsync(Ct, complete: false);

        full.Select(j => j.Id).ShouldBe([ids[0], ids[2]]);
        full[1].Spec.ShouldBe("""{"n":"j2"}""");
        full[1].Name.ShouldBe("j2");
        slim.Select(j => (j.Id, j.Tenant, j.State, j.Priority, j.SubmittedAt, j.Reason))
            .ShouldBe(full.Select(j => (j.Id, j.Tenant, j.State, j.Priority, j.SubmittedAt, j.Reason)));
        slim[1].Reason.ShouldBe("waiting for 8 x H100");
        slim[1].Priority.ShouldBe(12);
        slim.ShouldAllBe(j => j.Spec == "" && j.Name == "");
    }

    private static JobRecord Job(string name, string tenant = "t1", long priority = 0) =>
        new() { Tenant = tenant, Name = name, Priority = priority, Spec = $$"""{"n":"{{name}}"}""", Resources = "1 cpu", SubmittedAt = Time.ToMs(StoreFixture.T0) };
}

/// <summary>The suite on a SQLite file.</summary>
public sealed class SqliteSqlStateStoreSubmissionTests : SqlStateStoreSubmissionTests
{
    protected override StoreBackend Backend => StoreBackend.Sqlite.Instance;
}

/// <summary>The same suite on PostgreSQL.</summary>
[Collection(PostgresGroup.Name)]
[Trait("Category", "Postgres")]
public sealed class PostgresSqlStateStoreSubmissionTests(PostgresServerFixture postgres) : SqlStateStoreSubmissionTests
{
    protected override StoreBackend Backend => postgres.Backend;
}
