using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OnePool.Broker.Agents;
using OnePool.Broker.Hosting;
using OnePool.Core.Specs;
using OnePool.Scheduler.Snapshot;
using OnePool.Store;
using OnePool.Store.Records;

namespace OnePool.Broker.Scheduling;

/// <summary>Builds the scheduler's snapshot: live nodes from memory, allocations and pending jobs from the store.</summary>
internal sealed class SnapshotBuilder(IStateStore store, NodeRegistry registry, TimeProvider time, IOptions<BrokerOptions> options)
{
    // Requirements never change after submission; parse each job's spec once.
    private readonly ConcurrentDictionary<long, JobRequirements> _requirements = new();

    public async Task<SchedulingSnapshot> BuildAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var held = (await store.ListLiveReplicasAsync(null, cancellationToken))
            .Where(r => r.State is "assigned" or "running")
            .ToLookup(r => r.NodeId);
        var nodes = registry.All().Select(n =>
        {
            var mine = held[n.Id].ToList();
            var extendedHeld = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
            foreach (var e in mine.SelectMany(r => JsonSerializer.Deserialize<Dictionary<string, long>>(r.Extended) ?? []))
            {
                extendedHeld[e.Key] = extendedHeld.GetValueOrDefault(e.Key) + e.Value;
            }

            var inv = n.Inventory;
            return new NodeSnapshot(
                n.Id, n.Site,
                Schedulable: now - n.LastSeen < options.Value.SuspectTimeout,
                inv.CpuMillis, inv.MemoryMiB,
                inv.Accelerators.Select(a => new DeviceSnapshot(a.Index, a.Model, a.Healthy)).ToList(),
                inv.Extended, inv.Labels,
                new NodeUsage((int)mine.Sum(r => r.CpuMillis), mine.Sum(r => r.MemoryMib),
                    mine.SelectMany(r => JsonSerializer.Deserialize<int[]>(r.Devices) ?? []).ToHashSet(), extendedHeld));
        }).ToList();

        var pending = (await store.ListPendingJobsAsync(cancellationToken))
            .Select(j => new PendingJob(j.Id, j.Tenant, (int)j.Priority, Time.FromMs(j.SubmittedAt), RequirementsOf(j)))
            .ToList();
        return new SchedulingSnapshot(now, nodes, pending);
    }

    private JobRequirements RequirementsOf(JobRecord job) => _requirements.GetOrAdd(job.Id, _ =>
    {
        var spec = JsonSerializer.Deserialize<JobSpec>(job.Spec, JobSpecReader.JsonOptions)!;
        return JobSpecValidator.Validate(spec).Requirements
            ?? throw new InvalidOperationException($"Job {job.Id} was stored with a spec that no longer validates.");
    });
}
