using System.Globalization;
using System.Text;
using OnePool.Cli.Client;
using OnePool.Cli.Output;
using OnePool.Contracts.Jobs;
using OnePool.Core.Specs;

namespace OnePool.Cli.Commands.Plan;

/// <summary>
/// Shows a job's plan like SkyPilot's optimizer table: one line per site and accelerator choice with its expected
/// start, runtime and cost, a mark on the one OnePool would take now, then the sites and choices excluded and why.
/// Shared by <c>onepool plan</c> and <c>onepool submit --dry-run</c>.
/// </summary>
internal static class PlanReport
{
    /// <summary>Plans every job of a file and writes the plans (a JSON object, or an array for several jobs).
    /// Returns <see cref="ExitCodes.Ok"/> when every job can run somewhere, else <see cref="ExitCodes.Failure"/>.</summary>
    public static async Task<int> WriteAsync(BrokerClient broker, CliContext context, IReadOnlyList<JobSpec> jobs, bool json, CancellationToken cancellationToken)
    {
        var plans = new List<JobPlanResponse>();
        var run = new List<string>(); // names of consecutive jobs with the same plan text (a job array's elements)
        string? runText = null;
        foreach (var spec in jobs)
        {
            var plan = await broker.PlanJobAsync(spec, cancellationToken);
            plans.Add(plan);
            if (json)
            {
                continue;
            }

            var text = Render(plan, TextTable.RedirectedWidth);
            if (text != runText)
            {
                await WriteRunAsync(context, jobs.Count, run, runText, cancellationToken);
                (run, runText) = ([], text);
            }

            run.Add(spec.Name ?? "");
        }

        if (!json)
        {
            await WriteRunAsync(context, jobs.Count, run, runText, cancellationToken);
        }
        else
        {
            if (plans.Count == 1)
            {
                JsonOutput.Write(context.Out, plans[0]);
            }
            else
            {
                JsonOutput.Write(context.Out, plans);
            }
        }

        return plans.All(p => p.Rows.Count > 0) ? ExitCodes.Ok : ExitCodes.Failure;
    }

    /// <summary>One plan, under the names of the consecutive jobs it is the plan of: a job array of ten alike jobs
    /// prints one table, not ten.</summary>
    private static async Task WriteRunAsync(CliContext context, int jobs, List<string> names, string? text, CancellationToken cancellationToken)
    {
        if (text is null || names.Count == 0)
        {
            return;
        }

        var title = jobs == 1 ? ""
            : names.Count == 1 ? $"job {names[0]}:\n"
            : string.Create(CultureInfo.InvariantCulture, $"jobs {names[0]} to {names[^1]} ({names.Count} jobs, each planned alone: the same plan):\n");
        await context.Out.WriteAsync((title + text).AsMemory(), cancellationToken);
    }

    /// <summary>The plan as text: the table, the exclusions and a one-line verdict.</summary>
    public static string Render(JobPlanResponse plan, int width)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"plan for {plan.Resources}:\n");
        if (plan.Rows.Count > 0)
        {
            var notes = plan.Rows.Any(r => r.Note is not null);
            var table = notes
                ? new TextTable("SITE", "ACCELERATOR", "START", "RUNTIME", "COST", "CHOSEN", "NOTE")
                : new TextTable("SITE", "ACCELERATOR", "START", "RUNTIME", "COST", "CHOSEN");
            foreach (var row in plan.Rows)
            {
                string?[] cells = [row.Site, row.Accelerator.Length == 0 ? "-" : row.Accelerator, Start(row.ExpectedStart, plan.Now) + (row.StartIsLowerBound ? "+" : ""),
                    Duration(TimeSpan.FromSeconds(row.ExpectedRuntimeSeconds)), Cost(row.ExpectedCost), row.Chosen ? "✔" : ""];
                table.AddRow(notes ? [.. cells, row.Note ?? ""] : cells);
            }

            text.Append(table.Render(width));
        }

        if (plan.Excluded.Count > 0)
        {
            text.Append("excluded:\n");
            foreach (var e in plan.Excluded)
            {
                var what = e.Accelerator.Length == 0 ? e.Site : $"{e.Site} ({e.Accelerator})";
                text.Append(CultureInfo.InvariantCulture, $"  {what}: {e.Reason}\n");
            }
        }

        text.Append(Verdict(plan)).Append('\n');
        return text.ToString();
    }

    private static string Verdict(JobPlanResponse plan)
    {
        var ahead = plan.PendingAhead > 0 ? $"; {plan.PendingAhead.ToString(CultureInfo.InvariantCulture)} pending job(s) are ahead of it" : "";
        if (plan.Rows.FirstOrDefault(r => r.Chosen) is { } chosen)
        {
            var on = chosen.Accelerator.Length == 0 ? "" : $" on {chosen.Accelerator}";
            return $"OnePool would place it now at {chosen.Site}{on}.";
        }

        return plan.Rows.Count == 0
            ? $"no site can run this job{(plan.Waiting is null ? "" : $": {plan.Waiting}")}"
            : $"it would wait: {plan.Waiting ?? "for resources"}{ahead}";
    }

    /// <summary><c>now</c>, <c>~2h</c> from the plan's time, or <c>unknown</c>.</summary>
    public static string Start(DateTimeOffset? start, DateTimeOffset now) =>
        start is not { } s ? "unknown" : s - now < TimeSpan.FromSeconds(1) ? "now" : $"~{Duration(s - now)}";

    /// <summary>A duration in its two largest units: <c>45s</c>, <c>12m</c>, <c>1h30m</c>, <c>2d4h</c>.</summary>
    public static string Duration(TimeSpan span)
    {
        span = span < TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Round(span.TotalSeconds));
        return span.TotalMinutes < 1 ? $"{span.Seconds}s"
            : span.TotalHours < 1 ? $"{span.Minutes}m"
            : span.TotalDays < 1 ? (span.Minutes == 0 ? $"{span.Hours}h" : $"{span.Hours}h{span.Minutes}m")
            : span.Hours == 0 ? $"{(int)span.TotalDays}d" : $"{(int)span.TotalDays}d{span.Hours}h";
    }

    private static string Cost(double cost) => cost > 0 ? cost.ToString("0.00", CultureInfo.InvariantCulture) : "-";
}
