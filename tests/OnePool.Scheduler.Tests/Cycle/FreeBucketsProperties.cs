using FsCheck;
using FsCheck.Xunit;
using OnePool.Scheduler.Cycle;

namespace OnePool.Scheduler.Tests.Cycle;

/// <summary>The buckets keep their largest free count as nodes are added and move (placements, what-ifs giving
/// devices back): it must always be what a scan of the buckets finds.</summary>
public sealed class FreeBucketsProperties
{
    [Property(MaxTest = 500)]
    public bool MaxFree_AfterAnyAddsAndMoves_IsTheLargestNonEmptyBucket(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        var perNode = random.Next(1, 9);
        var buckets = new FreeBuckets(perNode);
        var free = new List<int>();
        for (var node = 0; node < random.Next(1, 12); node++)
        {
            free.Add(random.Next(0, perNode + 1));
            buckets.Add(node, free[node]);
            if (buckets.MaxFree != Scan(buckets, perNode))
            {
                return false;
            }
        }

        for (var step = 0; step < 40; step++)
        {
            var node = random.Next(free.Count);
            var to = random.Next(0, perNode + 1);
            buckets.Move(node, free[node], to);
            free[node] = to;
            if (buckets.MaxFree != Scan(buckets, perNode) || buckets.MaxFree != free.Max())
            {
                return false;
            }
        }

        return true;
    }

    private static int Scan(FreeBuckets buckets, int perNode)
    {
        for (var k = perNode; k > 0; k--)
        {
            if (buckets.WithFree(k).Count > 0)
            {
                return k;
            }
        }

        return 0;
    }
}
