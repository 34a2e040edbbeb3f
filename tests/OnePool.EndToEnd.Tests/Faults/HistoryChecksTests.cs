using OnePool.Contracts.Jobs;
using OnePool.Core.Specs;
using Shouldly;

namespace OnePool.EndToEnd.Tests.Faults;

/// <summary>The checker itself, on made-up histories: a checker that never fails would prove nothing.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class HistoryChecksTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Violations_OneFailedThenOneSucceededAttempt_AreNone()
    {
        var job = Job(1, "succeeded", [Attempt(1, "failed", 0, 2), Attempt(2, "succeeded", 2, 5)], "succeeded");

        HistoryChecks.Violations(new HistoryRecord([1], [job], Lines(1, 1))).ShouldBeEmpty();
    }

    [Fact]
    public void Violations_AcknowledgedJobMissing_AreReported()
    {
        HistoryChecks.Violations(new HistoryRecord([7], [], new Dictionary<long, string[]>())).ShouldHaveSingleItem().ShouldContain("job 7 was acknowledged but is missing");
    }

    [Fact]
    public void Violations_TwoSucceededAttemptsAndTwoCompletions_AreReported()
    {
        var job = Job(1, "succeeded", [Attempt(1, "succeeded", 0, 2), Attempt(2, "succeeded", 2, 5)], "succeeded", "succeeded");

        var found = HistoryChecks.Violations(new HistoryRecord([1], [job], Lines(1, 2)));

        found.Count.ShouldBe(3, string.Join("\n", found));
    }

    [Fact]
    public void Violations_AttemptCreatedBeforeThePreviousEnded_AreReported()
    {
        var job = Job(1, "succeeded", [Attempt(1, "lost", 0, 4), Attempt(2, "succeeded", 3, 6)], "succeeded");

        HistoryChecks.Violations(new HistoryRecord([1], [job], Lines(1, 1))).ShouldHaveSingleItem().ShouldContain("before attempt 1 ended");
    }

    [Fact]
    public void Violations_JobNotFinal_AreReported()
    {
        var job = Job(1, "running", [Attempt(1, "running", 0, null)]);

        HistoryChecks.Violations(new HistoryRecord([1], [job], Lines(1, 0))).ShouldHaveSingleItem().ShouldContain("stuck in running");
    }

    private static Dictionary<long, string[]> Lines(long id, int count) => new() { [id] = [.. Enumerable.Repeat("completed", count)] };

    private static AttemptView Attempt(int number, string state, int createdAt, int? finishedAt) =>
        new(number * 10, number, state, "a", "", [], T0.AddSeconds(createdAt), null, finishedAt is { } f ? T0.AddSeconds(f) : null, null, null);

    private static JobDetail Job(long id, string state, IReadOnlyList<AttemptView> attempts, params string[] eventTypes) =>
        new(new JobSummary(id, "j", "default", state, 0, "", T0, null, null, "a", null, null, attempts.Count),
            new JobSpec(), attempts, [.. eventTypes.Select(t => new JobEventView(T0, t, t))]);
}
