using OnePool.Cli.Commands.Jobs;
using OnePool.Contracts.Jobs;
using Shouldly;

namespace OnePool.Cli.Tests.Commands.Jobs;

public sealed class ReplicaLogWriterTests
{
    [Fact]
    public async Task WriteAsync_NoPrefix_CopiesDataVerbatim()
    {
        var text = await WriteAsync(prefix: false, (0, "a"), (0, "b\nc"));

        text.ShouldBe("ab\nc");
    }

    [Fact]
    public async Task WriteAsync_Prefix_MarksEveryLineWithItsReplica()
    {
        var text = await WriteAsync(prefix: true, (0, "one\ntwo\n"), (1, "uno\n"));

        text.ShouldBe("[r0] one\n[r0] two\n[r1] uno\n");
    }

    [Fact]
    public async Task WriteAsync_LineSplitAcrossChunks_IsPrefixedOnce()
    {
        var text = await WriteAsync(prefix: true, (0, "hel"), (0, "lo\n"));

        text.ShouldBe("[r0] hello\n");
    }

    [Fact]
    public async Task WriteAsync_AnotherReplicaInterruptsALine_BreaksItAndEndsTheLastLine()
    {
        var text = await WriteAsync(prefix: true, (0, "50%"), (1, "ready\n"), (0, " 100%"));

        text.ShouldBe("[r0] 50%\n[r1] ready\n[r0]  100%\n");
    }

    private static async Task<string> WriteAsync(bool prefix, params (int Replica, string Data)[] chunks)
    {
        using var output = new StringWriter();
        var writer = new ReplicaLogWriter(output, prefix);
        foreach (var (replica, data) in chunks)
        {
            await writer.WriteAsync(new LogChunk(1, replica, data), TestContext.Current.CancellationToken);
        }

        if (prefix)
        {
            await writer.EndAsync(TestContext.Current.CancellationToken);
        }

        return output.ToString();
    }
}
