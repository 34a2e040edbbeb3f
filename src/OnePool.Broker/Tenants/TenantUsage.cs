using OnePool.Core.Resources;
using OnePool.Store;

namespace OnePool.Broker.Tenants;

/// <summary>What each tenant holds now: the replicas of its live attempts that are assigned or running, per
/// resource (accelerator model in devices, <c>cpu</c> in cores, <c>memory</c> in GiB).</summary>
internal sealed class TenantUsage(IStateStore store)
{
    public async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>> ByTenantAsync(CancellationToken cancellationToken)
    {
        var attempts = (await store.ListLiveAttemptsAsync(cancellationToken)).ToDictionary(a => a.AttemptId);
        var usage = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        foreach (var replica in await store.ListLiveReplicasAsync(null, cancellationToken))
        {
            if (replica.State is not ("assigned" or "running") || !attempts.TryGetValue(replica.AttemptId, out var attempt))
            {
                continue;
            }

            if (!usage.TryGetValue(attempt.Tenant, out var held))
            {
                usage[attempt.Tenant] = held = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
            }

            Add(held, "cpu", replica.CpuMillis / 1000.0);
            Add(held, "memory", replica.MemoryMib / 1024.0);
            var devices = replica.DeviceIndices;
            if (devices.Length > 0 && AcceleratorRequest.TryParse(attempt.Accelerator, out var accelerator, out _))
            {
                Add(held, accelerator.Model, devices.Length);
            }
        }

        return usage.ToDictionary(u => u.Key, u => (IReadOnlyDictionary<string, double>)u.Value, StringComparer.Ordinal);
    }

    private static void Add(Dictionary<string, double> held, string resource, double amount) =>
        held[resource] = held.GetValueOrDefault(resource) + amount;
}
