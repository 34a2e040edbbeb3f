namespace OnePool.Contracts.Jobs;

/// <summary><c>POST /v1/jobs/plan</c>: what OnePool would do with a job if it were submitted now. Nothing is stored.
/// See docs/plan.md for how the figures are estimated.</summary>
/// <param name="Now">The time the plan was made (the scheduling snapshot's time).</param>
/// <param name="Resources">Human summary of what the job needs, e.g. <c>2 x (4 cpu, 16Gi, A100-80G:8)</c>.</param>
/// <param name="Rows">Sites and accelerator choices that can run it, earliest expected finish first.</param>
/// <param name="Excluded">Sites and choices that cannot run it, each with a reason, by site name.</param>
/// <param name="Waiting">Why a cycle run now would not start it; null when it would.</param>
/// <param name="PendingAhead">Pending jobs the queue orders before it (higher priority, or the same and submitted
/// earlier).</param>
public sealed record JobPlanResponse(
    DateTimeOffset Now, string Resources, IReadOnlyList<PlanRowView> Rows, IReadOnlyList<PlanExclusionView> Excluded, string? Waiting, int PendingAhead);

/// <summary>One way to run the job.</summary>
/// <param name="Site">The site.</param>
/// <param name="Accelerator">The accelerator choice per replica, e.g. <c>H100:8</c>; empty for a job without accelerators.</param>
/// <param name="ExpectedStart">When it could start there; null when it cannot be told (see <paramref name="Note"/>).</param>
/// <param name="ExpectedRuntimeSeconds">Expected runtime in seconds (max runtime, else the scheduler's default, scaled
/// by relative speed and the site's reliability, plus data transfer).</param>
/// <param name="ExpectedCost">Expected price of the run in the sites' price unit (0 when the site has no price).</param>
/// <param name="Chosen">True for the candidate OnePool would start the job on now.</param>
/// <param name="Note">What the start estimate rests on, when it is not plain; null otherwise.</param>
public sealed record PlanRowView(
    string Site, string Accelerator, DateTimeOffset? ExpectedStart, double ExpectedRuntimeSeconds, double ExpectedCost, bool Chosen, string? Note)
{
    /// <summary>True when the expected start is only a lower bound (the planner's replay of the queue ahead ran
    /// out of its budget first). Default: false.</summary>
    public bool StartIsLowerBound { get; init; }
}

/// <summary>A site, or one accelerator choice at a site, that cannot run the job.</summary>
/// <param name="Site">The site.</param>
/// <param name="Accelerator">The choice excluded, e.g. <c>H100:8</c>; empty when the whole site is.</param>
/// <param name="Reason">Why.</param>
public sealed record PlanExclusionView(string Site, string Accelerator, string Reason);
