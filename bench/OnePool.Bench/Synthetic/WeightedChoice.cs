namespace OnePool.Bench.Synthetic;

/// <summary>Seeded draws from small weighted tables.</summary>
internal static class WeightedChoice
{
    /// <summary>Picks an item with probability proportional to its weight.</summary>
    public static T Pick<T>(Random random, IReadOnlyList<(T Item, double Weight)> table)
    {
        var total = 0.0;
        foreach (var (_, weight) in table)
        {
            total += weight;
        }

        var x = random.NextDouble() * total;
        foreach (var (item, weight) in table)
        {
            x -= weight;
            if (x < 0)
            {
                return item;
            }
        }

        return table[^1].Item;
    }

    /// <summary>A value between <paramref name="min"/> and <paramref name="max"/> whose logarithm is uniform.</summary>
    public static double LogUniform(Random random, double min, double max) =>
        Math.Exp(Math.Log(min) + (random.NextDouble() * (Math.Log(max) - Math.Log(min))));

    /// <summary><paramref name="value"/> varied by up to <paramref name="fraction"/> either way.</summary>
    public static double Vary(Random random, double value, double fraction) =>
        value * (1 + (((random.NextDouble() * 2) - 1) * fraction));
}
