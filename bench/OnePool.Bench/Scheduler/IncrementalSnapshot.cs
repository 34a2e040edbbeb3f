using OnePool.Scheduler.Decisions;
using OnePool.Scheduler.Snapshot;

namespace OnePool.Bench.Scheduler;

/// <summary>
/// The snapshot of the cycle after a full one: the full cycle's placements run (each a <see cref="RunningJob"/>,
/// its resources in its nodes' <see cref="NodeSnapshot.Used"/>) and have left the queue, then some of them complete
/// (freeing what they held) and new jobs arrive.
/// </summary>
internal static class IncrementalSnapshot
{
    /// <param name="full">The full cycle's snapshot (nothing running).</param>
    /// <param name="decisions">What the full cycle decided.</param>
    /// <param name="submitted">New pending jobs.</param>
    /// <param name="completions">How many running jobs finish, chosen at random.</param>
    /// <param name="now">The time of the new cycle.</param>
    /// <param name="random">Chooses the completions.</param>
    public static SchedulingSnapshot Build(
        SchedulingSnapshot full, SchedulingDecisions decisions, IReadOnlyList<PendingJob> submitted, int completions,
        DateTimeOffset now, Random random)
    {
        var pendingById = full.Pending.ToDictionary(j => j.JobId);
        var running = decisions.Placements.Select(p =>
        {
            var job = pendingById[p.JobId];
            return new RunningJob(p.JobId, p.JobId, job.Tenant, job.Priority, job.Requirements, p.Site, p.Accelerator, p.Replicas, full.Now);
        }).ToList();

        // Partial Fisher-Yates: the last `completions` entries become a random sample, which is dropped.
        var done = Math.Min(completions, running.Count);
        for (var i = running.Count - 1; i >= running.Count - done; i--)
        {
            var j = random.Next(i + 1);
            (running[i], running[j]) = (running[j], running[i]);
        }

        running.RemoveRange(running.Count - done, done);

        var usage = new Dictionary<string, (int Cpu, long Memory, HashSet<int> Devices)>(StringComparer.Ordinal);
        foreach (var job in running)
        {
            foreach (var replica in job.Replicas)
            {
                var (cpu, memory, devices) = usage.GetValueOrDefault(replica.NodeId, (0, 0L, []));
                devices.UnionWith(replica.DeviceIndices);
                usage[replica.NodeId] = (cpu + job.Requirements.CpuMillis, memory + job.Requirements.MemoryMiB, devices);
            }
        }

        var nodes = full.Nodes.Select(n => usage.TryGetValue(n.Id, out var u)
            ? n with { Used = new NodeUsage(u.Cpu, u.Memory, u.Devices, new Dictionary<string, long>()) }
            : n).ToList();
        var placed = decisions.Placements.Select(p => p.JobId).ToHashSet();
        var pending = full.Pending.Where(j => !placed.Contains(j.JobId)).Concat(submitted).ToList();
        return new SchedulingSnapshot(now, nodes, pending)
        {
            Running = running,
            Sites = full.Sites,
            Tenants = full.Tenants,
        };
    }
}
