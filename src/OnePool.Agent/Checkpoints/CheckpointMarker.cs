namespace OnePool.Agent.Checkpoints;

/// <summary>
/// Reads what a job says about its checkpoints. The convention (docs/agent.md): the job writes checkpoints anywhere
/// under <c>$ONEPOOL_CHECKPOINT_DIR</c> and, once one is complete, writes its name (relative to that directory) into
/// <c>latest</c> there; it may also keep a short <c>progress</c> note such as a step count. The agent reports both
/// with every lease; a requeued attempt gets <c>ONEPOOL_RESUME_FROM</c> pointing at the newest.
/// </summary>
internal static class CheckpointMarker
{
    private const int MaxLength = 100;

    /// <summary>The newest checkpoint marked in <paramref name="directory"/>, or nulls when none is (or the marker is
    /// not a plain relative name).</summary>
    public static (string? Name, DateTimeOffset? At, string? Progress) Read(string directory)
    {
        var latest = Path.Combine(directory, "latest");
        try
        {
            var info = new FileInfo(latest);
            if (!info.Exists || info.Length > 4096)
            {
                return (null, null, null);
            }

            var name = File.ReadAllText(latest).Trim();
            if (name.Length is 0 or > MaxLength || Path.IsPathRooted(name) || name.Contains("..", StringComparison.Ordinal) || name.Contains('\n', StringComparison.Ordinal))
            {
                return (null, null, null);
            }

            return (name, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero), ReadProgress(directory));
        }
        catch (IOException)
        {
            // Being rewritten right now: the next lease reads it.
            return (null, null, null);
        }
    }

    private static string? ReadProgress(string directory)
    {
        var path = Path.Combine(directory, "progress");
        if (!File.Exists(path) || new FileInfo(path).Length > 4096)
        {
            return null;
        }

        var text = File.ReadAllText(path).Trim();
        return text.Length == 0 ? null : text[..Math.Min(MaxLength, text.Length)];
    }
}
