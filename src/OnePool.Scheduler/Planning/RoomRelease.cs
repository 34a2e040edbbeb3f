using OnePool.Scheduler.Decisions;
using OnePool.Scheduler.Snapshot;

namespace OnePool.Scheduler.Planning;

/// <summary>
/// The simple start estimate, as the backfill planner reasons: running work ends at the latest at its start plus its
/// max runtime, so releasing the work that holds a site's room in order of end, the first end after which every
/// replica fits is when the job could start there. Pending work that would still wait is not counted; the planner
/// uses this when a row needs no replay of the queue, and as the floor of a replay that ran out of cycles.
/// </summary>
internal static class RoomRelease
{
    /// <summary>When the job could start in <paramref name="room"/>: now if it fits, else at the first end of held
    /// work after which it does.</summary>
    public static (DateTimeOffset? Start, string? Note) Start(DateTimeOffset now, SiteRoom room, List<Holding> holdings, bool placedElsewhere)
    {
        if (room.Fits)
        {
            // It fits, yet the cycle placed it nowhere: the room is reserved for a job ahead (EASY backfill).
            return placedElsewhere ? (now, null) : (null, "room is free but kept for a job ahead of it (backfill reservation)");
        }

        var preempted = 0;
        foreach (var h in holdings)
        {
            if (h.End is not { } end)
            {
                break; // sorted: the rest never end by a known time
            }

            room.Release(h.Replicas, h.Requirements);
            preempted += h.Victim ? 1 : 0;
            if (room.Fits)
            {
                var at = end < now ? now : end;
                return (at, preempted > 0 ? $"after {preempted} preempted job(s) stop" : null);
            }
        }

        return (null, "waits for running work without a max runtime");
    }

    /// <summary>Work holding room, by when it ends: this cycle's victims for the job (now), running work (start + max
    /// runtime; stopping work now) and what the cycle would start ahead of the job (now + max runtime); work without
    /// a max runtime last.</summary>
    public static List<Holding> Holdings(SchedulingSnapshot snapshot, SchedulingDecisions decisions, PendingJob job, Placement? mine)
    {
        var victims = decisions.Preemptions.Where(p => p.ForJobId == job.JobId).Select(p => p.AttemptId).ToHashSet();
        var list = new List<Holding>();
        foreach (var r in snapshot.Running)
        {
            var victim = victims.Contains(r.AttemptId);
            var end = victim || r.Stopping ? snapshot.Now : r.Requirements.MaxRuntime is { } max ? r.StartedAt + max : (DateTimeOffset?)null;
            list.Add(new Holding(r.Replicas, r.Requirements, end, victim));
        }

        var pending = snapshot.Pending.ToDictionary(p => p.JobId);
        var ahead = mine is null ? decisions.Placements : decisions.Placements.TakeWhile(p => p.JobId != job.JobId);
        foreach (var p in ahead)
        {
            if (pending.TryGetValue(p.JobId, out var other))
            {
                list.Add(new Holding(p.Replicas, other.Requirements, other.Requirements.MaxRuntime is { } max ? snapshot.Now + max : null, false) { Placed = true });
            }
        }

        return [.. list.OrderBy(h => h.End ?? DateTimeOffset.MaxValue).ThenBy(h => h.Victim ? 0 : 1)];
    }
}

/// <summary>Work that holds room until <see cref="End"/> (null: no known end).</summary>
internal sealed record Holding(IReadOnlyList<ReplicaPlacement> Replicas, Core.Specs.JobRequirements Requirements, DateTimeOffset? End, bool Victim)
{
    /// <summary>True for work the what-if cycle would start now ahead of the job (its room is taken before any release).</summary>
    public bool Placed { get; init; }
}
