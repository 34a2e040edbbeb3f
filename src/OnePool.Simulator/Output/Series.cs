using OnePool.Simulator.Metrics;

namespace OnePool.Simulator.Output;

/// <summary>The curves the report draws and stores: JCT CDF and utilisation over time, per policy.</summary>
internal static class Series
{
    /// <summary>Fraction of the pool's accelerators held, averaged over <paramref name="buckets"/> equal slices of
    /// [0, <paramref name="until"/>]; x in hours.</summary>
    public static IReadOnlyList<(double Hours, double Utilisation)> Utilisation(SimulationResult result, double until, int buckets = 200)
    {
        ArgumentNullException.ThrowIfNull(result);
        var points = new List<(double, double)>(buckets);
        var width = until / buckets;
        for (var b = 0; b < buckets && width > 0; b++)
        {
            var from = b * width;
            points.Add(((from + (width / 2)) / 3600, result.Busy.Average(from, from + width) / result.PoolGpus));
        }

        return points;
    }

    /// <summary>JCT CDF of finished jobs, at most <paramref name="points"/> points; x in hours.</summary>
    public static IReadOnlyList<(double Hours, double Fraction)> JctCdf(SimulationResult result, int points = 400)
    {
        ArgumentNullException.ThrowIfNull(result);
        var jcts = result.Jobs.Where(j => j.Finished).Select(j => j.CompletionTime / 3600).Order().ToArray();
        var cdf = new List<(double, double)>();
        if (jcts.Length == 0)
        {
            return cdf;
        }

        var step = Math.Max(1, jcts.Length / points);
        for (var i = 0; i < jcts.Length; i += step)
        {
            cdf.Add((jcts[i], (i + 1) / (double)jcts.Length));
        }

        if (cdf[^1].Item2 < 1)
        {
            cdf.Add((jcts[^1], 1));
        }

        return cdf;
    }
}
