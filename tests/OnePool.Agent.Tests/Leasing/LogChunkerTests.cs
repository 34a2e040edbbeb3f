using System.Text;
using OnePool.Agent.Leasing;
using Shouldly;

namespace OnePool.Agent.Tests.Leasing;

public sealed class LogChunkerTests
{
    [Fact]
    public void CompleteLength_EndsInsideAMultiByteCharacter_CutsBeforeIt()
    {
        var bytes = Encoding.UTF8.GetBytes("ab€"); // € is 3 bytes

        LogChunker.CompleteLength(bytes.AsSpan(0, 4), final: false).ShouldBe(2);
        LogChunker.CompleteLength(bytes, final: false).ShouldBe(5);
    }

    [Fact]
    public void CompleteLength_Final_KeepsEverything()
    {
        var bytes = Encoding.UTF8.GetBytes("ab€");

        LogChunker.CompleteLength(bytes.AsSpan(0, 4), final: true).ShouldBe(4);
    }

    [Fact]
    public async Task ReadAsync_LargeFile_SendsAtMost256KiBFromTheOffset()
    {
        using var dir = new TestDirectory();
        var path = Path.Combine(dir.Path, "a.log");
        await File.WriteAllTextAsync(path, "x" + new string('é', 200_000), TestContext.Current.CancellationToken);

        var upload = await LogChunker.ReadAsync(path, 1, 0, offset: 1, final: false, TestContext.Current.CancellationToken);

        upload!.Offset.ShouldBe(1);
        upload.Length.ShouldBe(LogChunker.MaxChunkBytes);
        upload.Data.ShouldBe(new string('é', LogChunker.MaxChunkBytes / 2));
    }

    [Fact]
    public async Task ReadAsync_NothingNew_ReturnsNull()
    {
        using var dir = new TestDirectory();
        var path = Path.Combine(dir.Path, "a.log");
        await File.WriteAllTextAsync(path, "done\n", TestContext.Current.CancellationToken);

        (await LogChunker.ReadAsync(path, 1, 0, offset: 5, final: true, TestContext.Current.CancellationToken)).ShouldBeNull();
    }
}
