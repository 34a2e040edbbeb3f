using OnePool.Cli.Commands.Jobs;
using OnePool.Cli.Output;
using OnePool.Contracts.Jobs;
using OnePool.TestKit.Approvals;
using Shouldly;

namespace OnePool.Cli.Tests.Commands.Jobs;

public sealed class RenderingTests
{
    [Fact]
    public void JobsTable_SampleQueue_MatchesApproved() =>
        Approvals.Verify(JobsCommand.Render(Samples.JobList(), Samples.Times(), TextTable.RedirectedWidth));

    [Fact]
    public void JobsTable_NoJobs_SaysSo() =>
        JobsCommand.Render(new JobList([]), Samples.Times(), TextTable.RedirectedWidth).ShouldBe("no jobs\n");

    [Fact]
    public void JobReport_FailedJobWithTwoAttempts_MatchesApproved() =>
        Approvals.Verify(JobReport.Render(Samples.JobDetail(), Samples.Times(), TextTable.RedirectedWidth));

    [Fact]
    public void JobReport_LongReasonOnANarrowTerminal_ShowsItWhole()
    {
        var reason = "requeued: preempted by job 9 (priority 10 over 0) to make room for 2 x (16 cpu, 64Gi, A100-80G:8) in gpu-centre, "
            + "which had no free A100-80G left after the backfill reservation for job 7";
        var detail = Samples.JobDetail();
        detail = detail with
        {
            Job = detail.Job with { State = "pending", Reason = reason },
            AttemptHistory = [detail.AttemptHistory[0] with { State = "preempted", Reason = reason }],
            Events = [new JobEventView(Samples.Now, "requeued", reason)],
        };

        var report = JobReport.Render(detail, Samples.Times(), 80);

        report.ShouldContain($"reason:     {reason}\n");
        report.ShouldContain($"preempted  hpc-east");
        report.Split('\n').Count(line => line.EndsWith(reason, StringComparison.Ordinal)).ShouldBe(3);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(59, "59s")]
    [InlineData(60, "1m")]
    [InlineData(3599, "59m")]
    [InlineData(7200, "2h")]
    [InlineData(86400 * 3 + 5, "3d")]
    [InlineData(-5, "0s")]
    public void Span_Seconds_UsesLargestWholeUnit(int seconds, string expected) =>
        TimeText.Span(TimeSpan.FromSeconds(seconds)).ShouldBe(expected);

    [Fact]
    public void At_Today_IsTimeOnlyElseDateAndMinutes()
    {
        var times = Samples.Times();

        (times.At(Samples.Now.AddHours(-1)), times.At(Samples.Now.AddDays(-2)), times.At(null))
            .ShouldBe(("11:00:00", "2025-03-12 12:00", "-"));
    }
}
