using OnePool.Core.Specs;

namespace OnePool.Scheduler.Quotas;

/// <summary>What a whole job (all replicas) takes, by quota resource name: the chosen accelerator model (devices),
/// <c>cpu</c> (cores) and <c>memory</c> (GiB).</summary>
internal static class ResourceAmounts
{
    public const string Cpu = "cpu";
    public const string Memory = "memory";

    /// <summary>How many resources <see cref="At"/> can name for one job: its model (if any), cpu and memory.</summary>
    public const int Slots = 3;

    /// <summary>The resource in slot 0..2: the model (null when the job has none), cpu, memory. An indexer rather
    /// than an iterator, because quota checks run for every candidate of every job.</summary>
    public static (string? Resource, double Amount) At(int slot, JobRequirements job, string? model, int count) => slot switch
    {
        0 => (model, (double)count * job.Replicas),
        1 => (Cpu, job.CpuMillis / 1000.0 * job.Replicas),
        _ => (Memory, job.MemoryMiB / 1024.0 * job.Replicas),
    };

    public static IEnumerable<(string Resource, double Amount)> Of(JobRequirements job, string? model, int count)
    {
        for (var slot = 0; slot < Slots; slot++)
        {
            var (resource, amount) = At(slot, job, model, count);
            if (resource is not null)
            {
                yield return (resource, amount);
            }
        }
    }
}
