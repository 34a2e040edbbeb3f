using System.CommandLine;
using System.Globalization;
using OnePool.Cli.Output;
using OnePool.Contracts.Jobs;

namespace OnePool.Cli.Commands.Jobs;

/// <summary><c>onepool jobs</c>: the queue, like <c>squeue</c>.</summary>
internal static class JobsCommand
{
    private static readonly string[] KnownStates = ["pending", "scheduled", "running", "cancelling", "succeeded", "failed", "cancelled"];

    /// <summary>Creates the command.</summary>
    public static Command Create(GlobalOptions globals)
    {
        var output = JsonOutput.CreateOption();
        var all = new Option<bool>("--all", "-a") { Description = "Include jobs that ended more than 24 hours ago" };
        var state = new Option<string[]>("--state", "-s") { Description = "Only jobs in these states (comma-separated or repeated)" };
        var limit = new Option<int?>("--limit") { Description = "At most this many jobs, newest first" };
        var command = new Command("jobs", "List jobs, newest first") { output, all, state, limit };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var states = (parseResult.GetValue(state) ?? [])
                .SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Select(s => s.ToLowerInvariant()).Distinct().ToList();
            if (states.FirstOrDefault(s => !KnownStates.Contains(s)) is { } unknown)
            {
                throw new UsageException($"--state: '{unknown}' is not a job state ({string.Join(", ", KnownStates)})");
            }

            using var broker = globals.Connect(parseResult);
            var jobs = await broker.ListJobsAsync(states, parseResult.GetValue(limit), parseResult.GetValue(all), cancellationToken);
            await JsonOutput.WriteAsync(parseResult, output, globals.Context.Out, jobs, () => Render(jobs, globals.Context.Times, globals.Context.Width), cancellationToken);

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The jobs table: ID, NAME, TENANT, STATE, RESOURCES, SITE, AGE, REASON.</summary>
    public static string Render(JobList list, TimeText times, int width)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(times);
        if (list.Jobs.Count == 0)
        {
            return "no jobs\n";
        }

        var table = new TextTable("ID", "NAME", "TENANT", "STATE", "RESOURCES", "SITE", "AGE", "REASON");
        foreach (var job in list.Jobs)
        {
            table.AddRow(
                job.Id.ToString(CultureInfo.InvariantCulture), job.Name, job.Tenant, job.State, job.Resources,
                job.Site ?? "-", times.Age(job.SubmittedAt), job.Reason ?? "");
        }

        return table.Render(width);
    }
}
