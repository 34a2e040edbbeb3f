using System.Numerics;
using OnePool.Simulator.Pools;

namespace OnePool.Simulator.Engine;

/// <summary>The mutable state of one node: which devices are held (a bit per device) and whether it is up.</summary>
internal sealed class SimNode(int index, int site, NodeSpec spec)
{
    public int Index { get; } = index;

    public int Site { get; } = site;

    public NodeSpec Spec { get; } = spec;

    public bool Up { get; set; } = true;

    public ulong Used { get; set; }

    /// <summary>Bumped on every change, so a policy can cache what it built from this node.</summary>
    public int Version { get; set; }

    public int Free => Up ? Spec.Gpus - BitOperations.PopCount(Used) : 0;

    /// <summary>The lowest <paramref name="count"/> free devices.</summary>
    public ulong TakeLowest(int count)
    {
        ulong mask = 0;
        for (var i = 0; i < Spec.Gpus && count > 0; i++)
        {
            var bit = 1UL << i;
            if ((Used & bit) == 0)
            {
                mask |= bit;
                count--;
            }
        }

        return mask;
    }
}
