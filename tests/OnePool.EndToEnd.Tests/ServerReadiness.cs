using OnePool.TestKit.Polling;

namespace OnePool.EndToEnd.Tests;

/// <summary>Waits for a started <c>onepool server</c> to answer <c>/readyz</c>, failing at once with its output if it exits.</summary>
internal static class ServerReadiness
{
    public static async Task WaitAsync(OnePoolProcess server, Uri url, CancellationToken cancellationToken)
    {
        using var probe = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.WaitUntilAsync(async () =>
        {
            if (server.Process.HasExited)
            {
                throw new InvalidOperationException($"onepool server exited {server.Process.ExitCode}:\n{server.Output}");
            }

            try
            {
                return (await probe.GetAsync("/readyz", cancellationToken)).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), cancellationToken, TimeSpan.FromMilliseconds(100));
    }
}
