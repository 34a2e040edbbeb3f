using System.Collections.Concurrent;
using OnePool.Store.Records;

namespace OnePool.Broker.Agents;

/// <summary>The checkpoint marks already recorded, per replica, so that an agent re-sending the same mark on every
/// lease costs no write (only changes reach the store).</summary>
internal sealed class CheckpointMarks
{
    private const int MaxRemembered = 100_000;
    private readonly ConcurrentDictionary<(long AttemptId, int Replica), (string Name, DateTimeOffset At)> _recorded = new();

    /// <summary>The marks not recorded yet.</summary>
    public IReadOnlyList<CheckpointMark> Unrecorded(IReadOnlyList<CheckpointMark> marks)
    {
        ArgumentNullException.ThrowIfNull(marks);
        if (_recorded.Count > MaxRemembered)
        {
            _recorded.Clear(); // forgetting only costs a write the next time a mark is re-sent
        }

        var fresh = new List<CheckpointMark>();
        foreach (var mark in marks)
        {
            var key = (mark.AttemptId, mark.Replica);
            if (!_recorded.TryGetValue(key, out var known) || known != (mark.Name, mark.At))
            {
                fresh.Add(mark);
            }
        }

        return fresh;
    }

    /// <summary>Remembers marks once they are committed.</summary>
    public void Recorded(IReadOnlyList<CheckpointMark> marks)
    {
        ArgumentNullException.ThrowIfNull(marks);
        foreach (var mark in marks)
        {
            _recorded[(mark.AttemptId, mark.Replica)] = (mark.Name, mark.At);
        }
    }
}
