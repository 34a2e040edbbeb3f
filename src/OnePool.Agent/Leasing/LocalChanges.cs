using System.Threading.Channels;

namespace OnePool.Agent.Leasing;

/// <summary>
/// Wakes the lease loop when something changed locally (a replica started or ended, new output). Output is
/// debounced: at most one wake-up per <see cref="OutputDebounce"/>. Signals coalesce; a waiter sees at most one.
/// </summary>
internal sealed class LocalChanges : IDisposable
{
    /// <summary>Least time between two wake-ups caused by output.</summary>
    public static readonly TimeSpan OutputDebounce = TimeSpan.FromMilliseconds(200);

    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ITimer _outputTimer;
    private int _outputPending;

    public LocalChanges(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _outputTimer = time.CreateTimer(_ =>
        {
            Volatile.Write(ref _outputPending, 0);
            Signal();
        }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Something changed that the broker should hear about now.</summary>
    public void Signal() => _channel.Writer.TryWrite(true);

    /// <summary>New output was written; wakes the loop within <see cref="OutputDebounce"/>.</summary>
    public void SignalOutput()
    {
        if (Interlocked.Exchange(ref _outputPending, 1) == 0)
        {
            _outputTimer.Change(OutputDebounce, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Forgets pending signals (called just before a request is built from the current state).</summary>
    public void Clear()
    {
        while (_channel.Reader.TryRead(out _))
        {
        }
    }

    /// <summary>Completes at the next signal (or at once when one is pending), consuming it.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken) => await _channel.Reader.ReadAsync(cancellationToken);

    public void Dispose() => _outputTimer.Dispose();
}
