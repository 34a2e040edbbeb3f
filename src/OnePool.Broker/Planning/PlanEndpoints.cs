using OnePool.Broker.Auth;
using OnePool.Broker.Jobs;
using OnePool.Broker.Scheduling;
using OnePool.Contracts.Jobs;
using OnePool.Scheduler;
using OnePool.Scheduler.Planning;
using OnePool.Scheduler.Snapshot;
using OnePool.Store;

namespace OnePool.Broker.Planning;

/// <summary><c>POST /v1/jobs/plan</c>: the plan for a job spec against the pool now (<c>onepool plan</c>,
/// <c>onepool submit --dry-run</c>). The spec passes the same checks as a submission; nothing is stored and the
/// scheduler is not woken.</summary>
internal static class PlanEndpoints
{
    // The planned job's id in the what-if queue: store ids start at 1, so it is never a pending job's.
    private const long PlannedJobId = 0;

    public static void MapPlanEndpoints(this IEndpointRouteBuilder app)
    {
        // Like POST /v1/jobs, no Accepts() metadata: specs come as JSON or YAML.
        app.MapPost("/v1/jobs/plan", PlanAsync)
            .RequireAuthorization(Roles.Users)
            .WithTags("jobs")
            .Produces<JobPlanResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }

    private static async Task<IResult> PlanAsync(
        HttpContext http, IStateStore store, SnapshotBuilder snapshots, SchedulerOptions options, CancellationToken cancellationToken)
    {
        var (spec, requirements, problem) = await JobSpecIntake.ReadAsync(http, store, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var snapshot = await snapshots.BuildAsync(cancellationToken);
        var job = new PendingJob(PlannedJobId, spec!.Tenant!, spec.Priority ?? 0, snapshot.Now, requirements!);
        var plan = new JobPlanner(options).Plan(snapshot, job);
        return TypedResults.Ok(new JobPlanResponse(
            snapshot.Now,
            requirements!.Describe(),
            [.. plan.Rows.Select(r => new PlanRowView(
                r.Site, r.Accelerator?.ToString() ?? "", r.ExpectedStart, r.ExpectedRuntime.TotalSeconds, r.ExpectedCost, r.Chosen, r.Note)
            {
                StartIsLowerBound = r.StartIsLowerBound,
            })],
            [.. plan.Excluded.Select(e => new PlanExclusionView(e.Site, e.Accelerator?.ToString() ?? "", e.Reason))],
            plan.Waiting,
            plan.PendingAhead));
    }
}
