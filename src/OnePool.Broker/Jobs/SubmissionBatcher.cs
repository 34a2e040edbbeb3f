using System.Threading.Channels;
using OnePool.Store;
using OnePool.Store.Records;

namespace OnePool.Broker.Jobs;

/// <summary>
/// Group commit for submissions: requests that arrive while a commit is in flight are committed together in the
/// next transaction, and each is acknowledged only after the transaction holding it committed. With SQLite's
/// synchronous=FULL every commit waits for the disk; one flush per batch instead of per job is what lets the API take
/// thousands of durable submissions a second (bench: <c>OnePool.Bench api</c>). A lone submission is committed at
/// once: batching adds no wait, it only shares the flush.
/// </summary>
internal sealed partial class SubmissionBatcher(IStateStore store, ILogger<SubmissionBatcher> logger) : BackgroundService
{
    // Bounds one transaction (and the time the store's single writer is held by submissions).
    private const int MaxBatch = 256;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Queues a submission; completes once it is committed (or with the store's error).</summary>
    public Task<(long Id, string State, bool Duplicate)> SubmitAsync(JobRecord job, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var pending = new Pending(job, idempotencyKey, new TaskCompletionSource<(long, string, bool)>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("the broker is shutting down; submit again");
        }

        // A caller that gives up is not acknowledged; its job may still be committed (the idempotency key finds it).
        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await CommitAvailableAsync(batch, CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down: what was received is committed before the store closes.
            _queue.Writer.TryComplete();
            await CommitAvailableAsync(batch, CancellationToken.None);
        }
    }

    private async Task CommitAvailableAsync(List<Pending> batch, CancellationToken cancellationToken)
    {
        while (true)
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            if (batch.Count == 0)
            {
                return;
            }

            try
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var results = await store.SubmitJobsAsync(batch.Select(p => (p.Job, p.Key)).ToList(), cancellationToken);
                Metrics.BrokerMetrics.SubmissionCommitSeconds.Observe(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
                Metrics.BrokerMetrics.SubmissionBatch.Observe(batch.Count);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(results[i]);
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Log.CommitFailed(logger, batch.Count, e);
                foreach (var pending in batch)
                {
                    pending.Done.TrySetException(e);
                }
            }
        }
    }

    private sealed record Pending(JobRecord Job, string? Key, TaskCompletionSource<(long, string, bool)> Done);

    private static partial class Log
    {
        [LoggerMessage(600, LogLevel.Error, "Committing {Count} submissions failed; they were not acknowledged")]
        public static partial void CommitFailed(ILogger logger, int count, Exception exception);
    }
}
