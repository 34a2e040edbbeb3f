using OnePool.Core.Resources;
using OnePool.Scheduler.Quotas;
using OnePool.Scheduler.Snapshot;

namespace OnePool.Scheduler.Planning;

/// <summary>
/// Plans a job without submitting it (<c>onepool plan</c>): runs the real <see cref="PoolScheduler"/> on the snapshot
/// with the job added to the queue to learn whether and where a cycle run now would start it, then, for every site
/// and accelerator choice, estimates when it could start there, how long it would run and what it would cost, or
/// says why it cannot run there. Pure and deterministic: same snapshot, same plan. See docs/plan.md.
/// </summary>
/// <remarks>
/// A start that is not now is found by replaying cycles forward with the job held to that site and choice
/// (<see cref="QueueReplay"/>): what each cycle places holds its room until its max runtime, what it preempts stops,
/// and time moves to the next end of running work (start + max runtime), until the job is placed. Pending work ahead
/// of it therefore takes its room first. When a row's share of the replay budget is spent first, its start is a lower
/// bound (<see cref="PlanRow.StartIsLowerBound"/>): the later of the time the replay reached and when the room running
/// work alone frees, as the backfill planner reasons, would fit the job. The site's own queue
/// (<see cref="SiteSnapshot.QueuedAccelerators"/>) adds its wait. Future submissions, early ends and grace periods are
/// not foreseen, and work without a max runtime never ends: the estimate is a start given the current queue, not a
/// promise.
/// </remarks>
public sealed class JobPlanner(SchedulerOptions options)
{
    // Scheduling cycles a plan may replay in all, and for one row: a plan answers a person waiting at a terminal. A
    // cycle's cost grows with the queue, running work and nodes, so a large pool gets fewer cycles (at least 8): about
    // ReplayWork of those, in all. Counted in cycles, not time, so the same snapshot gives the same plan.
    private const int ReplayCycles = 256;
    private const int ReplayCyclesPerRow = 64;
    private const long ReplayWork = 1_000_000;

    /// <summary>With the default options.</summary>
    public JobPlanner()
        : this(new SchedulerOptions())
    {
    }

    /// <summary>Plans <paramref name="job"/> against <paramref name="snapshot"/>.</summary>
    /// <param name="snapshot">The pool now; not modified.</param>
    /// <param name="job">The job, not in the snapshot's queue; its id must differ from every pending job's.</param>
    public JobPlan Plan(SchedulingSnapshot snapshot, PendingJob job)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(job);
        if (snapshot.Pending.Any(p => p.JobId == job.JobId))
        {
            throw new ArgumentException($"job {job.JobId} is already in the snapshot's queue", nameof(job));
        }

        var scheduler = new PoolScheduler(options);
        var decisions = scheduler.Schedule(snapshot with { Pending = [.. snapshot.Pending, job] });
        var replay = new QueueReplay(snapshot, scheduler);
        var size = Math.Max(1L, snapshot.Pending.Count + snapshot.Running.Count + snapshot.Nodes.Count);
        var budget = (int)Math.Clamp(ReplayWork / size, 8, ReplayCycles);
        var mine = decisions.Placements.FirstOrDefault(p => p.JobId == job.JobId);
        var holdings = RoomRelease.Holdings(snapshot, decisions, job, mine);
        var quotas = new QuotaBook(snapshot, options.Quotas);
        var req = job.Requirements;
        var drafts = new List<(PlanRow Row, int Choice, bool NeedsReplay, TimeSpan Wait, int Queued)>();
        var excluded = new List<PlanExclusion>();
        var infos = snapshot.Sites.GroupBy(s => s.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var nodesBySite = snapshot.Nodes.ToLookup(n => n.Site, StringComparer.Ordinal);
        var siteNames = infos.Keys.Concat(nodesBySite.Select(g => g.Key)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var name in siteNames)
        {
            var info = infos.GetValueOrDefault(name) ?? new SiteSnapshot(name);
            var nodes = nodesBySite[name].ToList();
            if (SiteExclusion(req.Sites, info, nodes) is { } why)
            {
                excluded.Add(new PlanExclusion(name, null, why));
                continue;
            }

            var domains = nodes.Where(n => n.Schedulable && n.StorageDomain is not null).Select(n => n.StorageDomain!).ToHashSet(StringComparer.Ordinal);
            AcceleratorRequest?[] choices = req.Accelerators.Count == 0 ? [null] : [.. req.Accelerators];
            for (var c = 0; c < choices.Length; c++)
            {
                var choice = choices[c];
                var (room, notHere) = SiteRoom.Build(nodes, req, choice);
                var (admitted, _, denial) = quotas.Check(job.Tenant, req, choice?.Model, choice?.Count ?? 0);
                if (room is null || !admitted)
                {
                    excluded.Add(new PlanExclusion(name, choice, notHere ?? $"quota: {denial}"));
                    continue;
                }

                foreach (var h in holdings.Where(h => h.Placed))
                {
                    room.Take(h.Replicas, h.Requirements);
                }

                var (runtime, cost) = RunEstimate.Of(job, info, domains, choice, options);
                var chosen = mine is not null && mine.Site == name && Same(mine.Accelerator, choice);
                var (start, note) = chosen ? (snapshot.Now, null) : RoomRelease.Start(snapshot.Now, room, holdings, placedElsewhere: mine is not null);
                var wait = RunEstimate.QueueWait(info, choice, SiteDevices(nodes, choice), options);
                var draft = new PlanRow(name, choice, start, runtime, cost, chosen) { Note = note };
                drafts.Add((draft, c, !chosen && start != snapshot.Now, wait, wait > TimeSpan.Zero ? info.QueuedAccelerators[choice!.Model] : 0));
            }
        }

        // Replays last, once the rows needing one are known: the budget is shared out evenly, and what a row leaves
        // unused goes to the rows after it.
        var left = drafts.Count(d => d.NeedsReplay);
        var rows = new List<(PlanRow Row, int Choice)>();
        foreach (var (draft, c, needsReplay, wait, queued) in drafts)
        {
            var row = draft;
            if (needsReplay)
            {
                var share = Math.Min(ReplayCyclesPerRow, budget / left--);
                var (cycles, replayed) = Replay(replay, job, draft, share);
                budget -= cycles;
                row = replayed;
            }

            if (row.ExpectedStart is { } s && wait > TimeSpan.Zero)
            {
                row = row with { ExpectedStart = s + wait, Note = Join(row.Note, $"behind {queued} {row.Accelerator!.Model} in the site's own queue") };
            }

            rows.Add((row, c));
        }

        var ordered = rows
            .OrderBy(r => r.Row.ExpectedStart is null ? 2 : r.Row.StartIsLowerBound ? 1 : 0)
            .ThenBy(r => r.Row.ExpectedStart is { } s ? s + r.Row.ExpectedRuntime : DateTimeOffset.MaxValue)
            .ThenBy(r => r.Row.ExpectedCost)
            .ThenBy(r => r.Row.Site, StringComparer.Ordinal)
            .ThenBy(r => r.Choice)
            .Select(r => r.Row)
            .ToList();
        return new JobPlan(ordered, excluded)
        {
            Waiting = mine is null ? decisions.Waiting.FirstOrDefault(w => w.JobId == job.JobId).Reason : null,
            PendingAhead = snapshot.Pending.Count(p => Ahead(p, job)),
        };
    }

    /// <summary>The row with the start found by replaying the queue with the job held to the row's site and choice,
    /// and the cycles that took. When the cycles run out first, the start is a lower bound: the later of the room
    /// running work alone frees and the time the replay reached.</summary>
    private static (int Cycles, PlanRow Row) Replay(QueueReplay replay, PendingJob job, PlanRow row, int cycles)
    {
        const string NotCounted = "or later: not all pending work ahead of it was replayed";
        if (cycles <= 0)
        {
            return (0, row with { StartIsLowerBound = true, Note = Join(row.Note, NotCounted) });
        }

        var pinned = job with { Requirements = job.Requirements with { Sites = [row.Site], Accelerators = row.Accelerator is { } a ? [a] : [] } };
        var (start, exhausted, used, reached) = replay.FirstPlacement(pinned, cycles);
        if (exhausted)
        {
            var bound = row.ExpectedStart is { } simple && simple > reached ? simple : reached;
            return (used, row with { ExpectedStart = bound, StartIsLowerBound = true, Note = Join(row.Note, NotCounted) });
        }

        if (start is null)
        {
            return (used, row with { ExpectedStart = null, Note = row.Note ?? "waits for running work without a max runtime" });
        }

        return (used, row.ExpectedStart is { } s && start <= s
            ? row with { ExpectedStart = start }
            : row with { ExpectedStart = start, Note = "after work queued ahead of it" });
    }

    private static string? SiteExclusion(IReadOnlyList<string> allowed, SiteSnapshot info, List<NodeSnapshot> nodes)
    {
        if (!Explain.SiteFilter.Allows(allowed, info.Name))
        {
            return $"not among the job's allowed sites ({string.Join(", ", allowed)})";
        }

        if (info.Draining)
        {
            return "draining: takes no new work";
        }

        return nodes.Any(n => n.Schedulable) ? null : nodes.Count == 0 ? "has no nodes" : "no ready nodes";
    }

    private static bool Ahead(PendingJob other, PendingJob job) =>
        other.Requirements.Preemptible != job.Requirements.Preemptible ? !other.Requirements.Preemptible
        : other.Priority != job.Priority ? other.Priority > job.Priority
        : other.SubmittedAt < job.SubmittedAt;

    private static int SiteDevices(List<NodeSnapshot> nodes, AcceleratorRequest? choice) =>
        choice is null ? 0 : nodes.Where(n => n.Schedulable).Sum(n => n.Devices.Count(d => d.Healthy && string.Equals(d.Model, choice.Model, StringComparison.OrdinalIgnoreCase)));

    private static bool Same(AcceleratorRequest? a, AcceleratorRequest? b) =>
        a is null ? b is null : b is not null && a.Count == b.Count && string.Equals(a.Model, b.Model, StringComparison.OrdinalIgnoreCase);

    private static string Join(string? a, string b) => a is null ? b : $"{a}; {b}";
}
