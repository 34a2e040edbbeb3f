using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using OnePool.Scheduler.FirstFit;
using OnePool.Scheduler.Snapshot;
using OnePool.Scheduler.Tests.Builders;

namespace OnePool.Scheduler.Tests.FirstFit;

public sealed class NoOvercommitProperties
{
    /// <summary>Whatever the jobs, no node ends up with more CPU, memory or devices given out than it has, no device
    /// is given twice, and every gang lands whole inside one site.</summary>
    [Property(MaxTest = 200)]
    public bool Schedule_RandomWorkload_NeverOvercommitsAndKeepsGangsInOneSite(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        var nodes = Enumerable.Range(0, random.Next(1, 8)).Select(i => new NodeBuilder()
            .InSite(random.Next(2) == 0 ? "a" : "b").Named($"n{i}")
            .WithCpu(random.Next(1, 32)).WithMemoryGi(random.Next(1, 64)).WithDevices("A100-80G", random.Next(0, 9))
            .Build()).ToList();
        var jobs = Enumerable.Range(0, random.Next(1, 30)).Select(_ =>
        {
            var b = new JobBuilder().WithCpu(random.Next(1, 16)).WithMemory($"{random.Next(1, 32)}Gi").WithReplicas(random.Next(1, 4));
            return random.Next(3) == 0 ? b.Build() : b.WithGpus($"A100-80G:{random.Next(1, 9)}").Build();
        }).ToList();

        var result = new FirstFitScheduler().Schedule(new SchedulingSnapshot(DateTimeOffset.UnixEpoch, nodes, jobs));

        var byId = jobs.ToDictionary(j => j.JobId);
        var nodeSite = nodes.ToDictionary(n => n.Id, n => n.Site);
        foreach (var node in nodes)
        {
            var onNode = result.Placements.SelectMany(p => p.Replicas.Select(r => (p.JobId, r))).Where(x => x.r.NodeId == node.Id).ToList();
            var devices = onNode.SelectMany(x => x.r.DeviceIndices).ToList();
            if (onNode.Sum(x => byId[x.JobId].Requirements.CpuMillis) > node.CpuMillis
                || onNode.Sum(x => byId[x.JobId].Requirements.MemoryMiB) > node.MemoryMiB
                || devices.Count != devices.Distinct().Count()
                || devices.Any(d => d >= node.Devices.Count))
            {
                return false;
            }
        }

        return result.Placements.All(p => p.Replicas.Count == byId[p.JobId].Requirements.Replicas
            && p.Replicas.All(r => nodeSite[r.NodeId] == p.Site))
            && result.Placements.Count + result.Waiting.Count == jobs.Count;
    }
}
