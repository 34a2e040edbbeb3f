using OnePool.Bench.Synthetic;
using OnePool.Core.Resources;
using OnePool.Core.Specs;
using OnePool.Scheduler.Snapshot;

namespace OnePool.Bench.Packing;

/// <summary>The shape of a job in the packing stream.</summary>
internal enum PackingJobKind
{
    /// <summary>1 to 4 devices on one node.</summary>
    Small,

    /// <summary>All 8 devices of one node.</summary>
    WholeNode,

    /// <summary>Two replicas of 8 devices in one site.</summary>
    Gang,
}

/// <summary>A job of the packing stream: when it arrives, what it needs and how long it really runs.</summary>
internal sealed record PackingJob(PendingJob Pending, PackingJobKind Kind, TimeSpan Runtime);

/// <summary>
/// A seeded stream of A100-80G jobs: 80% small (1, 2, 3 or 4 devices), 15% whole-node (8 devices), 5% gangs of
/// 2 x 8. Jobs average 4 devices for 72 minutes (runtimes 10 minutes to 4 hours, log-uniform), about 290
/// device-minutes; arrivals are a Poisson process whose rate asks for <see cref="OfferedLoad"/> of the pool's devices. Each job's max
/// runtime is its real runtime rounded up, plus up to as much again, to a multiple of 10 minutes.
/// </summary>
internal static class PackingWorkload
{
    /// <summary>Device-minutes asked per device-minute of the pool: near 1, so placement quality decides the waits.</summary>
    public const double OfferedLoad = 0.97;

    private const double MeanDeviceMinutes = 4.0 * 230 / 3.178;

    public const string Model = "A100-80G";

    private static readonly IReadOnlyDictionary<string, long> NoExtended = new Dictionary<string, long>();
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    /// <summary>Arrivals a virtual minute for a pool of <paramref name="poolDevices"/> devices.</summary>
    public static double JobsPerMinute(int poolDevices) => OfferedLoad * poolDevices / MeanDeviceMinutes;

    public static IReadOnlyList<PackingJob> Generate(int count, int poolDevices, int seed)
    {
        var random = new Random(seed);
        var rate = JobsPerMinute(poolDevices);
        var jobs = new List<PackingJob>(count);
        var at = AcceleratorCatalog.Epoch;
        for (var i = 0; i < count; i++)
        {
            at = at.AddMinutes(-Math.Log(1 - random.NextDouble()) / rate);
            var x = random.NextDouble();
            var kind = x < 0.80 ? PackingJobKind.Small : x < 0.95 ? PackingJobKind.WholeNode : PackingJobKind.Gang;
            var devices = kind == PackingJobKind.Small ? random.Next(1, 5) : 8;
            var runtime = TimeSpan.FromMinutes(Math.Round(WeightedChoice.LogUniform(random, 10, 240), 1));
            var maxRuntime = TimeSpan.FromMinutes(Math.Ceiling(runtime.TotalMinutes * (1 + random.NextDouble()) / 10) * 10);
            var requirements = new JobRequirements(
                kind == PackingJobKind.Gang ? 2 : 1, devices * 8000, devices * 64L * 1024,
                [new AcceleratorRequest(Model, devices)], NoExtended, [], NoLabels)
            {
                Workload = WorkloadClass.Training,
                MaxRuntime = maxRuntime,
            };
            jobs.Add(new PackingJob(new PendingJob(i + 1, "team", 0, at, requirements), kind, runtime));
        }

        return jobs;
    }
}
