using OnePool.Cli.Client;
using OnePool.Core.Resources;

namespace OnePool.Cli.Commands.Service.Dev;

/// <summary>What <c>onepool dev</c> prints while the pool comes up, and the next steps.</summary>
internal static class DevProgress
{
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Prints each node as it joins; warns (and goes on) if some have not joined within a minute.</summary>
    public static async Task WaitForNodesAsync(BrokerClient client, TextWriter output, TimeProvider time, int expected, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var started = time.GetTimestamp();
        while (seen.Count < expected && time.GetElapsedTime(started) < JoinTimeout)
        {
            foreach (var node in (await client.ListNodesAsync(cancellationToken)).Nodes.Where(n => n.State == "ready" && seen.Add(n.Id)))
            {
                var devices = string.Join(", ", node.Accelerators.Select(a => $"{a.Value} x {a.Key}"));
                await output.WriteLineAsync($"  site {node.Site,-11} node {node.Name,-13} joined: {Quantity.FormatCpu(node.CpuMillis)} cpu, {Quantity.FormatMemory(node.MemoryMiB)}, {devices}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken);
        }

        if (seen.Count < expected)
        {
            await output.WriteLineAsync($"warning: only {seen.Count} of {expected} nodes joined within {JoinTimeout.TotalSeconds:F0} s; see the agent logs under the data folder");
        }
    }

    /// <summary>Prints where things are and what to type next, with <paramref name="self"/> as the command
    /// name (<c>onepool</c>, or <c>./onepool</c> when run through the checkout's wrapper and not on PATH).</summary>
    public static async Task PrintNextStepsAsync(TextWriter output, Uri url, string configPath, string folder, string self)
    {
        await output.WriteLineAsync($"""

            The pool is up at {url}
              CLI config (with the admin token): {configPath}
              agent logs:                        {Path.Combine(folder, "agents", "*", "agent.log")}

            In another terminal, try:
              {self} pool
              {self} run --gpus T4:1 -- nvidia-smi || echo no-gpu-here
              {self} submit examples/hello.yaml --wait
              {self} jobs

            Press Ctrl-C to stop everything.
            """);
    }
}
