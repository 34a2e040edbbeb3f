using OnePool.Core.Resources;

namespace OnePool.Core.Importers.Slurm;

/// <summary>Maps the GPU types sites write in Slurm (<c>--gres=gpu:a100:8</c>, <c>--constraint=h100</c>,
/// <c>--gres=gpu:NVIDIA_L40S:1</c>) to OnePool accelerator models. Types are compared without case, without a leading
/// <c>nvidia</c>/<c>tesla</c> and with <c>_</c> and <c>-</c> alike. The table (see docs/importers.md):
/// <list type="table">
/// <item><term>a100, a100-80g, a100-80gb, a100-sxm4-80gb</term><description>A100-80G</description></item>
/// <item><term>a100-40g, a100-40gb, a100-sxm4-40gb, a100-pcie-40gb</term><description>A100-40G</description></item>
/// <item><term>h100, h200, h800, a800, b200</term><description>H100, H200, H800, A800, B200</description></item>
/// <item><term>v100, v100-32g, v100-32gb</term><description>V100, V100-32G</description></item>
/// <item><term>t4, l4, l40s, a10g</term><description>T4, L4, L40S, A10G</description></item>
/// <item><term>p100, k80, mi250x, mi300x</term><description>P100, K80, MI250X, MI300X</description></item>
/// </list>
/// </summary>
public static class GpuTypeTable
{
    /// <summary>What an untyped request (<c>--gres=gpu:8</c>) may run on, fastest for training first: the NVIDIA
    /// data-centre models OnePool knows. AMD models are left out because a script written for an untyped Slurm GPU
    /// almost always assumes CUDA.</summary>
    public static IReadOnlyList<string> AnyGpu { get; } =
        ["B200", "H200", "H100", "H800", "A100-80G", "A800", "A100-40G", "L40S", "V100-32G", "V100", "A10G", "L4", "T4"];

    private static readonly Dictionary<string, string> Models = new(StringComparer.OrdinalIgnoreCase)
    {
        ["a100"] = "A100-80G", ["a100-80g"] = "A100-80G", ["a100-80gb"] = "A100-80G", ["a100-sxm4-80gb"] = "A100-80G",
        ["a100-pcie-80gb"] = "A100-80G",
        ["a100-40g"] = "A100-40G", ["a100-40gb"] = "A100-40G", ["a100-sxm4-40gb"] = "A100-40G", ["a100-pcie-40gb"] = "A100-40G",
        ["h100"] = "H100", ["h100-80gb"] = "H100", ["h100-sxm5-80gb"] = "H100", ["h200"] = "H200", ["h800"] = "H800",
        ["a800"] = "A800", ["b200"] = "B200",
        ["v100"] = "V100", ["v100-16gb"] = "V100", ["v100-32g"] = "V100-32G", ["v100-32gb"] = "V100-32G",
        ["t4"] = "T4", ["l4"] = "L4", ["l40s"] = "L40S", ["a10g"] = "A10G",
        ["p100"] = "P100", ["k80"] = "K80", ["mi250x"] = "MI250X", ["mi300x"] = "MI300X",
    };

    /// <summary>The OnePool model for a Slurm GPU type, or null when the table does not know it.</summary>
    public static string? Find(string? slurmType)
    {
        var key = Normalise(slurmType);
        return key.Length > 0 && Models.TryGetValue(key, out var model) ? model : null;
    }

    /// <summary>The model to ask for: the table's, else the type itself when it is a valid model name (a site may use
    /// it as is), else null.</summary>
    public static string? ModelFor(string slurmType, out bool known)
    {
        var model = Find(slurmType);
        known = model is not null;
        return model ?? (ModelName.IsValid(slurmType) ? slurmType : null);
    }

    private static readonly string[] Prefixes = ["nvidia-", "tesla-"];

    private static string Normalise(string? type)
    {
        var key = (type ?? "").Trim().Replace('_', '-').ToLowerInvariant();
        foreach (var prefix in Prefixes)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                key = key[prefix.Length..];
            }
        }

        return key;
    }
}
