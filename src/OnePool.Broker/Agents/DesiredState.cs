using System.Collections.Concurrent;
using System.Text.Json;
using OnePool.Broker.Hosting;
using OnePool.Contracts.Agents;
using OnePool.Core.Specs;
using OnePool.Store;
using OnePool.Store.Records;
using Microsoft.Extensions.Options;

namespace OnePool.Broker.Agents;

/// <summary>Computes what a node should run, from the store: replicas assigned to it whose attempt is live.</summary>
internal sealed class DesiredState(IStateStore store, NodeRegistry registry, IOptions<BrokerOptions> options)
{
    private const int MaxCachedSpecs = 20_000;

    // Where an attempt's replicas run is fixed when it is dispatched, so the hosts are cached by attempt id.
    private readonly ConcurrentDictionary<long, IReadOnlyList<string>> _hosts = new();

    // Specs never change after submission, so their parsed form is cached by job id.
    private readonly ConcurrentDictionary<long, (JobSpec Spec, string Name)> _specs = new();

    public async Task<(List<ReplicaAssignment> Run, List<LiveReplicaRecord> Live)> ForNodeAsync(string nodeId, CancellationToken cancellationToken)
    {
        var live = (await store.ListLiveReplicasAsync(nodeId, cancellationToken))
            .Where(r => r.AttemptState is "dispatched" or "running" && r.State is "assigned" or "running")
            .ToList();
        var run = new List<ReplicaAssignment>(live.Count);
        foreach (var r in live)
        {
            var (spec, name) = await SpecAsync(r.JobId, cancellationToken);
            var numReplicas = spec.Replicas ?? 1;
            var resume = r.State == "assigned" && spec.Resumable == true ? await ResumeFromAsync(r.JobId, nodeId, cancellationToken) : null;
            run.Add(new ReplicaAssignment(
                r.AttemptId, r.JobId, name, (int)r.Idx, numReplicas,
                spec.Command?.ToList() ?? [], spec.Run,
                spec.Env is null ? new Dictionary<string, string>() : new Dictionary<string, string>(spec.Env),
                spec.Workdir,
                r.DeviceIndices,
                (int)r.CpuMillis, r.MemoryMib,
                JobSpecValidator.MaxRuntimeOf(spec) is { } max ? (int)max.TotalSeconds : null,
                options.Value.StopGraceSeconds)
            {
                ResumeFrom = resume,
                ReplicaHosts = numReplicas > 1 ? await HostsAsync(r.JobId, r.AttemptId, cancellationToken) : [],
            });
        }

        return (run, live);
    }

    /// <summary>The job's newest checkpoint, when the node can reach it (same storage domain); read only for replicas
    /// about to start, since checkpoints change while a job runs.</summary>
    private async Task<string?> ResumeFromAsync(long jobId, string nodeId, CancellationToken cancellationToken)
    {
        var job = await store.GetJobAsync(jobId, cancellationToken);
        return job?.Checkpoint is { } checkpoint && job.CheckpointDomain == StorageDomainOf(registry, nodeId) ? checkpoint : null;
    }

    /// <summary>The host of each replica of an attempt, by index: the node's name within its site.</summary>
    private async Task<IReadOnlyList<string>> HostsAsync(long jobId, long attemptId, CancellationToken cancellationToken)
    {
        if (_hosts.TryGetValue(attemptId, out var cached))
        {
            return cached;
        }

        var (_, replicas) = await store.GetAttemptsAsync(jobId, cancellationToken);
        var hosts = replicas.Where(r => r.AttemptId == attemptId).OrderBy(r => r.Idx)
            .Select(r => r.NodeId[(r.NodeId.IndexOf('/', StringComparison.Ordinal) + 1)..]).ToList();
        if (_hosts.Count >= MaxCachedSpecs)
        {
            _hosts.Clear(); // bounded, as the spec cache
        }

        return _hosts[attemptId] = hosts;
    }

    /// <summary>A node's storage domain: what its agent declares, else the node alone.</summary>
    public static string StorageDomainOf(NodeRegistry registry, string nodeId) =>
        registry.TryGet(nodeId, out var node) && node.Inventory.StorageDomain is { } domain ? domain : nodeId;

    private async Task<(JobSpec Spec, string Name)> SpecAsync(long jobId, CancellationToken cancellationToken)
    {
        if (_specs.TryGetValue(jobId, out var cached))
        {
            return cached;
        }

        var job = await store.GetJobAsync(jobId, cancellationToken)
            ?? throw new InvalidOperationException($"Job {jobId} has live replicas but no row.");
        var spec = JsonSerializer.Deserialize<JobSpec>(job.Spec, JobSpecReader.JsonOptions)!;
        if (_specs.Count >= MaxCachedSpecs)
        {
            _specs.Clear(); // bounded: live jobs are read again on their next lease, which is cheap
        }

        return _specs[jobId] = (spec, job.Name);
    }
}
