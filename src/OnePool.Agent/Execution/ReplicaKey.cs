using System.Globalization;

namespace OnePool.Agent.Execution;

/// <summary>Identifies one replica of one attempt; the agent never starts the same key twice in one process.</summary>
internal readonly record struct ReplicaKey(long AttemptId, int ReplicaIndex)
{
    /// <summary>File-name form: <c>attempt-12-0</c>.</summary>
    public string FileStem => string.Create(CultureInfo.InvariantCulture, $"attempt-{AttemptId}-{ReplicaIndex}");
}
