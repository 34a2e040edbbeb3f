using Microsoft.Extensions.Logging;
using OnePool.Agent.Inventory;

namespace OnePool.Agent;

/// <summary>Runs the site agent: reads the node config, joins the broker and runs what it is given until cancelled.</summary>
public static partial class AgentRunner
{
    /// <summary>Exit code for a clean shutdown.</summary>
    public const int ExitOk = 0;

    /// <summary>Exit code for a bad node config or an unusable data directory (said in one log line).</summary>
    public const int ExitBadConfig = 2;

    /// <summary>Runs the agent until <paramref name="cancellationToken"/> fires, logging single lines with timestamps
    /// to the console. Returns <see cref="ExitOk"/> after a clean shutdown, or <see cref="ExitBadConfig"/>.</summary>
    public static async Task<int> RunAsync(AgentLaunchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var loggerFactory = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Information)
            .AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "yyyy-MM-dd HH:mm:ss ";
            }));
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var services = new AgentServices(TimeProvider.System, loggerFactory.CreateLogger("OnePool.Agent"), http,
            ct => NvidiaSmi.DetectAsync(TimeProvider.System, ct));
        return options.Slurm is { } slurm
            ? await new Slurm.SlurmSiteSession(options, services, slurm).RunAsync(cancellationToken)
            : await new AgentSession(options, services).RunAsync(cancellationToken);
    }
}
