using System.Globalization;
using System.Text;
using OnePool.Core.Specs;

namespace OnePool.Scheduler.FirstFit;

/// <summary>A string that is equal for two jobs exactly when they need the same things in the same places.</summary>
internal static class ShapeKey
{
    public static string Of(JobRequirements req)
    {
        var key = new StringBuilder(64)
            .Append(req.Replicas).Append('|').Append(req.CpuMillis).Append('|').Append(req.MemoryMiB.ToString(CultureInfo.InvariantCulture));
        foreach (var a in req.Accelerators)
        {
            key.Append("|a:").Append(a.Model.ToUpperInvariant()).Append(':').Append(a.Count);
        }

        foreach (var (name, count) in req.Extended.OrderBy(e => e.Key, StringComparer.OrdinalIgnoreCase))
        {
            key.Append("|x:").Append(name.ToUpperInvariant()).Append(':').Append(count.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var site in req.Sites.Order(StringComparer.OrdinalIgnoreCase))
        {
            key.Append("|s:").Append(site.ToUpperInvariant());
        }

        foreach (var (name, value) in req.NodeLabels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            key.Append("|l:").Append(name).Append('=').Append(value);
        }

        return key.ToString();
    }
}
