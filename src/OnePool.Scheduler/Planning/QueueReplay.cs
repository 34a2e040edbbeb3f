using OnePool.Scheduler.Snapshot;

namespace OnePool.Scheduler.Planning;

/// <summary>
/// Replays scheduling cycles forward in time from a snapshot to find when a job would first be placed: each cycle
/// runs the real <see cref="PoolScheduler"/>; what it places starts then and holds its room until its max runtime;
/// what it preempts stops at once and is queued again; then time moves to the next end of running work (start +
/// max runtime). So pending work ahead of the job — higher priority, earlier, another tenant's turn, a backfill
/// reservation — takes its room first, as it would.
/// </summary>
/// <remarks>Nothing ends early, nothing new is submitted, a victim's grace period is not waited for, and work
/// without a max runtime never ends.</remarks>
internal sealed class QueueReplay(SchedulingSnapshot snapshot, PoolScheduler scheduler)
{
    /// <summary>When <paramref name="job"/> would first be placed, with how many cycles that took; Start is null
    /// when no known end of running work frees room for it, Exhausted when <paramref name="maxCycles"/> ran out first
    /// (Reached is then the time the replay got to: the job starts no earlier).</summary>
    public (DateTimeOffset? Start, bool Exhausted, int Cycles, DateTimeOffset Reached) FirstPlacement(PendingJob job, int maxCycles)
    {
        var now = snapshot.Now;
        var usage = snapshot.Nodes.ToDictionary(n => n.Id, n => new Usage(n.Used), StringComparer.Ordinal);
        var running = snapshot.Running.Select(r => (Job: r, End: r.Stopping ? now : r.Requirements.MaxRuntime is { } max ? r.StartedAt + max : (DateTimeOffset?)null)).ToList();
        var pending = snapshot.Pending.ToList();
        var attempt = 0L;
        for (var cycle = 1; cycle <= maxCycles; cycle++)
        {
            var nodes = snapshot.Nodes.Select(n => usage[n.Id].Changed ? n with { Used = usage[n.Id].ToNodeUsage() } : n).ToList();
            var decisions = scheduler.Schedule(snapshot with
            {
                Now = now,
                Nodes = nodes,
                Pending = [.. pending, job],
                Running = [.. running.Select(r => r.Job)],
            });
            if (decisions.Placements.Any(p => p.JobId == job.JobId))
            {
                return (now, false, cycle, now);
            }

            var byId = pending.ToDictionary(p => p.JobId);
            foreach (var p in decisions.Placements)
            {
                var placed = byId[p.JobId];
                pending.Remove(placed);
                var started = new RunningJob(--attempt, p.JobId, placed.Tenant, placed.Priority, placed.Requirements, p.Site, p.Accelerator, p.Replicas, now);
                running.Add((started, placed.Requirements.MaxRuntime is { } max ? now + max : null));
                Hold(usage, started, +1);
            }

            var victims = decisions.Preemptions.Select(p => p.AttemptId).ToHashSet();
            var changed = Stop(usage, running, pending, r => victims.Contains(r.Job.AttemptId), requeue: true);
            changed |= Stop(usage, running, pending, r => r.End <= now, requeue: false);
            if (!changed)
            {
                if (running.Where(r => r.End > now).Min(r => r.End) is not { } next)
                {
                    return (null, false, cycle, now);
                }

                now = next;
                Stop(usage, running, pending, r => r.End <= now, requeue: false);
            }
        }

        return (null, true, maxCycles, now);
    }

    private static bool Stop(Dictionary<string, Usage> usage, List<(RunningJob Job, DateTimeOffset? End)> running, List<PendingJob> pending,
        Func<(RunningJob Job, DateTimeOffset? End), bool> which, bool requeue)
    {
        var stopped = running.Where(which).ToList();
        foreach (var r in stopped)
        {
            running.Remove(r);
            Hold(usage, r.Job, -1);
            if (requeue)
            {
                pending.Add(new PendingJob(r.Job.JobId, r.Job.Tenant, r.Job.Priority, r.Job.StartedAt, r.Job.Requirements));
            }
        }

        return stopped.Count > 0;
    }

    private static void Hold(Dictionary<string, Usage> usage, RunningJob job, int sign)
    {
        foreach (var replica in job.Replicas)
        {
            if (usage.TryGetValue(replica.NodeId, out var u))
            {
                u.Add(job.Requirements, replica.DeviceIndices, sign);
            }
        }
    }

    /// <summary>What live work holds on one node, changed as work starts and ends.</summary>
    private sealed class Usage(NodeUsage initial)
    {
        private readonly HashSet<int> _devices = [.. initial.DeviceIndices];
        private readonly Dictionary<string, long> _extended = new(initial.Extended, StringComparer.OrdinalIgnoreCase);
        private long _cpu = initial.CpuMillis;
        private long _memory = initial.MemoryMiB;

        public bool Changed { get; private set; }

        public void Add(Core.Specs.JobRequirements job, IReadOnlyList<int> devices, int sign)
        {
            Changed = true;
            _cpu = Math.Max(0, _cpu + (sign * job.CpuMillis));
            _memory = Math.Max(0, _memory + (sign * job.MemoryMiB));
            foreach (var d in devices)
            {
                _ = sign > 0 ? _devices.Add(d) : _devices.Remove(d);
            }

            foreach (var (name, amount) in job.Extended)
            {
                _extended[name] = Math.Max(0, _extended.GetValueOrDefault(name) + (sign * amount));
            }
        }

        public NodeUsage ToNodeUsage() => new((int)Math.Min(_cpu, int.MaxValue), _memory, [.. _devices], new Dictionary<string, long>(_extended, StringComparer.OrdinalIgnoreCase));
    }
}
