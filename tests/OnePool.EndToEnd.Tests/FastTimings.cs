namespace OnePool.EndToEnd.Tests;

/// <summary>The scaled-down failure timings the fault tests share (lease 1 s, suspect 2 s, lost 3 s, startup grace
/// 6 s, agents fence after 2 s), so an outage "longer than every timeout" takes seconds instead of minutes.</summary>
internal static class FastTimings
{
    public static readonly IReadOnlyDictionary<string, string> Broker = new Dictionary<string, string>
    {
        ["OnePool__Broker__LeaseInterval"] = "00:00:01",
        ["OnePool__Broker__MaxLeaseWait"] = "00:00:01",
        ["OnePool__Broker__SuspectTimeout"] = "00:00:02",
        ["OnePool__Broker__LostTimeout"] = "00:00:03",
        ["OnePool__Broker__StartupGrace"] = "00:00:06",
        ["OnePool__Broker__ScheduleInterval"] = "00:00:00.500",
    };

    public static readonly string[] Agent = ["--self-fence-after", "2s"];

    /// <summary>SIGSTOP and SIGCONT (Linux numbers).</summary>
    public const int Stop = 19;

    public const int Continue = 18;
}
