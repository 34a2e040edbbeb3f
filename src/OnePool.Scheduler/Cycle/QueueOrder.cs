using System.Buffers;
using OnePool.Scheduler.Snapshot;

namespace OnePool.Scheduler.Cycle;

/// <summary>The order in which a cycle walks the queue: levels of (paying before preemptible, priority high to low),
/// in each level the tenants' own queues, each first come, first served. The walk interleaves a level's tenants by
/// fair share.</summary>
internal static class QueueOrder
{
    /// <summary>Pending jobs by (paying before preemptible, priority high to low), then by tenant (ordinal name
    /// order), each tenant's jobs first-come first-served. One pass over the queue, which touches every pending job:
    /// it avoids hashing a tenant name per job when the queue repeats the same string objects, and counts each
    /// tenant's queue so that it is then copied once into an array of its exact size (grown list by list, a queue of
    /// 100,000 jobs allocated and copied twice its size).</summary>
    public static List<(string[] Tenants, QueuedJob[][] Queues)> Levels(SchedulingSnapshot snapshot)
    {
        var pending = snapshot.Pending;
        var tenantIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var tenantNames = new List<string>();
        var levels = new Dictionary<(int Tier, int Priority), List<int>>(); // per level: each tenant's queue number, or -1
        var counts = new List<int>();
        var lasts = new List<(long Ticks, long Id)>(); // per queue: the last job's submission, to tell if it is in order
        var inOrder = new List<bool>();
        var entries = ArrayPool<QueuedJob>.Shared.Rent(Math.Max(1, pending.Count));
        var queueOf = ArrayPool<int>.Shared.Rent(Math.Max(1, pending.Count));
        try
        {
            (int Tier, int Priority) lastKey = (-1, 0);
            List<int>? level = null;
            var now = snapshot.Now;
            for (var i = 0; i < pending.Count; i++)
            {
                var job = pending[i];
                var key = (job.Preemptible ? 1 : 0, -job.Priority);
                if (level is null || key != lastKey)
                {
                    if (!levels.TryGetValue(key, out level))
                    {
                        level = [];
                        levels[key] = level;
                    }

                    lastKey = key;
                }

                var tenant = TenantId(job.Tenant, tenantIds, tenantNames);
                while (level.Count <= tenant)
                {
                    level.Add(-1);
                }

                if (level[tenant] < 0)
                {
                    level[tenant] = counts.Count;
                    counts.Add(0);
                    lasts.Add((long.MinValue, long.MinValue));
                    inOrder.Add(true);
                }

                var queue = level[tenant];
                queueOf[i] = queue;
                counts[queue]++;
                var at = (job.SubmittedAt.UtcTicks, job.JobId);
                if (at.CompareTo(lasts[queue]) < 0)
                {
                    inOrder[queue] = false; // read here, while the job is at hand, rather than in a second pass
                }

                lasts[queue] = at;
                entries[i] = new QueuedJob(job, now);
            }

            var queues = new QueuedJob[counts.Count][];
            for (var q = 0; q < queues.Length; q++)
            {
                queues[q] = new QueuedJob[counts[q]];
                counts[q] = 0;
            }

            for (var i = 0; i < pending.Count; i++)
            {
                var q = queueOf[i];
                queues[q][counts[q]++] = entries[i];
            }

            var result = new List<(string[], QueuedJob[][])>(levels.Count);
            foreach (var byTenant in levels.OrderBy(l => l.Key).Select(l => l.Value))
            {
                var present = Enumerable.Range(0, byTenant.Count).Where(t => byTenant[t] >= 0)
                    .OrderBy(t => tenantNames[t], StringComparer.Ordinal).ToArray();
                foreach (var t in present.Where(t => !inOrder[byTenant[t]]))
                {
                    SortBySubmission(queues[byTenant[t]]);
                }

                result.Add(([.. present.Select(t => tenantNames[t])], [.. present.Select(t => queues[byTenant[t]])]));
            }

            return result;
        }
        finally
        {
            ArrayPool<QueuedJob>.Shared.Return(entries, clearArray: true); // it holds the jobs: do not keep them alive
            ArrayPool<int>.Shared.Return(queueOf);
        }
    }

    /// <summary>A tenant's index: the same string object as a known tenant's is found without hashing.</summary>
    private static int TenantId(string tenant, Dictionary<string, int> ids, List<string> names)
    {
        for (var i = 0; i < names.Count && i < 8; i++)
        {
            if (ReferenceEquals(names[i], tenant))
            {
                return i;
            }
        }

        if (!ids.TryGetValue(tenant, out var id))
        {
            id = names.Count;
            ids[tenant] = id;
            names.Add(tenant);
        }

        return id;
    }

    /// <summary>First come, first served: by submission time, then id. Sorted on value keys (a pooled array) rather
    /// than through a comparison delegate: one requeued job (it keeps its submission time) puts a tenant's queue out
    /// of order, and then every cycle sorts it, tens of thousands of jobs on a large pool.</summary>
    private static void SortBySubmission(QueuedJob[] list)
    {
        var keys = ArrayPool<(long Ticks, long Id)>.Shared.Rent(list.Length);
        try
        {
            for (var i = 0; i < list.Length; i++)
            {
                keys[i] = (list[i].Job.SubmittedAt.UtcTicks, list[i].JobId);
            }

            keys.AsSpan(0, list.Length).Sort(list.AsSpan());
        }
        finally
        {
            ArrayPool<(long, long)>.Shared.Return(keys);
        }
    }
}
