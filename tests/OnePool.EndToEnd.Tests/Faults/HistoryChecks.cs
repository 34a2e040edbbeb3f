using OnePool.Contracts.Jobs;

namespace OnePool.EndToEnd.Tests.Faults;

/// <summary>The promises a fault must not break (docs/failures.md), checked on a recorded <see cref="HistoryRecord"/>.</summary>
internal static class HistoryChecks
{
    private static readonly string[] FinalStates = ["succeeded", "failed", "cancelled"];

    /// <summary>Every broken promise, one sentence each; empty when the history is sound.</summary>
    public static IReadOnlyList<string> Violations(HistoryRecord history)
    {
        var found = new List<string>();
        var byId = history.Jobs.ToDictionary(j => j.Job.Id);
        found.AddRange(history.Acknowledged.Where(id => !byId.ContainsKey(id)).Select(id => $"job {id} was acknowledged but is missing"));
        foreach (var job in history.Jobs)
        {
            found.AddRange(Check(job, history.Completions.GetValueOrDefault(job.Job.Id, [])).Select(v => $"job {job.Job.Id}: {v}"));
        }

        return found;
    }

    private static IEnumerable<string> Check(JobDetail job, string[] completions)
    {
        var state = job.Job.State;
        if (!FinalStates.Contains(state))
        {
            yield return $"stuck in {state} ({job.Job.Reason})";
        }

        var succeededAttempts = job.AttemptHistory.Count(a => a.State == "succeeded");
        var succeededEvents = job.Events.Count(e => e.Type == "succeeded");
        var expected = state == "succeeded" ? 1 : 0;
        if (succeededAttempts != expected)
        {
            yield return $"is {state} with {succeededAttempts} succeeded attempts";
        }

        if (succeededEvents != expected)
        {
            yield return $"is {state} with {succeededEvents} 'succeeded' events";
        }

        if (completions.Length != expected)
        {
            yield return $"is {state} and its runs completed {completions.Length} times on disk: [{string.Join("; ", completions)}]";
        }

        foreach (var overlap in Overlaps(job.AttemptHistory))
        {
            yield return overlap;
        }
    }

    /// <summary>At most one live attempt at any moment: each attempt is created only once the previous one ended,
    /// and only the newest may still be open.</summary>
    private static IEnumerable<string> Overlaps(IReadOnlyList<AttemptView> attempts)
    {
        var ordered = attempts.OrderBy(a => a.Number).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            var attempt = ordered[i];
            if (attempt.Number != i + 1)
            {
                yield return $"attempt numbers are not 1..{ordered.Count}: {string.Join(", ", ordered.Select(a => a.Number))}";
            }

            if (i == ordered.Count - 1)
            {
                continue;
            }

            var next = ordered[i + 1];
            if (attempt.FinishedAt is not { } finished)
            {
                yield return $"attempt {attempt.Number} ({attempt.State}) never ended but attempt {next.Number} was created at {next.CreatedAt:O}";
            }
            else if (next.CreatedAt < finished)
            {
                yield return $"attempt {next.Number} was created at {next.CreatedAt:O}, before attempt {attempt.Number} ended at {finished:O}";
            }
        }
    }
}
