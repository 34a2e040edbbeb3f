using Microsoft.Extensions.Logging.Abstractions;
using OnePool.Agent.Execution;

namespace OnePool.Agent.Tests.Execution;

/// <summary>A <see cref="ProcessExecutor"/> over a temporary data directory.</summary>
public sealed class ExecutorFixture : IDisposable
{
    private readonly TestDirectory _directory = new();

    public ExecutorFixture(TimeProvider? time = null)
    {
        Time = time ?? TimeProvider.System;
        Executor = new ProcessExecutor(new ExecutorContext(_directory.Path, "node-1", Time, NullLogger.Instance, _ => { }, () => { }));
    }

    public string DataDirectory => _directory.Path;

    public TimeProvider Time { get; }

    internal ProcessExecutor Executor { get; }

    internal static async Task<string> ReadLogAsync(ReplicaProcess replica) =>
        await File.ReadAllTextAsync(replica.LogPath, TestContext.Current.CancellationToken);

    internal static async Task WaitForLogAsync(ReplicaProcess replica, string text)
    {
        await Eventually.WaitUntilAsync(() => File.ReadAllText(replica.LogPath).Contains(text, StringComparison.Ordinal),
            TimeSpan.FromSeconds(10));
    }

    public void Dispose()
    {
        foreach (var replica in Executor.Held)
        {
            if (replica.Pid is { } pid)
            {
                ProcessGroup.Signal(pid, ProcessGroup.SigKill);
            }
        }

        Executor.Dispose();
        _directory.Dispose();
    }
}
