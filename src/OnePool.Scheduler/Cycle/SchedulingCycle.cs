using System.Diagnostics;
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

    // Below this many pending jobs the queue and the books take well under a millisecond: not worth a thread hop.
    private const int ParallelQueueThreshold = 5_000;

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
    private readonly Dictionary<long, Holding> _holdings;
    private readonly Dictionary<int, List<Holding>> _holdingsBySite = [];
    private readonly Dictionary<ulong, (string Reason, bool FitsNowhere)> _explained = [];
    private readonly Dictionary<ulong, (string Reason, bool FitsNowhere)> _explainedNeeds = [];
    private readonly List<Placement> _placements = [];
    private readonly List<WaitingJob> _waiting;
    private readonly List<Preemption> _preemptions = [];
    private readonly List<(string[] Tenants, QueuedJob[][] Queues)> _levels;
    private int _preemptionPlans;
    private TimeSpan _stateAndHoldings;
    private TimeSpan _queueAndBooks;
    private TimeSpan _waitForQueueAndBooks;
    private TimeSpan _walk;
    private int _tries;
    private int _memoAnswers;

    public SchedulingCycle(SchedulingSnapshot snapshot, SchedulerOptions options)
    {
        _snapshot = snapshot;
        _options = options;
        _waiting = new List<WaitingJob>(snapshot.Pending.Count); // most of a long queue waits: grow it once
        _holdings = new Dictionary<long, Holding>(snapshot.Running.Count + 1024); // room for a cycle's placements too

        // The queue order and the tenants' books (quota usage, fair shares) read only the snapshot, as do the node
        // state and the running work's holdings: on a large pool each side takes milliseconds, so the first is built
        // on another core meanwhile (the two sides take about as long). Nothing depends on which finishes first.
        var started = Stopwatch.GetTimestamp();
        var queueAndBooks = snapshot.Pending.Count >= ParallelQueueThreshold ? Task.Run(QueueAndBooks) : Task.FromResult(QueueAndBooks());
        _state = new CycleState(snapshot);
        _placer = new GangPlacer(_state, options);
        _ranker = new CandidateRanker(_state, options);
        _reasons = new Reasons(_state);
        _backfill = new BackfillPlanner(_state, _placer);
        IndexRunning();
        var stateDone = Stopwatch.GetTimestamp();
        (_levels, _quotas, _shares) = queueAndBooks.GetAwaiter().GetResult();
        _victims = new VictimPlanner(_placer, _quotas, options);
        (_stateAndHoldings, _waitForQueueAndBooks) = (Stopwatch.GetElapsedTime(started, stateDone), Stopwatch.GetElapsedTime(stateDone));
    }

    /// <summary>Where the cycle's time went (valid after <see cref="Run"/>).</summary>
    public CycleTimings Timings => new()
    {
        StateAndHoldings = _stateAndHoldings,
        QueueAndBooks = _queueAndBooks,
        WaitForQueueAndBooks = _waitForQueueAndBooks,
        Walk = _walk,
        Tries = _tries,
        MemoAnswers = _memoAnswers,
    };

    public SchedulingDecisions Run()
    {
        var walk = Stopwatch.GetTimestamp();
        foreach (var (tenants, queues) in _levels)
        {
            var cursors = new int[tenants.Length];
            var shares = tenants.Select(_shares.Share).ToArray();
            var hashes = tenants.Select(t => ShapeHash.WithTenant(0, t)).ToArray();
            while (true)
            {
                var next = -1;
                for (var t = 0; t < tenants.Length; t++)
                {
                    if (cursors[t] < queues[t].Length && (next < 0 || shares[t] < shares[next]))
                    {
                        next = t;
                    }
                }

                if (next < 0)
                {
                    break;
                }

                var placed = _placements.Count;
                TryJob(in queues[next][cursors[next]++], hashes[next]);
                if (_placements.Count != placed)
                {
                    shares[next] = _shares.Share(tenants[next]); // only a placement moves a tenant's share
                }
            }
        }

        _walk = Stopwatch.GetElapsedTime(walk);
        return new SchedulingDecisions(_placements, _waiting) { Preemptions = _preemptions };
    }

    private (List<(string[] Tenants, QueuedJob[][] Queues)> Levels, QuotaBook Quotas, FairShareBook Shares) QueueAndBooks()
    {
        var started = Stopwatch.GetTimestamp();
        var usage = new RunningUsage(_snapshot.Running);
        var built = (QueueOrder.Levels(_snapshot), new QuotaBook(_snapshot, usage, _options.Quotas), new FairShareBook(_snapshot, usage));
        _queueAndBooks = Stopwatch.GetElapsedTime(started);
        return built;
    }

    private void IndexRunning()
    {
        foreach (var running in _snapshot.Running)
        {
            var model = running.Accelerator is { } a ? _state.Models.Find(a.Model) : -1;
            var replicas = new (NodeState, IReadOnlyList<int>)[running.Replicas.Count];
            var found = 0;
            for (var i = 0; i < running.Replicas.Count; i++)
            {
                var r = running.Replicas[i];
                if (_state.NodeById.TryGetValue(r.NodeId, out var node))
                {
                    replicas[found++] = (node, r.DeviceIndices);
                }
            }

            if (found < replicas.Length)
            {
                Array.Resize(ref replicas, found); // replicas on nodes that left the pool hold nothing here
            }

            var end = running.Requirements.MaxRuntime is { } max ? running.StartedAt + max : (DateTimeOffset?)null;
            AddHolding(running.AttemptId, found > 0 ? replicas[0].Item1.Site : -1, new Holding(running.Requirements, model, replicas, end));
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
