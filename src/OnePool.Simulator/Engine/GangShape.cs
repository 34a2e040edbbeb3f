namespace OnePool.Simulator.Engine;

/// <summary>
/// How a job's accelerators are cut into replicas, each on one node: a job that fits one node is one replica;
/// a bigger one is replicas of the largest divisor of its count that fits a node (16 on 8-GPU nodes: 2 x 8;
/// 12: 2 x 6; 20: 4 x 5). Every policy places the same shape, so they compete on the same gangs.
/// </summary>
internal static class GangShape
{
    public static (int Replicas, int PerReplica) For(int gpus, int maxPerNode)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(gpus);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPerNode);
        if (gpus <= maxPerNode)
        {
            return (1, gpus);
        }

        for (var d = maxPerNode; d >= 1; d--)
        {
            if (gpus % d == 0)
            {
                return (gpus / d, d);
            }
        }

        return (gpus, 1);
    }
}
