using System.Diagnostics;
using OnePool.Scheduler;
using OnePool.Scheduler.Decisions;
using OnePool.Scheduler.Snapshot;

namespace OnePool.Bench.Packing;

/// <summary>
/// Replays a job stream through a scheduler on a virtual clock: one cycle per virtual minute, in which jobs whose
/// runtime has passed complete, arrived jobs join the queue, and (when the queue is not empty) the scheduler places
/// work. Victims of preemption go back to the queue. Nothing waits in real time.
/// </summary>
internal sealed class PackingReplay(IScheduler scheduler, IReadOnlyList<PackingJob> jobs, int sites, int nodesPerSite)
{
    private static readonly TimeSpan Cycle = TimeSpan.FromMinutes(1);

    private readonly List<ReplayNode> _nodes = [.. Enumerable.Range(0, sites * nodesPerSite).Select(i => new ReplayNode(i / nodesPerSite, i % nodesPerSite))];
    private readonly Dictionary<string, ReplayNode> _byNode = new(StringComparer.Ordinal);
    private readonly Dictionary<long, PackingJob> _byId = jobs.ToDictionary(j => j.Pending.JobId);
    private readonly Dictionary<long, PendingJob> _pending = [];
    private readonly Dictionary<long, (RunningJob Job, DateTimeOffset EndsAt)> _running = [];
    private readonly Dictionary<long, TimeSpan> _waits = [];
    private long _attempts;

    public PackingResult Run(string label)
    {
        var now = jobs[0].Pending.SubmittedAt;
        var first = now;
        var last = now;
        var next = 0;
        int cycles = 0, sampled = 0, preemptions = 0;
        double wholeFree = 0, scheduleMs = 0;
        while (next < jobs.Count || _pending.Count > 0 || _running.Count > 0)
        {
            foreach (var (id, (job, endsAt)) in _running.Where(r => r.Value.EndsAt <= now).ToList())
            {
                Release(job);
                _running.Remove(id);
                last = endsAt > last ? endsAt : last;
            }

            for (; next < jobs.Count && jobs[next].Pending.SubmittedAt <= now; next++)
            {
                _pending.Add(jobs[next].Pending.JobId, jobs[next].Pending);
            }

            if (_pending.Count > 0)
            {
                var snapshot = new SchedulingSnapshot(now, _nodes.Select(n => n.ToSnapshot()).ToList(), _pending.Values.ToList())
                {
                    Running = _running.Values.Select(r => r.Job).ToList(),
                };
                var started = Stopwatch.GetTimestamp();
                var decisions = scheduler.Schedule(snapshot);
                scheduleMs += Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                preemptions += Apply(decisions, now);
            }

            // Only while jobs still arrive: the ramp-down at the end empties every node under any policy.
            if (next < jobs.Count)
            {
                wholeFree += _nodes.Count(n => n.WhollyFree);
                sampled++;
            }

            cycles++;
            now += Cycle;
        }

        var means = Enum.GetValues<PackingJobKind>().ToDictionary(
            kind => kind,
            kind => _waits.Where(w => _byId[w.Key].Kind == kind).Select(w => w.Value.TotalMinutes).DefaultIfEmpty().Average());
        return new PackingResult(label, means, wholeFree / Math.Max(1, sampled), last - first, cycles, preemptions, scheduleMs);
    }

    private int Apply(SchedulingDecisions decisions, DateTimeOffset now)
    {
        foreach (var victim in decisions.Preemptions)
        {
            if (_running.Remove(victim.JobId, out var stopped))
            {
                Release(stopped.Job);
                var job = _byId[victim.JobId].Pending;
                _pending.Add(job.JobId, job);
            }
        }

        foreach (var placement in decisions.Placements)
        {
            if (!_pending.Remove(placement.JobId, out var job))
            {
                throw new InvalidOperationException($"the scheduler placed job {placement.JobId}, which is not pending");
            }

            var req = job.Requirements;
            foreach (var replica in placement.Replicas)
            {
                Node(replica.NodeId).Take(req.CpuMillis, req.MemoryMiB, replica.DeviceIndices);
            }

            var running = new RunningJob(++_attempts, job.JobId, job.Tenant, job.Priority, req, placement.Site, placement.Accelerator, placement.Replicas, now);
            _running[job.JobId] = (running, now + _byId[job.JobId].Runtime);
            _waits[job.JobId] = now - job.SubmittedAt;
        }

        return decisions.Preemptions.Count;
    }

    private ReplayNode Node(string id)
    {
        if (_byNode.Count == 0)
        {
            foreach (var node in _nodes)
            {
                _byNode.Add(node.Id, node);
            }
        }

        return _byNode.TryGetValue(id, out var found) ? found : throw new InvalidOperationException($"the scheduler named unknown node {id}");
    }

    private void Release(RunningJob job)
    {
        foreach (var replica in job.Replicas)
        {
            Node(replica.NodeId).Give(job.Requirements.CpuMillis, job.Requirements.MemoryMiB, replica.DeviceIndices);
        }
    }
}
