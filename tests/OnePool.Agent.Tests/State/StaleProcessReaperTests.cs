using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using OnePool.Agent.State;
using Shouldly;

namespace OnePool.Agent.Tests.State;

public sealed class StaleProcessReaperTests
{
    [Fact]
    public async Task ReapAsync_GroupLeftByPreviousRun_KillsTheWholeGroup()
    {
        using var dir = new TestDirectory();
        var start = new ProcessStartInfo("/usr/bin/setsid") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "/bin/bash", "-c", "sleep 300 & echo $!; sleep 300" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var childPid = int.Parse(await process.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken) ?? "",
            System.Globalization.CultureInfo.InvariantCulture);
        var file = new AgentStateFile(dir.Path);
        file.Write(new AgentState("previous", [
            new HeldProcess(3, 0, process.Id, process.Id, AgentStateFile.StartTicks(process.Id)),
        ]));

        var killed = await StaleProcessReaper.ReapAsync(file, NullLogger.Instance, TestContext.Current.CancellationToken);

        killed.ShouldBe(1);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await Eventually.WaitUntilAsync(() => ProcessTable.IsGone(childPid), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ReapAsync_PidReusedByAnotherProcess_LeavesItAlone()
    {
        using var dir = new TestDirectory();
        var start = new ProcessStartInfo("/usr/bin/setsid") { UseShellExecute = false };
        start.ArgumentList.Add("/bin/sleep");
        start.ArgumentList.Add("300");
        using var process = Process.Start(start)!;
        var file = new AgentStateFile(dir.Path);
        file.Write(new AgentState("previous", [
            new HeldProcess(3, 0, process.Id, process.Id, AgentStateFile.StartTicks(process.Id) + 1),
        ]));

        try
        {
            var killed = await StaleProcessReaper.ReapAsync(file, NullLogger.Instance, TestContext.Current.CancellationToken);

            killed.ShouldBe(0);
            process.HasExited.ShouldBeFalse();
        }
        finally
        {
            process.Kill();
        }
    }

    [Fact]
    public async Task ReapAsync_NoStateFile_KillsNothing()
    {
        using var dir = new TestDirectory();

        var killed = await StaleProcessReaper.ReapAsync(new AgentStateFile(dir.Path), NullLogger.Instance, TestContext.Current.CancellationToken);

        killed.ShouldBe(0);
    }
}
