using OnePool.Core.Resources;

namespace OnePool.Scheduler.Planning;

/// <summary>
/// What OnePool would do with a job if it were submitted now, without submitting it: one row per site and
/// accelerator choice that could run it, and one exclusion per site or choice that cannot. See docs/plan.md.
/// </summary>
/// <param name="Rows">Candidates that can run the job, earliest expected finish first (then cheapest, then by site
/// name and the job's order of accelerator choices).</param>
/// <param name="Excluded">Sites and choices that cannot run it, with a reason, by site name then choice order.</param>
public sealed record JobPlan(IReadOnlyList<PlanRow> Rows, IReadOnlyList<PlanExclusion> Excluded)
{
    /// <summary>True when a scheduling cycle run now would start the job (exactly one row is then
    /// <see cref="PlanRow.Chosen"/>).</summary>
    public bool PlacedNow => Rows.Any(r => r.Chosen);

    /// <summary>When the job would not start now: the scheduler's reason, as <c>onepool status</c> would show it.
    /// Null when it would start.</summary>
    public string? Waiting { get; init; }

    /// <summary>Pending jobs the queue orders before this one (paying before preemptible, higher priority first,
    /// then earlier submission); the starts are estimated by replaying the queue, so their demand is in them.</summary>
    public int PendingAhead { get; init; }
}

/// <summary>One way to run the job.</summary>
/// <param name="Site">The site.</param>
/// <param name="Accelerator">The accelerator choice (per replica), or null for a job that needs none.</param>
/// <param name="ExpectedStart">When it could start there: the snapshot's time when there is room now, else when
/// scheduling cycles replayed forward (running work ending by its max runtime, pending work ahead placed first)
/// would place it there; null when no known end frees room for it (work without a max runtime holds it).</param>
/// <param name="ExpectedRuntime">Its max runtime (else the scheduler's default runtime) scaled by the relative speed
/// of this choice against its first choice, lengthened for an unreliable site and by any dataset transfer or work
/// redone away from its checkpoint.</param>
/// <param name="ExpectedCost">Price per accelerator-hour (preemptible discount applied) x devices per replica x
/// replicas x expected runtime in hours; 0 when the site has no price for the model or the job needs no accelerators.</param>
/// <param name="Chosen">True for the one candidate a scheduling cycle run now would start the job on.</param>
public sealed record PlanRow(
    string Site, AcceleratorRequest? Accelerator, DateTimeOffset? ExpectedStart, TimeSpan ExpectedRuntime, double ExpectedCost, bool Chosen)
{
    /// <summary>What the start estimate rests on, when it is not plain (e.g. <c>after work queued ahead of it</c>).</summary>
    public string? Note { get; init; }

    /// <summary>True when <see cref="ExpectedStart"/> is only a lower bound: the replay of the queue ahead ran out of
    /// its cycle budget before placing the job.</summary>
    public bool StartIsLowerBound { get; init; }
}

/// <summary>A site, or one accelerator choice at a site, that cannot run the job.</summary>
/// <param name="Site">The site.</param>
/// <param name="Accelerator">The choice excluded, or null when the whole site is.</param>
/// <param name="Reason">Why, specific enough to act on, e.g. <c>largest ready node has 4 x A100-80G; needs 8 per replica</c>.</param>
public sealed record PlanExclusion(string Site, AcceleratorRequest? Accelerator, string Reason);
