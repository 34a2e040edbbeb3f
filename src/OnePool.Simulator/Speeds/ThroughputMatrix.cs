using System.Globalization;
using OnePool.Core.Specs;
using OnePool.Scheduler.Speeds;

namespace OnePool.Simulator.Speeds;

/// <summary>
/// How fast each job type runs on each accelerator model, relative to a V100: Gavel's measured 1-GPU throughputs
/// (<c>gavel_matrix_1gpu.csv</c>, copied from <c>shared/traces/gavel-throughputs</c>, steps/s on K80, P100 and V100;
/// Narayanan et al., OSDI'20). Runtime on model X = V100 runtime x tput_V100 / tput_X. Models outside the matrix
/// (A100, H100, ...) take OnePool's built-in training speed (<see cref="ThroughputTable"/>) for every job type,
/// since nothing measured per type exists for them here.
/// </summary>
internal sealed class ThroughputMatrix
{
    private readonly Dictionary<string, (double K80, double P100, double V100)> _rows;

    private ThroughputMatrix(Dictionary<string, (double, double, double)> rows, IReadOnlyList<string> order)
    {
        _rows = rows;
        JobTypes = order;
    }

    /// <summary>The matrix shipped with the simulator.</summary>
    public static ThroughputMatrix Default { get; } = LoadEmbedded();

    /// <summary>Job types in file order.</summary>
    public IReadOnlyList<string> JobTypes { get; }

    public bool Knows(string jobType) => _rows.ContainsKey(jobType);

    /// <summary>Speed of <paramref name="jobType"/> on <paramref name="model"/>, V100 = 1.0.</summary>
    public double Speed(string jobType, string model)
    {
        if (!_rows.TryGetValue(jobType, out var row))
        {
            return ThroughputTable.Speed(model, WorkloadClass.Training);
        }

        return Family(model) switch
        {
            "K80" => row.K80 / row.V100,
            "P100" => row.P100 / row.V100,
            "V100" => 1.0,
            _ => ThroughputTable.Speed(model, WorkloadClass.Training),
        };
    }

    // Alibaba writes V100M16 / V100M32; the pool file may say V100-32G. Memory size does not change Gavel's figures.
    private static string Family(string model)
    {
        foreach (var family in (string[])["K80", "P100", "V100"])
        {
            if (model.StartsWith(family, StringComparison.OrdinalIgnoreCase))
            {
                return family;
            }
        }

        return model;
    }

    private static ThroughputMatrix LoadEmbedded()
    {
        using var stream = typeof(ThroughputMatrix).Assembly.GetManifestResourceStream("OnePool.Simulator.Speeds.gavel_matrix_1gpu.csv")
            ?? throw new InvalidOperationException("the throughput matrix is not embedded in the assembly");
        using var reader = new StreamReader(stream);
        var rows = new Dictionary<string, (double, double, double)>(StringComparer.Ordinal);
        var order = new List<string>();
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var f = line.Split(',');
            rows[f[0]] = (Parse(f[1]), Parse(f[2]), Parse(f[3]));
            order.Add(f[0]);
        }

        return new ThroughputMatrix(rows, order);
    }

    private static double Parse(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
