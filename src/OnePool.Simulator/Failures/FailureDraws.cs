using OnePool.Simulator.Traces;

namespace OnePool.Simulator.Failures;

/// <summary>
/// The random draws of a failure model, made from the seed and the node or job alone, so every policy in a run
/// meets the same failures: node i's failures come from its own generator, and whether job j fails (and when) from
/// a hash of the seed and its id.
/// </summary>
internal sealed class FailureDraws(FailureModel model, int seed)
{
    private readonly Dictionary<int, Random> _nodes = [];

    /// <summary>Seconds until the node's next failure, from its own Poisson process (exponential gaps).</summary>
    public double NextNodeFailure(int node, int gpus)
    {
        if (!model.FailsNodes || gpus == 0)
        {
            return double.PositiveInfinity;
        }

        if (!_nodes.TryGetValue(node, out var random))
        {
            random = new Random(unchecked((seed * 1_000_003) + node));
            _nodes[node] = random;
        }

        var perSecond = model.NodeFailuresPerGpuDay * gpus / 86_400;
        return -Math.Log(1 - random.NextDouble()) / perSecond;
    }

    public double RepairSeconds => model.RepairHours * 3600;

    /// <summary>The progress (V100-seconds) at which the job fails for its own reasons, or null when it does not.
    /// The point is weighted to early (u squared of its work), as user failures mostly are (FAILURES.md).</summary>
    public double? UserFailureAt(TraceJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (model.UserFailureProbability <= 0)
        {
            return null;
        }

        var hash = JobTypes.StableHash($"user-failure:{seed}:{job.Id}");
        var fails = (hash >> 11) * (1.0 / (1UL << 53));
        if (fails >= model.UserFailureProbability)
        {
            return null;
        }

        var u = (JobTypes.StableHash($"user-failure-at:{seed}:{job.Id}") >> 11) * (1.0 / (1UL << 53));
        return job.V100Seconds * u * u;
    }
}
