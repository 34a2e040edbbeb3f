using System.Collections.Concurrent;

namespace OnePool.Broker.Agents;

/// <summary>
/// Wakes long-polling lease calls when their node's desired state may have changed. A caller takes the
/// node's current signal before it reads the desired state, so a change made in between is never missed.
/// </summary>
internal sealed class LeaseWaiters
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _signals = new(StringComparer.Ordinal);

    /// <summary>The task that completes at the node's next wake-up.</summary>
    public Task Next(string nodeId) =>
        _signals.GetOrAdd(nodeId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Wakes the node's waiting lease, if any.</summary>
    public void Wake(string nodeId)
    {
        if (_signals.TryRemove(nodeId, out var signal))
        {
            signal.TrySetResult();
        }
    }

    /// <summary>Wakes every waiting lease (rare events such as cancels and gang failures).</summary>
    public void WakeAll()
    {
        foreach (var nodeId in _signals.Keys)
        {
            Wake(nodeId);
        }
    }
}
