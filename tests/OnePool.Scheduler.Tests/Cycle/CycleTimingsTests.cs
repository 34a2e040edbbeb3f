using OnePool.Scheduler.Tests.Builders;
using Shouldly;
using Xunit;

namespace OnePool.Scheduler.Tests.Cycle;

public sealed class CycleTimingsTests
{
    [Fact]
    public void Schedule_TellsHowManyJobsItTriedAndHowManyTheMemoAnswered()
    {
        // Two nodes of one T4: two of the ten identical jobs start, the third is tried and finds no room, and the
        // other seven are answered from the memo of that need.
        var jobs = Enumerable.Range(0, 10).Select(_ => new JobBuilder().WithGpus("T4:1").Build()).ToArray();
        var pool = new PoolBuilder().Nodes("s", 2, "T4", 1).Pending(jobs).Build();
        var scheduler = new PoolScheduler();
        scheduler.LastCycle.ShouldBeNull();

        var decisions = scheduler.Schedule(pool);

        decisions.Placements.Count.ShouldBe(2);
        var timings = scheduler.LastCycle.ShouldNotBeNull();
        timings.Tries.ShouldBe(3);
        timings.MemoAnswers.ShouldBe(7);
    }
}
