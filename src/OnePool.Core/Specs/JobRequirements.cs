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
