using OnePool.Core.Specs;
using OnePool.Scheduler.Packing;

namespace OnePool.Scheduler.Cycle;

/// <summary>Resources some work holds (a running attempt or a placement made this cycle), which a what-if can give
/// back and take again: backfill asks "when would this job fit?", preemption "which victims make it fit?".</summary>
internal sealed class Holding(JobRequirements requirements, int model, IReadOnlyList<(NodeState Node, IReadOnlyList<int> Devices)> replicas, DateTimeOffset? end)
{
    public JobRequirements Requirements { get; } = requirements;

    public int Model { get; } = model;

    public IReadOnlyList<(NodeState Node, IReadOnlyList<int> Devices)> Replicas { get; } = replicas;

    /// <summary>When it ends at the latest (start + max runtime), or null when unknown.</summary>
    public DateTimeOffset? End { get; } = end;

    public void Release(GangPlacer placer)
    {
        foreach (var (node, devices) in Replicas)
        {
            placer.Give(node, Requirements, Model, devices);
        }
    }

    public void Retake(GangPlacer placer)
    {
        foreach (var (node, devices) in Replicas)
        {
            placer.TakeExact(node, Requirements, Model, devices);
        }
    }
}
