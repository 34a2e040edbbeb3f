using System.ComponentModel.DataAnnotations;

namespace OnePool.Broker.Hosting;

/// <summary>Broker settings, bound from configuration section <c>OnePool:Broker</c> (appsettings.json,
/// environment variables such as <c>OnePool__Broker__LostTimeout=00:01:00</c>, or <c>onepool server</c> flags).</summary>
public sealed class BrokerOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "OnePool:Broker";

    /// <summary>Folder for the SQLite file and the admin token. Default: <c>./.onepool</c>.</summary>
    [Required]
    public string DataDirectory { get; set; } = ".onepool";

    /// <summary>The state store: empty for the SQLite file under <see cref="DataDirectory"/> (the default), or a
    /// PostgreSQL connection (<c>postgres://user:password@host:5432/onepool</c> or an Npgsql connection string).
    /// Flag <c>--store</c>, environment <c>OnePool__Broker__Store</c>, or this key in appsettings.json.</summary>
    public string? Store { get; set; }

    /// <summary>Address to listen on. Default: 127.0.0.1 (loopback only; set 0.0.0.0 to accept agents from other machines).</summary>
    [Required]
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>TCP port. Default: 5080. 0 picks a free port.</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 5080;

    /// <summary>How often an idle agent leases. Default: 5 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan LeaseInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Silence after which a node gets no new work. Default: 15 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "01:00:00")]
    public TimeSpan SuspectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Silence after which a node is lost: its attempts are fenced and their jobs requeued. Default: 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan LostTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>After the broker starts, how long nodes with running work have to lease again before they are
    /// declared lost. Default: 60 seconds (twice <see cref="LostTimeout"/>), so a broker restart never
    /// mass-expires healthy nodes.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan StartupGrace { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest time a lease call is held open when there is nothing new (long poll). Default: 20 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan MaxLeaseWait { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Time between scheduling cycles when nothing wakes the scheduler sooner. Default: 2 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan ScheduleInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long an elected leader leads without renewing. Replicas sharing one PostgreSQL database elect one
    /// leader (scheduling loop, failure detector, dispatch to agents); it renews every lease / 8, and when it dies a
    /// standby takes over within lease × 1.125. Default: 8 seconds (a new leader within 9 s). See docs/ha.md.</summary>
    [Range(typeof(TimeSpan), "00:00:00.400", "00:05:00")]
    public TimeSpan LeaderLease { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>The URL other replicas, agents and the CLI are told to use for this replica (shown by
    /// <c>onepool status</c> and in the not-leader answer to agents). Default: the address it listens on. Each
    /// replica's must be distinct.</summary>
    public string? AdvertiseUrl { get; set; }

    /// <summary>Seconds between SIGTERM and SIGKILL when a replica is stopped. Default: 10.</summary>
    [Range(0, 3600)]
    public int StopGraceSeconds { get; set; } = 10;
}
