using OnePool.Core.Resources;
using OnePool.Scheduler.Decisions;
using OnePool.Scheduler.Snapshot;

namespace OnePool.Scheduler.FirstFit;

/// <summary>Says why a job did not start, in words a user can act on.</summary>
internal static class WaitingReasons
{
    public static WaitingJob Explain(PendingJob job, List<List<FreeNode>> sites)
    {
        var req = job.Requirements;
        var allowed = sites
            .Where(s => req.Sites.Count == 0 || req.Sites.Contains(s[0].Node.Site, StringComparer.OrdinalIgnoreCase))
            .ToList();
        if (sites.Count == 0)
        {
            return new WaitingJob(job.JobId, "no nodes are ready in the pool", FitsNowhere: true);
        }

        if (allowed.Count == 0)
        {
            return new WaitingJob(job.JobId, $"no ready nodes in the allowed sites ({string.Join(", ", req.Sites)})", FitsNowhere: true);
        }

        List<AcceleratorRequest?> choices = req.Accelerators.Count == 0 ? [null] : req.Accelerators.Cast<AcceleratorRequest?>().ToList();
        var best = (Site: "", Replicas: 0);
        foreach (var site in allowed)
        {
            foreach (var choice in choices)
            {
                var room = site.Where(n => n.HasLabels(req.NodeLabels)).Sum(n => (long)n.CapacityFor(req, choice));
                if (room > best.Replicas)
                {
                    best = (site[0].Node.Site, (int)Math.Min(room, int.MaxValue));
                }
            }
        }

        var needs = req.Describe();
        if (best.Replicas == 0)
        {
            return new WaitingJob(job.JobId, $"fits no ready node: needs {needs} per replica{LabelText(req)}", FitsNowhere: true);
        }

        if (best.Replicas < req.Replicas)
        {
            return new WaitingJob(job.JobId,
                $"no site can hold all {req.Replicas} replicas at once (most: {best.Replicas} at {best.Site}); a gang never spans sites",
                FitsNowhere: true);
        }

        return new WaitingJob(job.JobId, $"waiting for resources: needs {needs}{(req.Replicas > 1 ? " in one site" : "")}", FitsNowhere: false);
    }

    private static string LabelText(Core.Specs.JobRequirements req) =>
        req.NodeLabels.Count == 0 ? "" : $" on nodes labelled {string.Join(",", req.NodeLabels.Select(l => $"{l.Key}={l.Value}"))}";
}
