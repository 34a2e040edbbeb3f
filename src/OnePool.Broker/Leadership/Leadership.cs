using System.Diagnostics;
using OnePool.Store.Records;

namespace OnePool.Broker.Leadership;

/// <summary>
/// This replica's view of the election: its id and URL, the last leadership seen in the store, and, while it
/// leads, the fence its leader-only writes carry. Leadership is trusted locally only until the lease it last renewed
/// runs out (measured on the monotonic clock from before the renewal was sent, so a slow round trip errs short);
/// the store's fence is what makes a stale belief harmless.
/// </summary>
internal sealed class Leadership(TimeProvider time)
{
    private readonly Lock _lock = new();
    private LeaderFence? _fence;
    private long _validUntil;

    /// <summary>This process's replica id: unique per process, so a restarted broker is a new replica.</summary>
    public string ReplicaId { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>This replica's advertised URL, once the server listens.</summary>
    public string? Url { get; set; }

    /// <summary>The leadership as of the last election round (null before the first).</summary>
    public LeadershipRecord? Last { get; private set; }

    /// <summary>When this replica last became leader (UTC), for the failure detector's grace.</summary>
    public DateTimeOffset? LeaderSince { get; private set; }

    /// <summary>The fence for a leader-only write, or null when this replica does not lead (or no longer knows it does).</summary>
    public LeaderFence? Fence
    {
        get
        {
            lock (_lock)
            {
                return _fence is not null && time.GetTimestamp() < _validUntil ? _fence : null;
            }
        }
    }

    /// <summary>True while <see cref="Fence"/> is set.</summary>
    public bool IsLeader => Fence is not null;

    /// <summary>Records an election round's result. <paramref name="sentAt"/>: monotonic timestamp from before the
    /// round was sent. Returns true when this replica has just become leader.</summary>
    public bool Observe(LeadershipRecord leadership, long sentAt, TimeSpan lease)
    {
        lock (_lock)
        {
            Last = leadership;
            if (leadership.Holder != ReplicaId)
            {
                _fence = null;
                return false;
            }

            var gained = _fence is null || _fence.Term != leadership.Term;
            _fence = new LeaderFence(ReplicaId, leadership.Term);
            _validUntil = sentAt + (long)(lease.TotalSeconds * Stopwatch.Frequency);
            if (gained)
            {
                LeaderSince = time.GetUtcNow();
            }

            return gained;
        }
    }

    /// <summary>Stops acting as leader at once (a fenced write was refused: another replica leads).</summary>
    public void StepDown()
    {
        lock (_lock)
        {
            _fence = null;
        }
    }
}
