using System.Globalization;
using System.Text;
using OnePool.Cli.Output;
using OnePool.Contracts.Jobs;

namespace OnePool.Cli.Commands.Jobs;

/// <summary>The readable report of <c>onepool job ID</c>: facts, the spec, the attempts table and the events.</summary>
internal static class JobReport
{
    // The tables' last columns (reason, message) carry the sentences a person acts on ("requeued: preempted by job 9
    // ..."), so they are never cut to the terminal's width: a long line wraps in the terminal instead.
    private const int Unbounded = 10_000;

    /// <summary>Renders <paramref name="detail"/>; times are local, through <paramref name="times"/>.</summary>
    public static string Render(JobDetail detail, TimeText times, int width)
    {
        ArgumentNullException.ThrowIfNull(detail);
        ArgumentNullException.ThrowIfNull(times);
        var job = detail.Job;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Job {job.Id}: {job.Name}\n");
        var facts = new List<(string, string)>
        {
            ("tenant", job.Tenant),
            ("state", job.State),
            ("priority", job.Priority.ToString(CultureInfo.InvariantCulture)),
            ("resources", job.Resources),
            ("submitted", $"{times.At(job.SubmittedAt)} ({times.Age(job.SubmittedAt)} ago)"),
            ("started", times.At(job.StartedAt)),
            ("finished", times.At(job.FinishedAt)),
            ("site", job.Site ?? "-"),
            ("reason", job.Reason ?? "-"),
            ("exit code", job.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "-"),
            ("attempts", job.Attempts.ToString(CultureInfo.InvariantCulture)),
        };
        if (detail.Efficiency is { } e)
        {
            facts.Add(("efficiency", string.Create(CultureInfo.InvariantCulture,
                $"effective training time {e.EffectiveTrainingTime:P1}; lost work {TimeText.Span(TimeSpan.FromSeconds(e.LostWorkSeconds))}; infrastructure failures {e.InfrastructureFailures} (not charged), own failures {e.OwnFailures}")));
        }

        if (detail.Checkpoint is { } checkpoint)
        {
            var progress = checkpoint.Progress is null ? "" : $", progress {checkpoint.Progress}";
            facts.Add(("checkpoint", $"{checkpoint.Name} at {times.At(checkpoint.At)} in {checkpoint.StorageDomain}{progress}"));
        }

        foreach (var (key, value) in facts)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {key + ":",-12}{value}\n");
        }

        text.Append("\nSpec:\n").Append(SpecText.Render(detail.Spec, indent: 2));
        text.Append("\nAttempts:\n").Append(Indent(AttemptTable(detail.AttemptHistory, times, width)));
        text.Append("\nEvents:\n").Append(Indent(EventTable(detail.Events, times, width)));
        return text.ToString();
    }

    private static string AttemptTable(IReadOnlyList<AttemptView> attempts, TimeText times, int width)
    {
        if (attempts.Count == 0)
        {
            return "none\n";
        }

        var table = new TextTable("ID", "#", "STATE", "SITE", "ACCELERATOR", "NODES", "STARTED", "ENDED", "EXIT", "REASON");
        foreach (var a in attempts)
        {
            var nodes = string.Join(",", a.Replicas.Select(r => r.Node).Distinct(StringComparer.Ordinal));
            table.AddRow(
                a.Id.ToString(CultureInfo.InvariantCulture), a.Number.ToString(CultureInfo.InvariantCulture), a.State, a.Site,
                a.Accelerator.Length == 0 ? "-" : a.Accelerator, nodes.Length == 0 ? "-" : nodes, times.At(a.StartedAt),
                times.At(a.FinishedAt), a.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "-", a.Reason ?? "");
        }

        return table.Render(Math.Max(width - 2, Unbounded));
    }

    private static string EventTable(IReadOnlyList<JobEventView> events, TimeText times, int width)
    {
        if (events.Count == 0)
        {
            return "none\n";
        }

        var table = new TextTable("AT", "EVENT", "MESSAGE");
        foreach (var e in events)
        {
            table.AddRow(times.At(e.At), e.Type, e.Message);
        }

        return table.Render(Math.Max(width - 2, Unbounded));
    }

    private static string Indent(string block) =>
        string.Concat(block.TrimEnd('\n').Split('\n').Select(line => line.Length == 0 ? "\n" : $"  {line}\n"));
}
