using System.Globalization;
using System.Text.Json;
using OnePool.Agent.Execution;

namespace OnePool.Agent.State;

/// <summary>Keeps <c>DATA/agent-state.json</c> in step with the running replicas, written atomically (temp file, then
/// rename), so that the next agent run can kill what a crashed run left behind.</summary>
internal sealed class AgentStateFile(string dataDirectory)
{
    /// <summary>File name under the data directory.</summary>
    public const string FileName = "agent-state.json";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly Lock _lock = new();

    public string Path { get; } = System.IO.Path.Combine(dataDirectory, FileName);

    /// <summary>Rewrites the file with the replicas of <paramref name="executor"/> that still have a live process.</summary>
    public void Write(string agentInstance, ProcessExecutor executor)
    {
        ArgumentNullException.ThrowIfNull(executor);
        var held = executor.Held
            .Where(r => r.Pid is not null && r.Outcome is null)
            .Select(r => new HeldProcess(r.Key.AttemptId, r.Key.ReplicaIndex, r.Pid!.Value, r.Pid.Value, StartTicks(r.Pid.Value)))
            .ToList();
        Write(new AgentState(agentInstance, held));
    }

    /// <summary>Replaces the file with <paramref name="state"/>.</summary>
    public void Write(AgentState state)
    {
        var json = JsonSerializer.Serialize(state, JsonOptions);
        lock (_lock)
        {
            var temp = Path + ".tmp";
            File.WriteAllText(temp, json);
            File.Move(temp, Path, overwrite: true);
        }
    }

    /// <summary>The file's contents, or null when there is none or it cannot be read.</summary>
    public async Task<AgentState?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = File.OpenRead(Path);
            return await JsonSerializer.DeserializeAsync<AgentState>(stream, JsonOptions, cancellationToken);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Field 22 of <c>/proc/PID/stat</c>, or null when the process does not exist.</summary>
    public static long? StartTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/stat"));
            // The command name (field 2) is in parentheses and may contain spaces; count fields after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length > 19 && long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                ? ticks
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
