using System.Globalization;
using OnePool.Cli.Client;
using OnePool.Contracts.Jobs;

namespace OnePool.Cli.Commands.Jobs;

/// <summary>Follows a job by polling <c>GET /v1/jobs/{id}</c> every <see cref="CliContext.PollInterval"/> until it is final,
/// optionally printing each state change with the local time (<c>12:03:04 job 42 running on gpu-centre</c>).</summary>
/// <param name="broker">The broker.</param>
/// <param name="context">Clock and poll interval.</param>
internal sealed class JobWaiter(BrokerClient broker, CliContext context)
{
    /// <summary>Waits for job <paramref name="id"/> to end; returns its final summary.</summary>
    /// <param name="id">The job.</param>
    /// <param name="progress">Where state changes are written, or null to wait quietly.</param>
    /// <param name="cancellationToken">Stops waiting (the job is unaffected).</param>
    public async Task<JobSummary> WaitAsync(long id, TextWriter? progress, CancellationToken cancellationToken)
    {
        string? lastState = null;
        while (true)
        {
            var job = (await broker.GetJobAsync(id, cancellationToken)).Job;
            if (job.State != lastState)
            {
                lastState = job.State;
                if (progress is not null)
                {
                    await progress.WriteLineAsync($"{context.Times.Clock()} {Describe(job)}".AsMemory(), cancellationToken);
                }
            }

            if (ExitCodes.ForJob(job) is not null)
            {
                return job;
            }

            await Task.Delay(context.PollInterval, context.Time, cancellationToken);
        }
    }

    /// <summary>The job's state in words: <c>job 42 scheduled on gpu-centre</c>, <c>job 42 failed (exit code 3): OOM</c>.</summary>
    public static string Describe(JobSummary job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var text = string.Create(CultureInfo.InvariantCulture, $"job {job.Id} {job.State}");
        if (job.Site is { Length: > 0 } site && job.State is "scheduled" or "running")
        {
            text += $" on {site}";
        }

        if (job.State == "failed" && job.ExitCode is { } exit)
        {
            text += string.Create(CultureInfo.InvariantCulture, $" (exit code {exit})");
        }

        if (job.Reason is { Length: > 0 } reason && job.State is "pending" or "failed" or "cancelled")
        {
            text += $": {reason}";
        }

        return text;
    }

    /// <summary>The note for Ctrl-C while following: the job is left running.</summary>
    public static string StoppedFollowing(long id) =>
        string.Create(CultureInfo.InvariantCulture, $"stopped following job {id}; it keeps running (`onepool cancel {id}` stops it)");
}
