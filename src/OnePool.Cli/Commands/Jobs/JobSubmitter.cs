using OnePool.Cli.Client;
using OnePool.Contracts.Jobs;
using OnePool.Core.Specs;

namespace OnePool.Cli.Commands.Jobs;

/// <summary>Submits a spec under a fresh random Idempotency-Key, retrying the POST with the same key after a connection
/// failure (up to <see cref="MaxRetries"/> times, waits doubling from <see cref="CliContext.RetryDelay"/>): the key makes
/// a retry of a submission that did arrive return the same job instead of a second one.</summary>
/// <param name="broker">The broker.</param>
/// <param name="context">Clock, retry delay and the stderr writer for retry notes.</param>
internal sealed class JobSubmitter(BrokerClient broker, CliContext context)
{
    /// <summary>Retries after the first try.</summary>
    public const int MaxRetries = 3;

    /// <summary>Submits <paramref name="spec"/>.</summary>
    public async Task<SubmitJobResponse> SubmitAsync(JobSpec spec, CancellationToken cancellationToken)
    {
        var key = Guid.NewGuid().ToString("N");
        var delay = context.RetryDelay;
        for (var retry = 0; ; retry++)
        {
            try
            {
                return await broker.SubmitJobAsync(spec, key, cancellationToken);
            }
            catch (BrokerUnreachableException e) when (retry < MaxRetries)
            {
                await context.Error.WriteLineAsync(
                    $"{e.Message} (retrying in {delay.TotalSeconds:0.#} s, {MaxRetries - retry} left)".AsMemory(), cancellationToken);
                await Task.Delay(delay, context.Time, cancellationToken);
                delay *= 2;
            }
        }
    }
}
