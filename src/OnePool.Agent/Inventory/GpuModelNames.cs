namespace OnePool.Agent.Inventory;

/// <summary>
/// Maps the marketing names that <c>nvidia-smi</c> prints to pool model names. Rules are tried in order, first match
/// wins (so the specific 40 GB and 32 GB variants come before their families):
/// <list type="table">
/// <item><term>A100 ... 40GB</term><description>A100-40G</description></item>
/// <item><term>A100 (any other)</term><description>A100-80G</description></item>
/// <item><term>H100</term><description>H100</description></item>
/// <item><term>H200</term><description>H200</description></item>
/// <item><term>V100 ... 32GB</term><description>V100-32G</description></item>
/// <item><term>V100</term><description>V100</description></item>
/// <item><term>T4</term><description>T4</description></item>
/// <item><term>L40S</term><description>L40S</description></item>
/// <item><term>L4</term><description>L4</description></item>
/// <item><term>A10G</term><description>A10G</description></item>
/// </list>
/// Unknown names become the name without "NVIDIA " and "Tesla ", with spaces replaced by '-'.
/// </summary>
internal static class GpuModelNames
{
    private static readonly (Func<string[], bool> Matches, string Model)[] Rules =
    [
        (t => Has(t, "A100") && t.Any(x => x.Contains("40GB", StringComparison.OrdinalIgnoreCase)), "A100-40G"),
        (t => Has(t, "A100"), "A100-80G"),
        (t => Has(t, "H100"), "H100"),
        (t => Has(t, "H200"), "H200"),
        (t => Has(t, "V100") && t.Any(x => x.Contains("32GB", StringComparison.OrdinalIgnoreCase)), "V100-32G"),
        (t => Has(t, "V100"), "V100"),
        (t => Has(t, "T4"), "T4"),
        (t => Has(t, "L40S"), "L40S"),
        (t => Has(t, "L4"), "L4"),
        (t => Has(t, "A10G"), "A10G"),
    ];

    /// <summary>The pool model for a marketing name such as <c>NVIDIA A100-SXM4-80GB</c>.</summary>
    public static string ToPoolModel(string marketingName)
    {
        ArgumentNullException.ThrowIfNull(marketingName);
        // Tokens split on spaces and dashes, so "A100-SXM4-40GB" and "A100 80GB PCIe" both contain "A100",
        // while "L40S" does not count as "L4".
        var tokens = marketingName.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries);
        foreach (var (matches, model) in Rules)
        {
            if (matches(tokens))
            {
                return model;
            }
        }

        var name = marketingName.Trim();
        foreach (var prefix in new[] { "NVIDIA ", "Tesla " })
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                name = name[prefix.Length..].TrimStart();
            }
        }

        return name.Replace(' ', '-');
    }

    private static bool Has(string[] tokens, string token) =>
        tokens.Any(t => t.Equals(token, StringComparison.OrdinalIgnoreCase));
}
