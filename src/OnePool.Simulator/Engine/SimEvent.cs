namespace OnePool.Simulator.Engine;

/// <summary>What happens at an event. The order is the tie-break at equal times: resources are freed before jobs
/// arrive, so a cycle at time t sees everything that happened at t.</summary>
internal enum EventKind
{
    Finish,
    Stopped,
    UserFailure,
    Requeue,
    NodeDown,
    NodeUp,
    Arrival,

    /// <summary>A policy asked to be called at this time (e.g. LAS: a job crosses its queue threshold).</summary>
    Wake,
}

/// <summary>One event on virtual time.</summary>
/// <param name="Time">Seconds from the trace's start.</param>
/// <param name="Kind">What happens.</param>
/// <param name="Target">The job or node index.</param>
/// <param name="Attempt">The job's attempt the event belongs to; a later attempt makes it stale.</param>
internal readonly record struct SimEvent(double Time, EventKind Kind, int Target, int Attempt);

/// <summary>Events by time, then kind, then insertion order: the same input always pops in the same order.</summary>
internal sealed class EventQueue
{
    private readonly PriorityQueue<SimEvent, (double Time, int Kind, long Sequence)> _queue = new();
    private long _sequence;

    public int Count => _queue.Count;

    public void Add(SimEvent e) => _queue.Enqueue(e, (e.Time, (int)e.Kind, _sequence++));

    public bool TryPeekTime(out double time)
    {
        if (_queue.TryPeek(out var e, out _))
        {
            time = e.Time;
            return true;
        }

        time = 0;
        return false;
    }

    public SimEvent Take() => _queue.Dequeue();
}
