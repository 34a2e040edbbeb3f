using Microsoft.AspNetCore.Http.HttpResults;
using OnePool.Broker.Agents;
using OnePool.Broker.Auth;
using OnePool.Broker.Problems;
using OnePool.Broker.Scheduling;
using OnePool.Contracts.Jobs;
using OnePool.Core.Jobs;
using OnePool.Store;
using OnePool.Store.Records;

namespace OnePool.Broker.Jobs;

/// <summary><c>/v1/jobs</c>: submit, list, inspect, cancel, read output.</summary>
internal static class JobEndpoints
{
    public static void MapJobEndpoints(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/v1/jobs").RequireAuthorization(Roles.Users).WithTags("jobs");
        // No Accepts() metadata: it would refuse bodies without a JSON content type with 415, and specs come as
        // JSON or YAML from curl as often as from the CLI. The body is parsed by JobSpecReader whatever its type.
        jobs.MapPost("/", JobSubmission.SubmitAsync)
            .Produces<SubmitJobResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem();
        jobs.MapGet("/", ListAsync);
        jobs.MapGet("/{id:long}", GetAsync);
        jobs.MapPost("/{id:long}/cancel", CancelAsync);
        jobs.MapGet("/{id:long}/logs", LogsAsync);
    }

    private static async Task<Results<Ok<JobList>, ProblemHttpResult, ValidationProblem>> ListAsync(
        HttpContext http, IStateStore store, TimeProvider time, string? state, int? limit, bool? all, string? tenant, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        var states = (state ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var s in states)
        {
            if (!Enum.TryParse<JobState>(s, ignoreCase: true, out _))
            {
                return Problem.Invalid("state", $"'{s}' is not a job state (pending, scheduled, running, cancelling, succeeded, failed, cancelled)");
            }
        }

        if (limit is < 1 or > 10_000)
        {
            return Problem.Invalid("limit", "must be between 1 and 10000");
        }

        var query = new JobQuery(
            caller.IsAdmin ? tenant : caller.Subject,
            states.Select(s => s.ToLowerInvariant()).ToList(),
            all == true ? null : time.GetUtcNow().AddHours(-24),
            limit ?? 500);
        var rows = await store.ListJobsAsync(query, cancellationToken);
        return TypedResults.Ok(new JobList(rows.Select(JobViews.Summary).ToList()));
    }

    private static async Task<Results<Ok<JobDetail>, ProblemHttpResult>> GetAsync(long id, HttpContext http, IStateStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        // One consistent read: a cycle dispatching meanwhile must not make the state, attempts and events disagree.
        var history = await store.GetJobHistoryAsync(id, cancellationToken);
        if (history is null || !Caller.From(http.User).CanSee(history.Job.Tenant))
        {
            return Problem.NotFound($"job {id} does not exist or belongs to another tenant");
        }

        return TypedResults.Ok(JobViews.Detail(history.Job, history.Attempts, history.Replicas, history.Events, time.GetUtcNow()));
    }

    private static async Task<Results<Accepted<JobSummary>, ProblemHttpResult>> CancelAsync(
        long id, HttpContext http, IStateStore store, TimeProvider time, SchedulerSignal signal, LeaseWaiters waiters, CancellationToken cancellationToken)
    {
        var job = await FindVisibleAsync(id, http, store, cancellationToken);
        if (job is null)
        {
            return Problem.NotFound($"job {id} does not exist or belongs to another tenant");
        }

        if (States.Parse<JobState>(job.State).IsFinal())
        {
            return Problem.Conflict($"job {id} already {job.State}");
        }

        var (after, transitions) = await store.CancelJobAsync(id, time.GetUtcNow(), cancellationToken);
        if (transitions.Count > 0)
        {
            signal.Wake();
            waiters.WakeAll();
        }

        return TypedResults.Accepted($"/v1/jobs/{id}", JobViews.Summary(after!));
    }

    private static async Task<Results<Ok<LogPage>, ProblemHttpResult>> LogsAsync(
        long id, HttpContext http, IStateStore store, long? after, int? limit, CancellationToken cancellationToken)
    {
        var job = await FindVisibleAsync(id, http, store, cancellationToken);
        if (job is null)
        {
            return Problem.NotFound($"job {id} does not exist or belongs to another tenant");
        }

        var max = Math.Clamp(limit ?? 1000, 1, 10_000);
        var rows = await store.ReadLogsAsync(id, after ?? 0, max, cancellationToken);
        // The state is read before the output: a final state seen here means the agents reported the end, and they
        // send all remaining output with (or before) that report, so an empty read after it is truly the end.
        var complete = States.Parse<JobState>(job.State).IsFinal() && rows.Count < max;
        return TypedResults.Ok(new LogPage(
            rows.Select(r => new LogChunk(r.AttemptId, (int)r.Replica, r.Data)).ToList(),
            rows.Count > 0 ? rows[^1].Id : after ?? 0,
            complete,
            job.State));
    }

    /// <summary>The job when the caller may see it. Another tenant's job looks exactly like a missing one (404),
    /// so ids do not leak which jobs exist.</summary>
    private static async Task<JobRecord?> FindVisibleAsync(long id, HttpContext http, IStateStore store, CancellationToken cancellationToken)
    {
        var job = await store.GetJobAsync(id, cancellationToken);
        return job is not null && Caller.From(http.User).CanSee(job.Tenant) ? job : null;
    }
}
