using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OnePool.Broker.Agents;
using OnePool.Broker.Hosting;
using OnePool.Broker.Sites;
using OnePool.Broker.Tenants;
using OnePool.Core.Resources;
using OnePool.Core.Specs;
using OnePool.Scheduler.Decisions;
using OnePool.Scheduler.Snapshot;
using OnePool.Store;
using OnePool.Store.Records;

namespace OnePool.Broker.Scheduling;

/// <summary>Builds the scheduler's snapshot: live nodes from memory; allocations, running work, pending jobs, sites
/// and tenants' policies from the store; tenants' recent usage from <see cref="RecentUsage"/>.</summary>
internal sealed class SnapshotBuilder(IStateStore store, NodeRegistry registry, RecentUsage recent, TimeProvider time, IOptions<BrokerOptions> options)
{
    // Requirements never change after submission; parse each job's spec once.
    private readonly ConcurrentDictionary<long, JobRequirements> _requirements = new();

    // A pending job's snapshot record is kept from cycle to cycle while nothing in it changes: the scheduler keeps
    // its per-job keys (need and ranking hashes) inside the record, so they are worked out once per job rather than
    // once per job and cycle (~1 µs each, 80,000 jobs a cycle on a long queue).
    private readonly ConcurrentDictionary<long, PendingJob> _pending = new();

    // One string object per tenant name: the scheduler matches tenants by reference before it hashes a name.
    private readonly ConcurrentDictionary<string, string> _tenantNames = new(StringComparer.Ordinal);

    public async Task<SchedulingSnapshot> BuildAsync(CancellationToken cancellationToken) => (await BuildWithReasonsAsync(cancellationToken)).Snapshot;

    /// <summary>The snapshot, and the waiting reason each pending job has in the store now: a cycle writes only the
    /// reasons that changed (a long queue of jobs waiting for the same thing writes nothing).</summary>
    public async Task<(SchedulingSnapshot Snapshot, IReadOnlyDictionary<long, string?> Reasons)> BuildWithReasonsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var replicas = await store.ListLiveReplicasAsync(null, cancellationToken);
        var queues = SiteQueues(registry.All().Select(n => (n.Site, n.Inventory.SiteQueue)));
        var sites = (await store.ListSitesAsync(cancellationToken)).Select(s => ToSnapshot(s) with
        {
            QueuedAccelerators = queues.GetValueOrDefault(s.Name) ?? new Dictionary<string, int>(),
        }).ToList();
        var draining = sites.Where(s => s.Draining).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var drainedNodes = (await store.ListDrainsAsync(cancellationToken)).Nodes;
        var held = replicas.Where(r => r.State is "assigned" or "running").ToLookup(r => r.NodeId);
        var nodes = registry.All().Select(n =>
        {
            var mine = held[n.Id].ToList();
            var extendedHeld = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
            foreach (var e in mine.SelectMany(r => JsonSerializer.Deserialize<Dictionary<string, long>>(r.Extended) ?? []))
            {
                extendedHeld[e.Key] = extendedHeld.GetValueOrDefault(e.Key) + e.Value;
            }

            var inv = n.Inventory;
            // A node whose engine queues (Slurm with a queue depth) takes (1 + QueueSlots) x its capacity: the extra
            // devices are queue places numbered after the real ones; the engine picks the real devices itself.
            var slots = 1 + Math.Clamp(inv.QueueSlots, 0, 16);
            return new NodeSnapshot(
                n.Id, n.Site,
                Schedulable: now - n.LastSeen < options.Value.SuspectTimeout && !draining.Contains(n.Site) && !drainedNodes.ContainsKey(n.Id) && !n.Inventory.Draining,
                inv.CpuMillis * slots, inv.MemoryMiB * slots,
                Enumerable.Range(0, slots).SelectMany(s => inv.Accelerators.Select(a =>
                    new DeviceSnapshot(a.Index + (s * inv.Accelerators.Count), a.Model, a.Healthy))).ToList(),
                inv.Extended, inv.Labels,
                new NodeUsage((int)mine.Sum(r => r.CpuMillis), mine.Sum(r => r.MemoryMib),
                    mine.SelectMany(r => r.DeviceIndices).ToHashSet(), extendedHeld))
            {
                StorageDomain = Agents.DesiredState.StorageDomainOf(registry, n.Id),
            };
        }).ToList();

        // Jobs in their retry backoff are left out until it ends; their reason already says when.
        var nowMs = Time.ToMs(time.GetUtcNow());
        // Specs are parsed once per job and kept: only the jobs new since the last cycle have theirs read.
        var pendingRecords = await store.ListPendingJobsAsync(cancellationToken, complete: false);
        var reasons = new Dictionary<long, string?>(pendingRecords.Count);
        var unknown = new List<long>();
        foreach (var job in pendingRecords)
        {
            reasons[job.Id] = job.Reason;
            if (!_requirements.ContainsKey(job.Id))
            {
                unknown.Add(job.Id);
            }
        }

        foreach (var (id, spec) in unknown.Count == 0 ? new Dictionary<long, string>() : await store.GetJobSpecsAsync(unknown, cancellationToken))
        {
            RequirementsOf(id, spec);
        }

        var pending = pendingRecords
            .Where(j => (j.NotBefore is null || j.NotBefore <= nowMs) && _requirements.ContainsKey(j.Id)) // known: its spec was read above
            .Select(PendingOf)
            .ToList();
        var byAttempt = replicas.ToLookup(r => r.AttemptId);
        var running = (await store.ListLiveAttemptsAsync(cancellationToken)).Select(a => new RunningJob(
            a.AttemptId, a.JobId, TenantName(a.Tenant), (int)a.Priority, RequirementsOf(a.JobId, a.Spec), a.Site,
            AcceleratorRequest.TryParse(a.Accelerator, out var accelerator, out _) ? accelerator : null,
            byAttempt[a.AttemptId].OrderBy(r => r.Idx).Select(r => new ReplicaPlacement(r.NodeId, r.DeviceIndices)).ToList(),
            Time.FromMs(a.CreatedAt))
        {
            Stopping = a.State == "stopping",
            LastCheckpointAt = a.CheckpointAt is { } at && at >= a.CreatedAt ? Time.FromMs(at) : null,
        }).ToList();
        var decayed = await recent.ByTenantAsync(cancellationToken);
        var tenants = (await store.ListTenantsAsync(cancellationToken)).Select(t => new TenantPolicy(t.Name)
        {
            Nominal = TenantPolicies.Amounts(t.Nominal),
            BorrowingLimit = TenantPolicies.Amounts(t.BorrowingLimit),
            Cohort = t.Cohort,
            Weight = t.Weight,
            DecayedAcceleratorHours = decayed.GetValueOrDefault(t.Name),
        }).ToList();
        Prune(pending.Select(p => p.JobId).Concat(running.Select(r => r.JobId)));
        return (new SchedulingSnapshot(now, nodes, pending) { Running = running, Sites = sites, Tenants = tenants }, reasons);
    }

    /// <summary>Each site's own queue as its agents report it (every node of a Slurm site reports the same figure;
    /// the largest is taken, so one stale node does not hide it).</summary>
    private static Dictionary<string, Dictionary<string, int>> SiteQueues(IEnumerable<(string Site, IReadOnlyDictionary<string, int>? Queue)> reports)
    {
        var bySite = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var (site, queue) in reports)
        {
            foreach (var (model, count) in queue ?? new Dictionary<string, int>())
            {
                if (!bySite.TryGetValue(site, out var models))
                {
                    models = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
                    bySite[site] = models;
                }

                models[model] = Math.Max(models.GetValueOrDefault(model), Math.Max(0, count));
            }
        }

        return bySite;
    }

    private static SiteSnapshot ToSnapshot(SiteRecord site) => new(site.Name)
    {
        Prices = SiteSettings.Amounts(site.Prices),
        Draining = site.Draining != 0,
        Reliability = 1,
        Datasets = SiteSettings.Datasets(site).ToHashSet(StringComparer.OrdinalIgnoreCase),
        IngressMiBPerSecond = site.IngressMibPerS,
        Throughput = SiteSettings.Amounts(site.Throughput),
    };


    /// <summary>Forgets the requirements of jobs that are neither pending nor running any more, once they outnumber
    /// the live ones, so a long-lived broker does not keep every job it ever saw.</summary>
    private void Prune(IEnumerable<long> live)
    {
        var keep = live.ToHashSet();
        if (_requirements.Count <= (2 * keep.Count) + 1000)
        {
            return;
        }

        foreach (var id in _requirements.Keys.Where(id => !keep.Contains(id)).ToList())
        {
            _requirements.TryRemove(id, out _);
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>The job's snapshot record: last cycle's when nothing in it changed, else a new one.</summary>
    private PendingJob PendingOf(JobRecord j)
    {
        var requirements = RequirementsOf(j.Id, j.Spec);
        var submitted = Time.FromMs(j.SubmittedAt);
        // A checkpoint only helps where its storage domain is reachable; elsewhere the job redoes its work (bounded by
        // the time from submission to the checkpoint).
        var domain = requirements.Resumable ? j.CheckpointDomain : null;
        var redo = j.CheckpointAt is { } at ? TimeSpan.FromMilliseconds(Math.Max(0, at - j.SubmittedAt)) : TimeSpan.Zero;
        if (_pending.TryGetValue(j.Id, out var known) && known.Tenant == j.Tenant && known.Priority == (int)j.Priority
            && known.SubmittedAt == submitted && ReferenceEquals(known.Requirements, requirements)
            && known.CheckpointDomain == domain && known.RedoElsewhere == redo)
        {
            return known;
        }

        var job = new PendingJob(j.Id, TenantName(j.Tenant), (int)j.Priority, submitted, requirements) { CheckpointDomain = domain, RedoElsewhere = redo };
        _pending[j.Id] = job;
        return job;
    }

    private string TenantName(string name) => _tenantNames.GetOrAdd(name, name);

    private JobRequirements RequirementsOf(long jobId, string specJson) => _requirements.GetOrAdd(jobId, _ =>
    {
        var spec = JsonSerializer.Deserialize<JobSpec>(specJson, JobSpecReader.JsonOptions)!;
        return JobSpecValidator.Validate(spec).Requirements
            ?? throw new InvalidOperationException($"Job {jobId} was stored with a spec that no longer validates.");
    });
}
