using OnePool.Core.Specs;

namespace OnePool.Scheduler.Explain;

/// <summary>A 64-bit FNV-1a hash of what a job needs, so identical jobs share one explanation without building a
/// string per job. Deterministic across runs (unlike <see cref="HashCode"/>).</summary>
internal static class ShapeHash
{
    private const ulong Offset = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    /// <summary>What the job needs, tenant left out (a pending job keeps its own, see PendingJob.NeedHash).</summary>
    public static ulong Need(JobRequirements job) => Of(job, "");

    /// <summary>A tenant's hash, to combine with <see cref="Need"/> by XOR (computed once per tenant and cycle).</summary>
    public static ulong WithTenant(ulong seed, string tenant) => Mix(seed ^ Offset, tenant);

    public static ulong Of(JobRequirements job, string tenant)
    {
        var h = Offset;
        h = Mix(h, (ulong)job.Replicas);
        h = Mix(h, (ulong)job.CpuMillis);
        h = Mix(h, (ulong)job.MemoryMiB);
        h = Mix(h, job.Preemptible ? 1UL : 0UL);
        foreach (var a in job.Accelerators)
        {
            h = Mix(h, a.Model);
            h = Mix(h, (ulong)a.Count);
        }

        foreach (var (name, count) in job.Extended)
        {
            h = Mix(Mix(h, name), (ulong)count);
        }

        foreach (var site in job.Sites)
        {
            h = Mix(h, site);
        }

        foreach (var (key, value) in job.NodeLabels)
        {
            h = Mix(Mix(h, key), value);
        }

        return Mix(h, tenant);
    }

    /// <summary>What decides a job's candidate ranking: its accelerator choices, workload, speed overrides, allowed
    /// sites, dataset and tier.</summary>
    public static ulong Ranking(JobRequirements job)
    {
        var h = Mix(Offset, job.Preemptible ? 1UL : 0UL);
        h = Mix(h, (ulong)job.Workload);
        foreach (var a in job.Accelerators)
        {
            h = Mix(Mix(h, a.Model), (ulong)a.Count);
        }

        foreach (var (model, speed) in job.Throughput)
        {
            h = Mix(Mix(h, model), (ulong)BitConverter.DoubleToInt64Bits(speed));
        }

        foreach (var site in job.Sites)
        {
            h = Mix(h, site);
        }

        return job.Dataset is { } d ? Mix(Mix(h, d.Name), (ulong)d.SizeMiB) : h;
    }

    private static ulong Mix(ulong h, ulong value)
    {
        for (var i = 0; i < 8; i++)
        {
            h = (h ^ ((value >> (i * 8)) & 0xff)) * Prime;
        }

        return h;
    }

    private static ulong Mix(ulong h, string text)
    {
        foreach (var c in text)
        {
            h = (h ^ char.ToUpperInvariant(c)) * Prime;
        }

        return (h ^ 0xff) * Prime;
    }
}
