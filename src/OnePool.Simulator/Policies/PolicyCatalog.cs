using OnePool.Scheduler;

namespace OnePool.Simulator.Policies;

/// <summary>The policies <c>--policy</c> accepts, by name.</summary>
internal static class PolicyCatalog
{
    /// <summary>Every policy, in report order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["fifo", "backfill", "las", "hetero", "onepool"];

    /// <summary>A fresh policy (policies keep per-run state, so each run needs its own).</summary>
    public static ISimPolicy Create(string name) => name switch
    {
        "fifo" => new FifoPolicy(),
        "backfill" => new EasyBackfillPolicy(),
        "las" => new LasPolicy(),
        "hetero" => new HeteroPolicy(),
        "onepool" => new OnePoolPolicy(new PoolScheduler()),
        _ => throw new ArgumentException($"unknown policy '{name}'; choose from {string.Join(", ", Names)} or all", nameof(name)),
    };

    /// <summary>Parses <c>fifo,las</c> or <c>all</c>; false with a one-line reason for an unknown name.</summary>
    public static bool TryParse(string text, out IReadOnlyList<string> names, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        error = "";
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.ToLowerInvariant()).ToList();
        if (parts.Contains("all"))
        {
            names = Names;
            return true;
        }

        var unknown = parts.Where(p => !Names.Contains(p)).ToList();
        names = [.. parts.Distinct()];
        if (parts.Count == 0 || unknown.Count > 0)
        {
            error = $"unknown policy '{string.Join(", ", unknown)}'; choose from {string.Join(", ", Names)} or all";
            return false;
        }

        return true;
    }
}
