using System.Globalization;

namespace OnePool.Bench;

/// <summary>Options shared by every subcommand.</summary>
/// <param name="Quick">Run at one tenth of the full size (a smoke test; its figures are not the ones to quote).</param>
/// <param name="Seed">Seed of every synthetic generator. Default: 42.</param>
internal sealed record BenchArguments(bool Quick, int Seed)
{
    public const int DefaultSeed = 42;

    public static void PrintUsage(TextWriter writer)
    {
        writer.WriteLine("usage: OnePool.Bench <subcommand> [--quick] [--seed N]");
        writer.WriteLine("  scheduler   one full and one incremental PoolScheduler cycle on a synthetic federation");
        writer.WriteLine("  packing     best-fit vs first-fit packing replayed on a virtual clock");
        writer.WriteLine("  simulate    the 12 Philly VCs replayed under every simulator policy: together, each alone, on a V100/P100/K80 pool");
        writer.WriteLine("  faults      a real 2-site pool; a node of a resumable job killed every 2 min for 10 min (--quick: 2 min)");
        writer.WriteLine("  api         durable submissions/s through the HTTP API (SQLite, PostgreSQL); submit-to-start latency vs sbatch");
        writer.WriteLine("  slurm       1,000 jobs through a Slurm site vs sbatch directly (root)");
        writer.WriteLine("  --quick     one tenth of the full size (smoke test)");
        writer.WriteLine($"  --seed N    seed of the synthetic data (default {DefaultSeed})");
    }

    public static bool TryParse(ReadOnlySpan<string> args, out BenchArguments options, out string error)
    {
        options = new BenchArguments(false, DefaultSeed);
        error = "";
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    options = options with { Quick = true };
                    break;
                case "--seed" when i + 1 < args.Length
                    && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed):
                    options = options with { Seed = seed };
                    i++;
                    break;
                case "--seed":
                    error = "--seed needs a whole number";
                    return false;
                default:
                    error = $"unknown option '{args[i]}'";
                    return false;
            }
        }

        return true;
    }
}
