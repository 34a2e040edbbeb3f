using OnePool.Core.Resources;

namespace OnePool.Core.Specs;

/// <summary>The checked, normalised form of a <see cref="JobSpec"/>: what the scheduler and the agents work from.</summary>
/// <param name="Replicas">Gang size (1..1024).</param>
/// <param name="CpuMillis">Millicores per replica.</param>
/// <param name="MemoryMiB">MiB per replica.</param>
/// <param name="Accelerators">Acceptable accelerator choices per replica, best first; empty when none are needed.</param>
/// <param name="Extended">Extended resources per replica by name.</param>
/// <param name="Sites">Allowed sites; empty for any.</param>
/// <param name="NodeLabels">Labels a node must carry.</param>
public sealed record JobRequirements(
    int Replicas,
    int CpuMillis,
    long MemoryMiB,
    IReadOnlyList<AcceleratorRequest> Accelerators,
    IReadOnlyDictionary<string, long> Extended,
    IReadOnlyList<string> Sites,
    IReadOnlyDictionary<string, string> NodeLabels)
{
    /// <summary>Workload class, for the relative-speed table. Default: training with accelerators, else batch.</summary>
    public WorkloadClass Workload { get; init; } = WorkloadClass.Batch;

    /// <summary>True for the preemptible tier: outside quota, lower price, first victim.</summary>
    public bool Preemptible { get; init; }

    /// <summary>True when the job checkpoints and can resume (a cheaper victim).</summary>
    public bool Resumable { get; init; }

    /// <summary>Wall-clock limit of one attempt, if set (used by backfill as the job's latest end).</summary>
    public TimeSpan? MaxRuntime { get; init; }

    /// <summary>The job's own relative speeds per model, overriding the built-in table.</summary>
    public IReadOnlyDictionary<string, double> Throughput { get; init; } = new Dictionary<string, double>();

    /// <summary>The dataset it reads, if any.</summary>
    public DatasetNeed? Dataset { get; init; }

    /// <summary>Human summary, e.g. <c>2 x (4 cpu, 16Gi, A100-80G:8)</c>.</summary>
    public string Describe()
    {
        var parts = new List<string> { $"{Quantity.FormatCpu(CpuMillis)} cpu", Quantity.FormatMemory(MemoryMiB) };
        if (Accelerators.Count > 0)
        {
            parts.Add(string.Join(" or ", Accelerators));
        }

        parts.AddRange(Extended.Select(e => $"{e.Key}:{e.Value}"));
        var one = string.Join(", ", parts);
        return Replicas == 1 ? one : $"{Replicas} x ({one})";
    }
}

/// <summary>One problem with a submitted spec, naming the field at fault (dotted path such as <c>resources.memory</c>).</summary>
public sealed record SpecError(string Field, string Message);

/// <summary>The kind of work, which decides how accelerator models compare.</summary>
public enum WorkloadClass
{
    /// <summary>Large-scale (pre-)training.</summary>
    Training,

    /// <summary>Fine-tuning, LoRA and the like.</summary>
    FineTuning,

    /// <summary>Batch inference and serving.</summary>
    Inference,

    /// <summary>Anything else, CPU work included.</summary>
    Batch,
}

/// <summary>A dataset a job reads.</summary>
/// <param name="Name">Dataset name.</param>
/// <param name="SizeMiB">Its size.</param>
public sealed record DatasetNeed(string Name, long SizeMiB);
