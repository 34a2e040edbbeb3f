using OnePool.Core.Specs;

namespace OnePool.Scheduler.Quotas;

/// <summary>What a whole job (all replicas) takes, by quota resource name: the chosen accelerator model (devices),
/// <c>cpu</c> (cores) and <c>memory</c> (GiB).</summary>
internal static class ResourceAmounts
{
    public const string Cpu = "cpu";
    public const string Memory = "memory";

    public static IEnumerable<(string Resource, double Amount)> Of(JobRequirements job, string? model, int count)
    {
        if (model is not null)
        {
            yield return (model, (double)count * job.Replicas);
        }

        yield return (Cpu, job.CpuMillis / 1000.0 * job.Replicas);
        yield return (Memory, job.MemoryMiB / 1024.0 * job.Replicas);
    }
}
