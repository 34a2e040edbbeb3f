using OnePool.TestKit.Files;
using OnePool.TestKit.Polling;
using Shouldly;

namespace OnePool.EndToEnd.Tests;

[Collection(EndToEndGroup.Name)]
public sealed class DevDemoTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Journey 1: `onepool dev`, then another terminal runs jobs with no setup, then Ctrl-C stops it all.</summary>
    [Fact]
    public async Task Dev_StartsThePool_RunsAJobFromAnotherTerminal_AndStopsCleanlyOnCtrlC()
    {
        using var folder = new TempDirectory();
        var config = folder.Combine("cli.json");
        var port = FreePort();
        var env = new Dictionary<string, string> { ["ONEPOOL_CONFIG"] = config };
        await using var dev = OnePoolProcess.Start(["dev", "--data", folder.Combine("data"), "--port", port], env, folder.Path);
        await Eventually.WaitUntilAsync(() => Task.FromResult(dev.Output.Contains("Press Ctrl-C", StringComparison.Ordinal) || dev.Process.HasExited),
            TimeSpan.FromSeconds(90), Ct, TimeSpan.FromMilliseconds(100));
        dev.Output.ShouldContain("joined: 16 cpu, 128Gi, 8 x A100-80G");
        dev.Output.ShouldContain("joined: 4 cpu, 16Gi, 2 x T4");
        File.Exists(config).ShouldBeTrue();

        var run = await CliAsync(env, folder.Path, "run", "--gpus", "T4:1", "--", "python3", "-c", "print(42)");
        var pool = await CliAsync(env, folder.Path, "pool");

        run.Stdout.Trim().ShouldBe("42", run.Stderr);
        pool.Stdout.ShouldContain("gpu-centre");
        pool.Stdout.ShouldMatch(@"(?m)^edge\s+T4\s+2\s");
        pool.Stdout.ShouldMatch(@"(?m)^gpu-centre\s+A100-80G\s+16\s");
        var agents = Directory.GetFiles(folder.Combine("data", "agents"), "agent-state.json", SearchOption.AllDirectories).Length;
        agents.ShouldBe(3);

        dev.Signal(2); // Ctrl-C
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await dev.Process.WaitForExitAsync(timeout.Token);
        dev.Process.ExitCode.ShouldBe(0, dev.Output);
        dev.Output.ShouldContain("stopping");
    }

    private static async Task<CliResult> CliAsync(IReadOnlyDictionary<string, string> env, string folder, params string[] args)
    {
        using var process = System.Diagnostics.Process.Start(Executable.StartInfo(args, env, folder))!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    private static string FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
