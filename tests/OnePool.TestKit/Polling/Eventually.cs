namespace OnePool.TestKit.Polling;

/// <summary>Polls a condition until it holds or a deadline passes, for tests of things that happen in the background
/// (a server accepting connections, a process exiting). Prefer a fake clock where the code under test takes one.</summary>
public static class Eventually
{
    /// <summary>Checks <paramref name="condition"/> every <paramref name="interval"/> (default 20 ms) until it returns true.</summary>
    /// <exception cref="TimeoutException">It did not become true within <paramref name="timeout"/>.</exception>
    public static async Task WaitUntilAsync(
        Func<Task<bool>> condition, TimeSpan timeout, CancellationToken cancellationToken, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var started = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            if (TimeProvider.System.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException($"the condition did not hold within {timeout.TotalSeconds:0.###} s");
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(20), cancellationToken);
        }
    }
}
