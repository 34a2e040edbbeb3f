using BenchmarkDotNet.Attributes;
using OnePool.Core.Specs;
using OnePool.Scheduler.FirstFit;
using OnePool.Scheduler.Snapshot;

namespace OnePool.Scheduler.Benchmarks;

/// <summary>One scheduling cycle of the first-fit policy over a pool of 8-GPU nodes in 10 sites, with a queue of
/// mixed jobs (1, 2, 4 and 8 GPUs, some 2-node gangs) about twice what the pool can hold, so the cycle both places
/// work and explains why the rest waits. The baseline is first fit; PoolCycle is the production scheduler.</summary>
[MemoryDiagnoser]
public class FirstFitCycleBenchmarks
{
    private SchedulingSnapshot _snapshot = null!;

    [Params(100, 1000)]
    public int Nodes { get; set; }

    [Params(1000, 10000)]
    public int Pending { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var nodes = Enumerable.Range(0, Nodes).Select(i => new NodeSnapshot(
            $"site-{i % 10}/n{i}", $"site-{i % 10}", true, 64_000, 512 * 1024,
            Enumerable.Range(0, 8).Select(d => new DeviceSnapshot(d, i % 3 == 0 ? "H100" : "A100-80G", true)).ToList(),
            new Dictionary<string, long>(), new Dictionary<string, string>(), NodeUsage.None)).ToList();
        var gpus = new[] { 1, 2, 4, 8 };
        var jobs = Enumerable.Range(0, Pending).Select(i =>
        {
            var count = gpus[random.Next(gpus.Length)];
            var spec = new JobSpec
            {
                Run = "x",
                Replicas = count == 8 && random.Next(4) == 0 ? 2 : 1,
                Resources = new ResourceSpec { Cpu = "4", Memory = "32Gi", Accelerators = [$"H100:{count}", $"A100-80G:{count}"] },
            };
            var requirements = JobSpecValidator.Validate(spec).Requirements!;
            return new PendingJob(i, "t", random.Next(3), DateTimeOffset.UnixEpoch.AddSeconds(i), requirements);
        }).ToList();
        _snapshot = new SchedulingSnapshot(DateTimeOffset.UnixEpoch, nodes, jobs);
    }

    [Benchmark(Baseline = true)]
    public int Cycle() => new FirstFitScheduler().Schedule(_snapshot).Placements.Count;

    /// <summary>The production scheduler on the same snapshot (no quotas or prices set, so its extra work is ranking,
    /// best fit and explanations).</summary>
    [Benchmark]
    public int PoolCycle() => new PoolScheduler().Schedule(_snapshot).Placements.Count;
}
