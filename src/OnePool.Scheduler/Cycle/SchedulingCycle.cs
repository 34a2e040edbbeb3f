using OnePool.Scheduler.Backfill;
using OnePool.Scheduler.Decisions;
using OnePool.Scheduler.Explain;
using OnePool.Scheduler.FairShare;
using OnePool.Scheduler.Heterogeneity;
using OnePool.Scheduler.Packing;
using OnePool.Scheduler.Victims;
using OnePool.Scheduler.Quotas;
using OnePool.Scheduler.Snapshot;

namespace OnePool.Scheduler.Cycle;

/// <summary>One run of <see cref="PoolScheduler"/> over one snapshot.</summary>
internal sealed partial class SchedulingCycle
{
    // Each plan is a what-if over a site's running work; a few per cycle keep a cycle cheap, and the next cycle
    // (seconds later) plans for the next blocked jobs.
    private const int PreemptionPlansPerCycle = 4;

    private readonly SchedulingSnapshot _snapshot;
    private readonly SchedulerOptions _options;
    private readonly CycleState _state;
    private readonly GangPlacer _placer;
    private readonly CandidateRanker _ranker;
    private readonly QuotaBook _quotas;
    private readonly FairShareBook _shares;
    private readonly Reasons _reasons;
    private readonly BackfillPlanner _backfill;
    private readonly VictimPlanner _victims;
    private readonly Dictionary<long, Holding> _holdings = [];
    private readonly Dictionary<int, List<Holding>> _holdingsBySite = [];
    private readonly Dictionary<ulong, (string Reason, bool FitsNowhere)> _explained = [];
    private readonly Dictionary<ulong, (string Reason, bool FitsNowhere)> _explainedNeeds = [];
    private readonly List<Placement> _placements = [];
    private readonly List<WaitingJob> _waiting = [];
    private readonly List<Preemption> _preemptions = [];
    private int _preemptionPlans;

    public SchedulingCycle(SchedulingSnapshot snapshot, SchedulerOptions options)
    {
        _snapshot = snapshot;
        _options = options;
        _state = new CycleState(snapshot);
        _placer = new GangPlacer(_state, options);
        _ranker = new CandidateRanker(_state, options);
        _quotas = new QuotaBook(snapshot, options.Quotas);
        _shares = new FairShareBook(snapshot);
        _reasons = new Reasons(_state);
        _backfill = new BackfillPlanner(_state, _placer);
        _victims = new VictimPlanner(_placer, _quotas, options);
        IndexRunning();
    }

    public SchedulingDecisions Run()
    {
        foreach (var level in Levels())
        {
            var tenants = level.Keys.Order(StringComparer.Ordinal).ToArray();
            var queues = tenants.Select(t => level[t]).ToArray();
            var cursors = new int[tenants.Length];
            var shares = tenants.Select(_shares.Share).ToArray();
            var hashes = tenants.Select(t => ShapeHash.WithTenant(0, t)).ToArray();
            while (true)
            {
                var next = -1;
                for (var t = 0; t < tenants.Length; t++)
                {
                    if (cursors[t] < queues[t].Count && (next < 0 || shares[t] < shares[next]))
                    {
                        next = t;
                    }
                }

                if (next < 0)
                {
                    break;
                }

                var placed = _placements.Count;
                TryJob(queues[next][cursors[next]++], hashes[next]);
                if (_placements.Count != placed)
                {
                    shares[next] = _shares.Share(tenants[next]); // only a placement moves a tenant's share
                }
            }
        }

        return new SchedulingDecisions(_placements, _waiting) { Preemptions = _preemptions };
    }

    /// <summary>Pending jobs by (paying before preemptible, priority high to low), then by tenant, each tenant's
    /// jobs first-come first-served.</summary>
    private IEnumerable<Dictionary<string, List<PendingJob>>> Levels()
    {
        var levels = new Dictionary<(int Tier, int Priority), Dictionary<string, List<PendingJob>>>();
        (int Tier, int Priority) lastKey = (-1, 0);
        string? lastTenant = null;
        List<PendingJob>? lastList = null;
        foreach (var job in _snapshot.Pending)
        {
            var key = (job.Keys.Preemptible ? 1 : 0, -job.Priority);
            // Queues come in runs of one tenant and priority: reuse the last list while the run lasts.
            if (lastList is null || key != lastKey || !ReferenceEquals(job.Tenant, lastTenant))
            {
                if (!levels.TryGetValue(key, out var byTenant))
                {
                    byTenant = new Dictionary<string, List<PendingJob>>(StringComparer.Ordinal);
                    levels[key] = byTenant;
                }

                if (!byTenant.TryGetValue(job.Tenant, out lastList))
                {
                    lastList = [];
                    byTenant[job.Tenant] = lastList;
                }

                (lastKey, lastTenant) = (key, job.Tenant);
            }

            lastList.Add(job);
        }

        foreach (var byTenant in levels.OrderBy(l => l.Key).Select(l => l.Value))
        {
            foreach (var list in byTenant.Values)
            {
                if (!IsInOrder(list))
                {
                    list.Sort((a, b) => a.SubmittedAt != b.SubmittedAt ? a.SubmittedAt.CompareTo(b.SubmittedAt) : a.JobId.CompareTo(b.JobId));
                }
            }

            yield return byTenant;
        }
    }

    private static bool IsInOrder(List<PendingJob> list)
    {
        for (var i = 1; i < list.Count; i++)
        {
            var (a, b) = (list[i - 1], list[i]);
            if (a.SubmittedAt > b.SubmittedAt || (a.SubmittedAt == b.SubmittedAt && a.JobId > b.JobId))
            {
                return false;
            }
        }

        return true;
    }

    private void IndexRunning()
    {
        foreach (var running in _snapshot.Running)
        {
            var model = running.Accelerator is { } a ? _state.Models.Find(a.Model) : -1;
            var replicas = new List<(NodeState, IReadOnlyList<int>)>(running.Replicas.Count);
            foreach (var r in running.Replicas)
            {
                if (_state.NodeById.TryGetValue(r.NodeId, out var node))
                {
                    replicas.Add((node, r.DeviceIndices));
                }
            }

            var end = running.Requirements.MaxRuntime is { } max ? running.StartedAt + max : (DateTimeOffset?)null;
            AddHolding(running.AttemptId, replicas.Count > 0 ? replicas[0].Item1.Site : -1, new Holding(running.Requirements, model, replicas, end));
        }
    }

    private void AddHolding(long key, int site, Holding holding)
    {
        _holdings[key] = holding;
        if (site < 0)
        {
            return;
        }

        if (!_holdingsBySite.TryGetValue(site, out var list))
        {
            list = [];
            _holdingsBySite[site] = list;
        }

        list.Add(holding);
    }
}
