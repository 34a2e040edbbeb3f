using OnePool.Scheduler.Decisions;
using OnePool.Scheduler.Snapshot;

namespace OnePool.Scheduler.Tests.Cycle;

/// <summary>The scheduler's invariants, checked on one cycle's decisions against its snapshot.</summary>
internal static class Invariants
{
    public static bool Hold(SchedulingSnapshot snapshot, SchedulingDecisions decisions) =>
        NoNodeOvercommitted(snapshot, decisions) && GangsWholeAndInOneSite(snapshot, decisions) && ConstraintsHonoured(snapshot, decisions)
        && QuotasRespected(snapshot, decisions) && OnlyAllowedVictims(snapshot, decisions)
        && decisions.Placements.Count + decisions.Waiting.Count == snapshot.Pending.Count;

    private static bool NoNodeOvercommitted(SchedulingSnapshot s, SchedulingDecisions d)
    {
        var jobs = s.Pending.ToDictionary(j => j.JobId);
        foreach (var node in s.Nodes)
        {
            var mine = d.Placements.SelectMany(p => p.Replicas.Where(r => r.NodeId == node.Id).Select(r => (Job: jobs[p.JobId], r.DeviceIndices))).ToList();
            var devices = mine.SelectMany(m => m.DeviceIndices).ToList();
            var healthy = node.Devices.Where(x => x.Healthy).Select(x => x.Index).ToHashSet();
            if (node.Used.CpuMillis + mine.Sum(m => m.Job.Requirements.CpuMillis) > node.CpuMillis
                || node.Used.MemoryMiB + mine.Sum(m => m.Job.Requirements.MemoryMiB) > node.MemoryMiB
                || devices.Count != devices.Distinct().Count()
                || devices.Any(x => !healthy.Contains(x) || node.Used.DeviceIndices.Contains(x))
                || (mine.Count > 0 && !node.Schedulable))
            {
                return false;
            }
        }

        return true;
    }

    private static bool GangsWholeAndInOneSite(SchedulingSnapshot s, SchedulingDecisions d)
    {
        var jobs = s.Pending.ToDictionary(j => j.JobId);
        var site = s.Nodes.ToDictionary(n => n.Id, n => n.Site);
        return d.Placements.All(p => p.Replicas.Count == jobs[p.JobId].Requirements.Replicas && p.Replicas.All(r => site[r.NodeId] == p.Site));
    }

    private static bool ConstraintsHonoured(SchedulingSnapshot s, SchedulingDecisions d)
    {
        var jobs = s.Pending.ToDictionary(j => j.JobId);
        var nodes = s.Nodes.ToDictionary(n => n.Id);
        foreach (var p in d.Placements)
        {
            var req = jobs[p.JobId].Requirements;
            if ((req.Sites.Count > 0 && !req.Sites.Contains(p.Site, StringComparer.OrdinalIgnoreCase))
                || (req.Accelerators.Count > 0 && (p.Accelerator is null || !req.Accelerators.Contains(p.Accelerator))))
            {
                return false;
            }

            foreach (var r in p.Replicas)
            {
                var node = nodes[r.NodeId];
                if (req.NodeLabels.Any(l => !node.Labels.TryGetValue(l.Key, out var v) || v != l.Value)
                    || r.DeviceIndices.Count != (p.Accelerator?.Count ?? 0)
                    || r.DeviceIndices.Any(i => !string.Equals(node.Devices.Single(x => x.Index == i).Model, p.Accelerator!.Model, StringComparison.OrdinalIgnoreCase)))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool QuotasRespected(SchedulingSnapshot s, SchedulingDecisions d)
    {
        var jobs = s.Pending.ToDictionary(j => j.JobId);
        var usage = new Dictionary<(string Tenant, string Model), double>();
        foreach (var r in s.Running.Where(r => !r.Requirements.Preemptible && r.Accelerator is not null))
        {
            usage[(r.Tenant, r.Accelerator!.Model)] = usage.GetValueOrDefault((r.Tenant, r.Accelerator.Model)) + (r.Accelerator.Count * r.Requirements.Replicas);
        }

        var before = new Dictionary<(string, string), double>(usage);
        foreach (var p in d.Placements.Where(p => p.Accelerator is not null && !jobs[p.JobId].Requirements.Preemptible))
        {
            var key = (jobs[p.JobId].Tenant, p.Accelerator!.Model);
            usage[key] = usage.GetValueOrDefault(key) + (p.Accelerator.Count * jobs[p.JobId].Requirements.Replicas);
        }

        foreach (var policy in s.Tenants)
        {
            foreach (var (model, nominal) in policy.Nominal)
            {
                var now = usage.GetValueOrDefault((policy.Name, model));
                if (now <= before.GetValueOrDefault((policy.Name, model)) || now <= nominal)
                {
                    continue; // did not grow this cycle, or within nominal
                }

                if (policy.Cohort is null || (policy.BorrowingLimit.TryGetValue(model, out var limit) && now - nominal > limit))
                {
                    return false;
                }

                var members = s.Tenants.Where(t => t.Cohort == policy.Cohort && t.Nominal.ContainsKey(model)).ToList();
                if (members.Sum(m => usage.GetValueOrDefault((m.Name, model))) > members.Sum(m => m.Nominal[model]) + 1e-9)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool OnlyAllowedVictims(SchedulingSnapshot s, SchedulingDecisions d)
    {
        var running = s.Running.ToDictionary(r => r.AttemptId);
        var pending = s.Pending.ToDictionary(j => j.JobId);
        var cohort = s.Tenants.ToDictionary(t => t.Name, t => t.Cohort);
        return d.Preemptions.Select(v => v.AttemptId).Distinct().Count() == d.Preemptions.Count
            && d.Preemptions.All(v =>
            {
                var victim = running[v.AttemptId];
                var job = pending[v.ForJobId];
                return !victim.Stopping && !job.Requirements.Preemptible
                    && (victim.Requirements.Preemptible || victim.Priority < job.Priority
                        || (victim.Tenant != job.Tenant && cohort.GetValueOrDefault(job.Tenant) is { } c && cohort.GetValueOrDefault(victim.Tenant) == c));
            });
    }
}
