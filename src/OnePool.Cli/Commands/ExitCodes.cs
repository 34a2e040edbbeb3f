using OnePool.Cli.Client;
using OnePool.Cli.Config;
using OnePool.Contracts.Jobs;

namespace OnePool.Cli.Commands;

/// <summary>The process exit codes, and the one place that maps failures to them.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>A runtime failure: the broker refused or could not be reached, a job failed without an exit code.</summary>
    public const int Failure = 1;

    /// <summary>Bad input or usage: unknown option, invalid spec, missing configuration, 400 from the broker.</summary>
    public const int Usage = 2;

    /// <summary>Interrupted (Ctrl-C), or the job was cancelled: 128 + SIGINT, as shells report it.</summary>
    public const int Interrupted = 130;

    /// <summary>Maps an exception that escaped a command to its exit code.</summary>
    public static int For(Exception exception) => exception switch
    {
        UsageException or CliConfigException => Usage,
        BrokerException { StatusCode: 400 or 422 } => Usage,
        OperationCanceledException => Interrupted,
        _ => Failure,
    };

    /// <summary>The exit code that mirrors a final job: 0 for succeeded, its exit code (1..255) or 1 for failed,
    /// 130 for cancelled; null while the job is not final.</summary>
    public static int? ForJob(JobSummary job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.State switch
        {
            "succeeded" => Ok,
            "failed" => job.ExitCode is >= 1 and <= 255 ? job.ExitCode.Value : Failure,
            "cancelled" => Interrupted,
            _ => null,
        };
    }
}
