using OnePool.Scheduler.Snapshot;
using OnePool.Scheduler.Tests.Builders;
using Shouldly;
using Xunit;

namespace OnePool.Scheduler.Tests.Quotas;

public sealed class QuotaTests
{
    [Fact]
    public void Schedule_TenantAtNominalWithoutCohort_WaitsNamingTheQuota()
    {
        var pool = new PoolBuilder().Nodes("a", 2, "A100-80G", 8)
            .Tenant(new TenantPolicy("vision") { Nominal = Quota(("A100-80G", 8)) })
            .Pending(Job("vision", 8), Job("vision", 8)).Build();

        var result = new PoolScheduler().Schedule(pool);

        result.Placements.Count.ShouldBe(1);
        result.Waiting.ShouldHaveSingleItem().Reason.ShouldBe("tenant vision is at quota for A100-80G (8/8, needs 8)");
    }

    [Fact]
    public void Schedule_IdleCohortQuota_IsBorrowedAndMarked()
    {
        var pool = new PoolBuilder().Nodes("a", 2, "A100-80G", 8)
            .Tenant(new TenantPolicy("vision") { Nominal = Quota(("A100-80G", 8)), Cohort = "research" })
            .Tenant(new TenantPolicy("nlp") { Nominal = Quota(("A100-80G", 8)), Cohort = "research" })
            .Pending(Job("vision", 8), Job("vision", 8)).Build();

        var result = new PoolScheduler().Schedule(pool);

        result.Placements.Count.ShouldBe(2);
        result.Placements.Count(p => p.Borrowing).ShouldBe(1);
    }

    [Fact]
    public void Schedule_SeveralBorrowersInOneCycle_LendTheCohortsIdleQuotaOnce()
    {
        // The book keeps each cohort's sums between checks: a placement must make the next check see less idle.
        var pool = new PoolBuilder().Nodes("a", 4, "A100-80G", 8)
            .Tenant(new TenantPolicy("vision") { Nominal = Quota(("A100-80G", 8)), Cohort = "research" })
            .Tenant(new TenantPolicy("speech") { Nominal = Quota(("A100-80G", 8)), Cohort = "research" })
            .Tenant(new TenantPolicy("nlp") { Nominal = Quota(("A100-80G", 8)), Cohort = "research" })
            .Pending(Job("vision", 8), Job("vision", 8), Job("speech", 8), Job("speech", 8)).Build();

        var result = new PoolScheduler().Schedule(pool);

        // 24 nominal in the cohort: each tenant its own 8, and nlp's idle 8 lent to one of them only.
        result.Placements.Count.ShouldBe(3);
        result.Placements.Count(p => p.Borrowing).ShouldBe(1);
        result.Waiting.ShouldHaveSingleItem().Reason.ShouldContain("cohort research has 0 idle to lend");
    }

    [Fact]
    public void Schedule_BorrowingLimit_CapsTheBorrowing()
    {
        var pool = new PoolBuilder().Nodes("a", 4, "A100-80G", 8)
            .Tenant(new TenantPolicy("vision") { Nominal = Quota(("A100-80G", 8)), Cohort = "research", BorrowingLimit = Quota(("A100-80G", 8)) })
            .Tenant(new TenantPolicy("nlp") { Nominal = Quota(("A100-80G", 24)), Cohort = "research" })
            .Pending(Job("vision", 8), Job("vision", 8), Job("vision", 8)).Build();

        var result = new PoolScheduler().Schedule(pool);

        result.Placements.Count.ShouldBe(2);
        result.Waiting.ShouldHaveSingleItem().Reason.ShouldContain("borrowing limit is 8");
    }

    [Fact]
    public void Schedule_CohortHasNothingIdle_WaitsSayingSo()
    {
        var nlpJob = Job("nlp", 8);
        var pool = new PoolBuilder().Nodes("a", 3, "A100-80G", 8)
            .Tenant(new TenantPolicy("vision") { Nominal = Quota(("A100-80G", 8)), Cohort = "research" })
            .Tenant(new TenantPolicy("nlp") { Nominal = Quota(("A100-80G", 8)), Cohort = "research" })
            .Running(nlpJob, "a", "A100-80G", 8, TimeSpan.FromMinutes(5), nodes: "a-1")
            .Pending(Job("vision", 8), Job("vision", 8)).Build();

        var result = new PoolScheduler().Schedule(pool);

        result.Placements.Count.ShouldBe(1);
        result.Waiting.ShouldHaveSingleItem().Reason.ShouldContain("cohort research has 0 idle to lend");
    }

    [Fact]
    public void Schedule_PreemptibleJob_RunsOutsideQuota()
    {
        var pool = new PoolBuilder().Nodes("a", 2, "A100-80G", 8)
            .Tenant(new TenantPolicy("vision") { Nominal = Quota(("A100-80G", 8)) })
            .Pending(Job("vision", 8), new JobBuilder().ForTenant("vision").WithGpus("A100-80G:8").Preemptible().Build()).Build();

        new PoolScheduler().Schedule(pool).Placements.Count.ShouldBe(2);
    }

    [Fact]
    public void Schedule_QuotasOff_IgnoresThem()
    {
        var pool = new PoolBuilder().Nodes("a", 2, "A100-80G", 8)
            .Tenant(new TenantPolicy("vision") { Nominal = Quota(("A100-80G", 8)) })
            .Pending(Job("vision", 8), Job("vision", 8)).Build();

        new PoolScheduler(new SchedulerOptions { Quotas = false }).Schedule(pool).Placements.Count.ShouldBe(2);
    }

    internal static Dictionary<string, double> Quota(params (string Resource, double Amount)[] quota) =>
        quota.ToDictionary(q => q.Resource, q => q.Amount, StringComparer.OrdinalIgnoreCase);

    private static PendingJob Job(string tenant, int gpus) => new JobBuilder().ForTenant(tenant).WithGpus($"A100-80G:{gpus}").Build();
}
