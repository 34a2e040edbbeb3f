using OnePool.Core.Jobs;
using OnePool.Store.Records;
using Shouldly;
using Xunit;

namespace OnePool.Store.Tests.Sql;

public abstract class SqlStateStorePolicyTests
{
    /// <summary>The backend this run of the suite uses.</summary>
    protected abstract StoreBackend Backend { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset T0 = StoreFixture.T0;

    [Fact]
    public async Task ListTenantsAsync_NewTenant_HasTheDefaultPolicy()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);

        var tenant = (await f.Store.ListTenantsAsync(Ct)).ShouldHaveSingleItem();

        (tenant.Nominal, tenant.BorrowingLimit, tenant.Cohort, tenant.Weight).ShouldBe(("{}", "{}", (string?)null, 1.0));
    }

    [Fact]
    public async Task UpdateTenantPolicyAsync_ThenList_RoundTrips()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);

        var updated = await f.Store.UpdateTenantPolicyAsync(new TenantRecord
        {
            Name = "t1", Nominal = """{"A100-80G":8,"cpu":64}""", BorrowingLimit = """{"A100-80G":4}""", Cohort = "research", Weight = 2.5,
        }, Ct);

        updated.ShouldBeTrue();
        var tenant = (await f.Store.ListTenantsAsync(Ct)).ShouldHaveSingleItem();
        (tenant.Nominal, tenant.BorrowingLimit, tenant.Cohort, tenant.Weight)
            .ShouldBe(("""{"A100-80G":8,"cpu":64}""", """{"A100-80G":4}""", "research", 2.5));
        tenant.CreatedAt.ShouldBe(0);
    }

    [Fact]
    public async Task UpdateTenantPolicyAsync_UnknownTenant_ReturnsFalse()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);

        (await f.Store.UpdateTenantPolicyAsync(new TenantRecord { Name = "nobody" }, Ct)).ShouldBeFalse();
    }

    [Fact]
    public async Task UpdateSiteSettingsAsync_ThenList_RoundTrips()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);
        await f.Store.AddSiteAsync(new SiteRecord { Name = "hpc", Kind = "slurm", CreatedAt = 5 }, new TokenRecord { Hash = "h", Role = "site", Subject = "hpc" }, Ct);
        var fresh = (await f.Store.ListSitesAsync(Ct)).ShouldHaveSingleItem();
        (fresh.Prices, fresh.Draining, fresh.Datasets, fresh.IngressMibPerS, fresh.Throughput).ShouldBe(("{}", 0L, "[]", 1000.0, "{}"));

        var updated = await f.Store.UpdateSiteSettingsAsync(new SiteRecord
        {
            Name = "hpc", Labels = """{"zone":"eu"}""", Prices = """{"A100-80G":2.1}""", Draining = 1, Datasets = """["imagenet"]""",
            IngressMibPerS = 250.5, Throughput = """{"A100-80G":1.2}""",
        }, Ct);

        updated.ShouldBeTrue();
        var site = (await f.Store.ListSitesAsync(Ct)).ShouldHaveSingleItem();
        (site.Kind, site.Labels, site.Prices, site.Draining, site.Datasets, site.IngressMibPerS, site.Throughput)
            .ShouldBe(("slurm", """{"zone":"eu"}""", """{"A100-80G":2.1}""", 1L, """["imagenet"]""", 250.5, """{"A100-80G":1.2}"""));
        (await f.Store.UpdateSiteSettingsAsync(new SiteRecord { Name = "nowhere" }, Ct)).ShouldBeFalse();
    }

    [Fact]
    public async Task ListLiveAttemptsAsync_DispatchedAndEnded_ListsOnlyTheLiveOneWithItsJob()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);
        var done = await f.SubmitAsync(Ct);
        var doneAttempt = await f.DispatchAsync(done, 1, Ct);
        await f.Store.ApplyReportsAsync("s/n0", [new ReplicaUpdate(doneAttempt, 0, ReplicaState.Succeeded, 0, T0, T0, null)], T0, Ct);
        var live = await f.SubmitAsync(Ct, replicas: 2);
        var liveAttempt = await f.DispatchAsync(live, 2, Ct);

        var attempt = (await f.Store.ListLiveAttemptsAsync(Ct)).ShouldHaveSingleItem();

        (attempt.AttemptId, attempt.JobId, attempt.Tenant, attempt.State, attempt.Site, attempt.CreatedAt, attempt.StopCause)
            .ShouldBe((liveAttempt, live, "t1", "dispatched", "s", Time.ToMs(T0), (string?)null));
        attempt.Spec.ShouldContain("\"replicas\":2");
    }

    [Fact]
    public async Task ListAcceleratorUsageAsync_FinishedBeforeTheWindow_IsLeftOut()
    {
        await using var f = await StoreFixture.CreateAsync(Backend, Ct);
        var old = await f.SubmitAsync(Ct);
        var oldAttempt = await f.DispatchAsync(old, 1, Ct, accelerator: "T4:1");
        await f.Store.ApplyReportsAsync("s/n0", [new ReplicaUpdate(oldAttempt, 0, ReplicaState.Succeeded, 0, T0, T0, null)], T0, Ct);
        var cpuOnly = await f.SubmitAsync(Ct);
        await f.DispatchAsync(cpuOnly, 1, Ct);
        var gang = await f.SubmitAsync(Ct, replicas: 2);
        var gangAttempt = await f.DispatchAsync(gang, 2, Ct, accelerator: "A100-80G:8");

        var usage = await f.Store.ListAcceleratorUsageAsync(T0.AddMinutes(1), Ct);

        var row = usage.ShouldHaveSingleItem();
        (row.AttemptId, row.Tenant, row.Accelerator, row.Replicas, row.FinishedAt).ShouldBe((gangAttempt, "t1", "A100-80G:8", 2L, (long?)null));
        (await f.Store.ListAcceleratorUsageAsync(T0, Ct)).Count.ShouldBe(2);
    }
}

/// <summary>The suite on a SQLite file.</summary>
public sealed class SqliteSqlStateStorePolicyTests : SqlStateStorePolicyTests
{
    protected override StoreBackend Backend => StoreBackend.Sqlite.Instance;
}

/// <summary>The same suite on PostgreSQL.</summary>
[Collection(PostgresGroup.Name)]
[Trait("Category", "Postgres")]
public sealed class PostgresSqlStateStorePolicyTests(PostgresServerFixture postgres) : SqlStateStorePolicyTests
{
    protected override StoreBackend Backend => postgres.Backend;
}
