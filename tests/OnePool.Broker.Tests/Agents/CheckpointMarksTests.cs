using OnePool.Broker.Agents;
using OnePool.Store.Records;
using Shouldly;
using Xunit;

namespace OnePool.Broker.Tests.Agents;

public sealed class CheckpointMarksTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Unrecorded_SameMarkAfterItWasRecorded_IsNotWrittenAgain()
    {
        var marks = new CheckpointMarks();
        CheckpointMark[] first = [new(1, 0, "step-10", T0, "10")];

        marks.Unrecorded(first).ShouldHaveSingleItem();
        marks.Recorded(first);

        marks.Unrecorded([new(1, 0, "step-10", T0, "10")]).ShouldBeEmpty();
        marks.Unrecorded([new(1, 0, "step-20", T0.AddSeconds(10), "20")]).ShouldHaveSingleItem();
    }

    [Fact]
    public void Unrecorded_MarkWhoseWriteNeverCompleted_IsOfferedAgain()
    {
        var marks = new CheckpointMarks();
        CheckpointMark[] mark = [new(1, 0, "step-10", T0, null)];

        marks.Unrecorded(mark).ShouldHaveSingleItem();

        marks.Unrecorded(mark).ShouldHaveSingleItem();
    }
}
