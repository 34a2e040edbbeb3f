using OnePool.Core.Jobs;
using Shouldly;
using Xunit;

namespace OnePool.Core.Tests.Jobs;

public sealed class AttemptLifecycleTests
{
    [Fact]
    public void Next_AllReplicasRunning_IsRunning() =>
        AttemptLifecycle.Next(AttemptState.Dispatched, [ReplicaState.Running, ReplicaState.Running], false).ShouldBe(AttemptState.Running);

    [Fact]
    public void Next_OneOfTwoStarted_StaysDispatched() =>
        AttemptLifecycle.Next(AttemptState.Dispatched, [ReplicaState.Running, ReplicaState.Assigned], false).ShouldBe(AttemptState.Dispatched);

    [Fact]
    public void Next_OneReplicaFailedOthersRunning_StopsTheGang() =>
        AttemptLifecycle.Next(AttemptState.Running, [ReplicaState.Failed, ReplicaState.Running], false).ShouldBe(AttemptState.Stopping);

    [Fact]
    public void Next_FailedAndStopped_IsFailed() =>
        AttemptLifecycle.Next(AttemptState.Stopping, [ReplicaState.Failed, ReplicaState.Stopped], false).ShouldBe(AttemptState.Failed);

    [Fact]
    public void Next_LostAndStopped_IsLost() =>
        AttemptLifecycle.Next(AttemptState.Stopping, [ReplicaState.Lost, ReplicaState.Stopped], false).ShouldBe(AttemptState.Lost);

    [Fact]
    public void Next_CancelAskedAndAllStopped_IsCancelled() =>
        AttemptLifecycle.Next(AttemptState.Stopping, [ReplicaState.Stopped], true).ShouldBe(AttemptState.Cancelled);

    [Fact]
    public void Next_FinalAttempt_NeverChanges() =>
        AttemptLifecycle.Next(AttemptState.Succeeded, [ReplicaState.Failed], true).ShouldBe(AttemptState.Succeeded);

    [Theory]
    [InlineData(0, 2, JobState.Pending)]
    [InlineData(2, 2, JobState.Failed)]
    public void JobAfter_Failure_RetriesWhileBudgetLasts(int failures, int retries, JobState expected) =>
        AttemptLifecycle.JobAfter(AttemptState.Failed, failures, retries).Next.ShouldBe(expected);

    [Fact]
    public void JobAfter_Lost_RequeuesWithoutUsingTheBudget()
    {
        var (next, counts) = AttemptLifecycle.JobAfter(AttemptState.Lost, 5, 0);

        next.ShouldBe(JobState.Pending);
        counts.ShouldBeFalse();
    }

    [Fact]
    public void Next_PreemptedAndAllStopped_IsPreempted() =>
        AttemptLifecycle.Next(AttemptState.Stopping, [ReplicaState.Stopped, ReplicaState.Stopped], StopCause.Preempt).ShouldBe(AttemptState.Preempted);

    [Fact]
    public void Next_PreemptAsked_StopsARunningAttempt() =>
        AttemptLifecycle.Next(AttemptState.Running, [ReplicaState.Running], StopCause.Preempt).ShouldBe(AttemptState.Stopping);

    [Fact]
    public void JobAfter_Preempted_RequeuesWithoutUsingTheBudget() =>
        AttemptLifecycle.JobAfter(AttemptState.Preempted, 0, 0).ShouldBe((JobState.Pending, false));

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 0)]
    [InlineData(3, 10)]
    [InlineData(4, 20)]
    [InlineData(30, 600)]
    public void LostDelay_AtOnceForTwoLossesThenBacksOff(int lost, int seconds) =>
        AttemptLifecycle.LostDelay(lost).ShouldBe(TimeSpan.FromSeconds(seconds));

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(4, 80)]
    [InlineData(20, 600)]
    public void RetryDelay_DoublesFromTenSecondsUpToTenMinutes(int failures, int seconds) =>
        AttemptLifecycle.RetryDelay(failures).ShouldBe(TimeSpan.FromSeconds(seconds));
}
