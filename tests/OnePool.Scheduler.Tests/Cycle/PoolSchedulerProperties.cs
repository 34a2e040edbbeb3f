using FsCheck;
using FsCheck.Xunit;
using OnePool.Scheduler.Decisions;
using OnePool.Scheduler.Snapshot;
using OnePool.Scheduler.Tests.Builders;
using Xunit;

namespace OnePool.Scheduler.Tests.Cycle;

/// <summary>
/// Random pools, tenants with quotas and cohorts, work already running (placed by the scheduler itself in a first
/// cycle) and a second wave of pending jobs. On the second cycle's decisions: no node over-committed in any dimension,
/// gangs whole and inside one site, labels, models and site constraints honoured, no tenant beyond nominal plus
/// what its cohort can lend (and its borrowing limit), and only preemptible, lower-priority or borrowed work preempted.
/// </summary>
public sealed class PoolSchedulerProperties
{
    private static readonly string[] Models = ["A100-80G", "H100", "T4"];

    [Property(MaxTest = 1000)]
    public bool Schedule_RandomPoolsAndWorkloads_KeepEveryInvariant(PositiveInt seed)
    {
        var (snapshot, decisions) = Generate(seed.Get);
        return Invariants.Hold(snapshot, decisions);
    }

    /// <summary>A ranking that cannot be cached (here: a dataset) is built for a try from the candidates plausible now
    /// only; the try must reach exactly the candidates, in exactly the order, that it reaches over the whole ranking.</summary>
    [Property(MaxTest = 300)]
    public bool RankForTry_UncachedRanking_TriesWhatTheWholeRankingTries(PositiveInt seed)
    {
        var (snapshot, _) = Generate(seed.Get);
        var state = new OnePool.Scheduler.Cycle.CycleState(snapshot);
        var ranker = new OnePool.Scheduler.Heterogeneity.CandidateRanker(state, new SchedulerOptions());
        foreach (var pending in snapshot.Pending)
        {
            var job = pending.Requirements with { Dataset = new OnePool.Core.Specs.DatasetNeed("imagenet", 1 + (pending.JobId * 7919 % 500_000)) };
            var whole = Tried(ranker, [.. ranker.Rank(job)], job);
            var forTry = ranker.RankForTry(pending with { Requirements = job }, out var complete);
            if (complete || !whole.SequenceEqual(Tried(ranker, [.. forTry], job)))
            {
                return false;
            }
        }

        return true;
    }

    private static List<(int Site, int Model)> Tried(OnePool.Scheduler.Heterogeneity.CandidateRanker ranker, List<OnePool.Scheduler.Heterogeneity.Candidate> ranked, OnePool.Core.Specs.JobRequirements job)
    {
        var tried = new List<(int Site, int Model)>();
        ranker.TryInOrder(ranked, job, ref tried, static (OnePool.Scheduler.Heterogeneity.Candidate c, ref List<(int Site, int Model)> t) =>
        {
            t.Add((c.Site.Index, c.Model));
            return false;
        });
        return tried;
    }

    /// <summary>Guards the property against a generator that never reaches the interesting paths.</summary>
    [Fact]
    public void Generator_CoversPlacementsPreemptionsBorrowingAndWaiting()
    {
        var runs = Enumerable.Range(1, 400).Select(Generate).ToList();

        var covered = new Dictionary<string, int>
        {
            ["placements"] = runs.Count(r => r.Decisions.Placements.Count > 0),
            ["preemptions"] = runs.Count(r => r.Decisions.Preemptions.Count > 0),
            ["borrowing"] = runs.Count(r => r.Decisions.Placements.Any(p => p.Borrowing)),
            ["at quota"] = runs.Count(r => r.Decisions.Waiting.Any(w => w.Reason.Contains("at quota", StringComparison.Ordinal))),
            ["gangs"] = runs.Count(r => r.Decisions.Placements.Any(p => p.Replicas.Count > 1)),
        };

        Assert.All(covered, c => Assert.True(c.Value > 0, $"no generated case reaches {c.Key}: {string.Join(", ", covered)}"));
    }

    private static (SchedulingSnapshot Snapshot, SchedulingDecisions Decisions) Generate(int seed)
    {
        var random = new Random(seed);
        var builder = new PoolBuilder();
        var nodeCount = random.Next(1, 12);
        for (var i = 0; i < nodeCount; i++)
        {
            var model = random.Next(5) == 0 ? null : Models[random.Next(Models.Length)];
            var labels = random.Next(3) == 0 ? new[] { ("disk", "nvme") } : [];
            builder.Node($"s{random.Next(3)}", $"n{i}", model, model is null ? 0 : random.Next(1, 9), random.Next(4, 64), random.Next(8, 256), random.Next(8) != 0, labels);
        }

        var tenants = new[] { "a", "b", "c" };
        foreach (var t in tenants.Where(_ => random.Next(4) != 0))
        {
            builder.Tenant(new TenantPolicy(t)
            {
                Nominal = Models.Where(_ => random.Next(3) != 0).ToDictionary(m => m, _ => (double)random.Next(0, 16), StringComparer.OrdinalIgnoreCase),
                Cohort = random.Next(3) != 0 ? "co" : null,
                BorrowingLimit = random.Next(3) == 0 ? new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase) { [Models[0]] = random.Next(0, 8) } : new Dictionary<string, double>(),
            });
        }

        var first = Jobs(random, tenants, random.Next(0, 15));
        var initial = builder.Pending([.. first]).Build();
        var running = new PoolScheduler().Schedule(initial).Placements;
        var second = Jobs(random, tenants, random.Next(1, 25));
        var snapshot = WithRunning(initial, first, running, second, random);

        return (snapshot, new PoolScheduler().Schedule(snapshot));
    }

    private static List<PendingJob> Jobs(Random random, string[] tenants, int count) =>
        Enumerable.Range(0, count).Select(_ =>
        {
            var b = new JobBuilder().ForTenant(tenants[random.Next(tenants.Length)]).WithPriority(random.Next(3))
                .WithCpu(random.Next(1, 16)).WithMemory($"{random.Next(1, 64)}Gi").WithReplicas(random.Next(1, 3))
                .SubmittedAt(PoolBuilder.Now.AddMinutes(-random.Next(100)));
            if (random.Next(4) == 0) { b = b.Preemptible(); }
            if (random.Next(4) == 0) { b = b.NeedingLabel("disk", "nvme"); }
            if (random.Next(5) == 0) { b = b.OnlyAt($"s{random.Next(3)}"); }
            if (random.Next(3) == 0) { b = b.WithMaxRuntime($"{random.Next(1, 5)}h"); }
            if (random.Next(4) == 0)
            {
                return b.Build();
            }

            var firstModel = random.Next(Models.Length);
            var secondModel = (firstModel + 1 + random.Next(Models.Length - 1)) % Models.Length;
            return random.Next(2) == 0
                ? b.WithGpus($"{Models[firstModel]}:{random.Next(1, 9)}").Build()
                : b.WithGpus($"{Models[firstModel]}:{random.Next(1, 9)}", $"{Models[secondModel]}:{random.Next(1, 9)}").Build();
        }).ToList();

    private static SchedulingSnapshot WithRunning(SchedulingSnapshot initial, List<PendingJob> jobs, IReadOnlyList<Placement> placements, List<PendingJob> pending, Random random)
    {
        var byId = jobs.ToDictionary(j => j.JobId);
        var attempt = 5000L;
        var running = placements.Select(p => new RunningJob(++attempt, p.JobId, byId[p.JobId].Tenant, byId[p.JobId].Priority, byId[p.JobId].Requirements,
            p.Site, p.Accelerator, p.Replicas, PoolBuilder.Now.AddMinutes(-random.Next(1, 300)))
        { Stopping = random.Next(10) == 0 }).ToList();
        var nodes = initial.Nodes.Select(n =>
        {
            var mine = running.SelectMany(r => r.Replicas.Where(p => p.NodeId == n.Id).Select(p => (r.Requirements, p.DeviceIndices))).ToList();
            return n with
            {
                Used = new NodeUsage(mine.Sum(m => m.Requirements.CpuMillis), mine.Sum(m => m.Requirements.MemoryMiB),
                    mine.SelectMany(m => m.DeviceIndices).ToHashSet(), new Dictionary<string, long>()),
            };
        }).ToList();
        return initial with { Nodes = nodes, Pending = pending, Running = running };
    }
}
