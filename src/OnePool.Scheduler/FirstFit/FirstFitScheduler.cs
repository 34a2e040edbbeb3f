using OnePool.Core.Resources;
using OnePool.Scheduler.Decisions;
using OnePool.Scheduler.Snapshot;

namespace OnePool.Scheduler.FirstFit;

/// <summary>
/// The first, simple policy: jobs by priority then arrival; for each, the first accelerator alternative, site
/// (by name) and nodes (by id) that hold the whole gang now. A job that does not fit is skipped, not waited for
/// (no reservations yet), so small jobs can overtake a large one. Never over-commits a node in any dimension.
/// </summary>
public sealed class FirstFitScheduler : IScheduler
{
    /// <inheritdoc/>
    public SchedulingDecisions Schedule(SchedulingSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var sites = snapshot.Nodes
            .Where(n => n.Schedulable)
            .OrderBy(n => n.Site, StringComparer.Ordinal).ThenBy(n => n.Id, StringComparer.Ordinal)
            .Select(n => new FreeNode(n))
            .GroupBy(n => n.Node.Site, StringComparer.Ordinal)
            .Select(g => g.ToList())
            .ToList();

        var placements = new List<Placement>();
        var waiting = new List<WaitingJob>();
        // Free resources only shrink during a cycle, so a requirement shape that did not fit will not fit later in
        // the same cycle: remember its reason instead of searching and explaining again (the queue is mostly
        // copies of a few shapes).
        var failedShapes = new Dictionary<string, WaitingJob>(StringComparer.Ordinal);
        var ordered = snapshot.Pending
            .OrderByDescending(j => j.Priority).ThenBy(j => j.SubmittedAt).ThenBy(j => j.JobId);
        foreach (var job in ordered)
        {
            var shape = ShapeKey.Of(job.Requirements);
            if (failedShapes.TryGetValue(shape, out var known))
            {
                waiting.Add(known with { JobId = job.JobId });
                continue;
            }

            var placement = TryPlace(job, sites);
            if (placement is not null)
            {
                placements.Add(placement);
            }
            else
            {
                var reason = WaitingReasons.Explain(job, sites);
                failedShapes[shape] = reason;
                waiting.Add(reason);
            }
        }

        return new SchedulingDecisions(placements, waiting);
    }

    private static Placement? TryPlace(PendingJob job, List<List<FreeNode>> sites)
    {
        var req = job.Requirements;
        List<AcceleratorRequest?> choices = req.Accelerators.Count == 0 ? [null] : req.Accelerators.Cast<AcceleratorRequest?>().ToList();
        foreach (var choice in choices)
        {
            foreach (var site in sites)
            {
                if (req.Sites.Count > 0 && !req.Sites.Contains(site[0].Node.Site, StringComparer.OrdinalIgnoreCase))
                {
                    continue;
                }

                var replicas = TryPlaceGang(req, choice, site);
                if (replicas is not null)
                {
                    return new Placement(job.JobId, site[0].Node.Site, choice, replicas);
                }
            }
        }

        return null;
    }

    private static List<ReplicaPlacement>? TryPlaceGang(Core.Specs.JobRequirements req, AcceleratorRequest? choice, List<FreeNode> site)
    {
        var taken = new List<(FreeNode Node, IReadOnlyList<int> Devices)>(req.Replicas);
        for (var r = 0; r < req.Replicas; r++)
        {
            var node = site.Find(n => n.HasLabels(req.NodeLabels) && n.Fits(req, choice));
            if (node is null)
            {
                foreach (var (n, devices) in taken)
                {
                    n.Give(req, choice, devices);
                }

                return null;
            }

            taken.Add((node, node.Take(req, choice)));
        }

        return taken.Select(t => new ReplicaPlacement(t.Node.Node.Id, t.Devices)).ToList();
    }
}
