using System.Globalization;

namespace OnePool.Bench.Faults;

/// <summary>
/// The timings of the <c>faults</c> scenario: how long it runs, how often a node of the job is killed, how often the
/// job checkpoints, and the broker's short failure-detection settings (lease 1 s, lost after 3 s).
/// </summary>
/// <param name="Name">full or quick.</param>
/// <param name="Duration">How long failures are injected, counted from the job's first running attempt.</param>
/// <param name="Every">Time between two failures (the node of replica 0 is killed at Every, 2 x Every, ...).</param>
/// <param name="Interval">Time between two checkpoints of the job (counted in steps of <see cref="Step"/>).</param>
internal sealed record FaultScenario(string Name, TimeSpan Duration, TimeSpan Every, TimeSpan Interval)
{
    /// <summary>The work of one training step (a sleep).</summary>
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(0.1);

    /// <summary>The broker's lost timeout set for the scenario; detection should take at most this plus 1 s.</summary>
    public static readonly TimeSpan LostTimeout = TimeSpan.FromSeconds(3);

    /// <summary>The scenario: 10 minutes, a failure every 2 minutes, a checkpoint every 10 s.</summary>
    public static FaultScenario Full { get; } = new("full", TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10));

    /// <summary>A fast check: 2 minutes, a failure every 30 s, a checkpoint every 3 s.</summary>
    public static FaultScenario Quick { get; } = new("quick", TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(3));

    /// <summary>Two sites of three nodes each.</summary>
    public static IReadOnlyList<string> Sites { get; } = ["site-a", "site-b"];

    public const int NodesPerSite = 3;

    /// <summary>What checkpointing alone allows: on average half an interval is lost per failure.</summary>
    public double Bound => 1 - Interval.TotalSeconds / (2 * Every.TotalSeconds);

    public int StepsPerCheckpoint => Math.Max(1, (int)Math.Round(Interval / Step));

    /// <summary>Enough steps to outlast the scenario (it is cancelled at the end), with slack for lost work.</summary>
    public int TotalSteps => (int)Math.Ceiling((Duration + TimeSpan.FromMinutes(2)) / Step);

    /// <summary>Progress lines while it runs.</summary>
    public TimeSpan ProgressEvery => Every / 3;

    /// <summary>Environment of <c>onepool server</c>: fast failure detection, as in the end-to-end tests.</summary>
    public static IReadOnlyDictionary<string, string> BrokerSettings { get; } = new Dictionary<string, string>
    {
        ["OnePool__Broker__LeaseInterval"] = "00:00:01",
        ["OnePool__Broker__MaxLeaseWait"] = "00:00:01",
        ["OnePool__Broker__SuspectTimeout"] = "00:00:02",
        ["OnePool__Broker__LostTimeout"] = LostTimeout.ToString("c", CultureInfo.InvariantCulture),
        ["OnePool__Broker__StartupGrace"] = "00:00:06",
        ["OnePool__Broker__ScheduleInterval"] = "00:00:00.500",
    };
}
