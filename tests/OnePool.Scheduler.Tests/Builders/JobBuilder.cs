using OnePool.Core.Specs;
using OnePool.Scheduler.Snapshot;

namespace OnePool.Scheduler.Tests.Builders;

/// <summary>Builds a <see cref="PendingJob"/> through the real spec validator; defaults: 1 replica, 1 cpu, 1Gi.</summary>
internal sealed class JobBuilder
{
    private static long _ids;
    private readonly JobSpec _spec = new() { Run = "true", Resources = new ResourceSpec() };
    private long? _id;
    private string _tenant = "t1";
    private DateTimeOffset _submitted = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public JobBuilder WithId(long id) { _id = id; return this; }

    public JobBuilder WithGpus(params string[] alternatives) { _spec.Resources!.Accelerators = alternatives; return this; }

    public JobBuilder WithCpu(int cores) { _spec.Resources!.Cpu = cores.ToString(System.Globalization.CultureInfo.InvariantCulture); return this; }

    public JobBuilder WithMemory(string memory) { _spec.Resources!.Memory = memory; return this; }

    public JobBuilder WithReplicas(int replicas) { _spec.Replicas = replicas; return this; }

    public JobBuilder WithPriority(int priority) { _spec.Priority = priority; return this; }

    public JobBuilder WithExtended(string name, long count) { _spec.Resources!.Extended = new Dictionary<string, long> { [name] = count }; return this; }

    public JobBuilder OnlyAt(params string[] sites) { _spec.Constraints = new ConstraintSpec { Sites = sites }; return this; }

    public JobBuilder NeedingLabel(string key, string value) { _spec.Constraints = new ConstraintSpec { Labels = new Dictionary<string, string> { [key] = value } }; return this; }

    public JobBuilder SubmittedAt(DateTimeOffset at) { _submitted = at; return this; }

    public JobBuilder ForTenant(string tenant) { _tenant = tenant; return this; }

    public JobBuilder WithMaxRuntime(string runtime) { _spec.MaxRuntime = runtime; return this; }

    public JobBuilder Preemptible() { _spec.Preemptible = true; return this; }

    public JobBuilder Resumable() { _spec.Resumable = true; return this; }

    public JobBuilder WithWorkload(string workload) { _spec.Workload = workload; return this; }

    public JobBuilder WithThroughput(string model, double speed)
    {
        _spec.Throughput ??= new Dictionary<string, double>();
        _spec.Throughput[model] = speed;
        return this;
    }

    public JobBuilder WithDataset(string name, string size) { _spec.Dataset = new DatasetSpec { Name = name, Size = size }; return this; }

    public PendingJob Build()
    {
        var (req, errors) = JobSpecValidator.Validate(_spec);
        if (req is null)
        {
            throw new InvalidOperationException(string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")));
        }

        return new PendingJob(_id ?? Interlocked.Increment(ref _ids), _tenant, _spec.Priority ?? 0, _submitted, req);
    }
}
