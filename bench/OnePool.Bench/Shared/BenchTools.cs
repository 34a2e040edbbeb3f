using System.Diagnostics;

namespace OnePool.Bench.Shared;

/// <summary>Helpers the process-driving benches share: free ports, polling with a deadline, running a program.</summary>
internal static class BenchTools
{
    /// <summary>A TCP port free on 127.0.0.1 right now.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, CancellationToken cancellationToken, TimeSpan? every = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"not done within {timeout}");
            }

            await Task.Delay(every ?? TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    /// <summary>Runs a program to its end; returns its exit code and its stdout followed by its stderr.</summary>
    public static async Task<(int Code, string Output)> RunAsync(string program, IEnumerable<string> args, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? env = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Waits until the <c>onepool server</c> started as <paramref name="server"/> answers <c>/readyz</c> at
    /// <paramref name="url"/>; fails at once, with its last output, if it exits first.</summary>
    public static async Task WaitForBrokerAsync(Faults.ChildProcess server, Uri url, CancellationToken cancellationToken)
    {
        using var probe = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(2) };
        await WaitUntilAsync(async () =>
        {
            if (server.Process.HasExited)
            {
                throw new InvalidOperationException($"onepool server exited {server.Process.ExitCode}:\n{server.Tail}");
            }

            try
            {
                using var response = await probe.GetAsync(new Uri("readyz", UriKind.Relative), cancellationToken);
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), cancellationToken);
    }

    /// <summary>The repository file at <paramref name="relativePath"/>, found from this program's folder upwards.</summary>
    public static string? FindInCheckout(string relativePath)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The <paramref name="percentile"/> (0–100) of <paramref name="sorted"/> (nearest rank).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double percentile) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
