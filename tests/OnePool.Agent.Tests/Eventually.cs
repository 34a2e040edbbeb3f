using System.Diagnostics;

namespace OnePool.Agent.Tests;

/// <summary>Polls a condition until it holds or a deadline passes (tests never sleep for a fixed time).</summary>
public static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var started = Stopwatch.GetTimestamp();
        while (!condition())
        {
            if (Stopwatch.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException($"the condition did not hold within {timeout.TotalSeconds} s");
            }

            await Task.Delay(PollInterval, TestContext.Current.CancellationToken);
        }
    }
}
