using OnePool.Simulator.Policies;
using Shouldly;
using Xunit;

namespace OnePool.Simulator.Tests.Policies;

/// <summary>
/// The max-min LP on cases solved by hand. Speeds are Gavel's (V100 = 1): ResNet-18 (batch size 256) runs at
/// 0.8856 / 10.3003 on a K80 (it gains most from a V100), Recommendation (batch size 8192) at 2.6988 / 2.8415 (it
/// hardly cares). Groups are [V100, K80].
/// </summary>
public sealed class MaxMinAllocationTests
{
    private const double ResNetK80 = 0.8856 / 10.3003;
    private const double RecK80 = 2.6988 / 2.8415;

    [Fact]
    public void Solve_OneGroup_GivesEveryJobTheEqualShareOfTheGpus()
    {
        // 1 + 2 + 4 GPUs asked of 4: every job runs 4/7 of the time (normalised throughput = share on one group).
        var classes = new[] { new JobClass([1.0], 1, 1), new JobClass([1.0], 2, 1), new JobClass([1.0], 4, 1) };

        var shares = MaxMinAllocation.Solve(classes, [4]);

        shares.Select(s => s[0]).ShouldAllBe(s => Math.Abs(s - (4.0 / 7)) < 1e-12);
    }

    [Fact]
    public void Solve_OneGroupWithRoomForAll_RunsEveryJobAllTheTime()
    {
        var shares = MaxMinAllocation.Solve([new JobClass([1.0], 2, 3)], [8]);

        shares[0][0].ShouldBe(1.0);
    }

    [Fact]
    public void Solve_OneV100AndOneK80_TwoJobs_SplitsEachEvenly()
    {
        // C = [1, 1]. The equal split (1/2 on each) is feasible and gives both jobs normalised throughput 1. From A
        // all on the V100 and B on the K80 (A 1.84, B 0.97), B gains only (r_B,V100 - r_B,K80) = 0.05 per unit of
        // V100 time it takes, while A loses 1.68: the minimum peaks at 1 exactly at the even split.
        var shares = MaxMinAllocation.Solve([new JobClass([1, ResNetK80], 1, 1), new JobClass([1, RecK80], 1, 1)], [1, 1]);

        shares.SelectMany(s => s).ShouldAllBe(s => Math.Abs(s - 0.5) < 1e-6);
    }

    [Fact]
    public void Solve_OneV100AndTwoK80s_GivesMostOfTheV100ToTheWorseOffJob()
    {
        // C = [1, 2]: both jobs use their whole time and the V100 is full, so with a = A's V100 share, A = r_AK +
        // (r_AV - r_AK) a and B = r_BK + (r_BV - r_BK) (1 - a); max-min sets them equal:
        // a = (r_BV - r_AK) / ((r_AV - r_AK) + (r_BV - r_BK)) = 0.34. B, whose normalised throughput is lower, gets
        // most of the V100: max-min helps the worst off, not the one that gains most.
        double[] a = [1, ResNetK80], b = [1, RecK80];
        var (ra, rb) = (Normalised(a, [1, 2]), Normalised(b, [1, 2]));
        var expected = (rb[0] - ra[1]) / ((ra[0] - ra[1]) + (rb[0] - rb[1]));

        var shares = MaxMinAllocation.Solve([new JobClass(a, 1, 1), new JobClass(b, 1, 1)], [1, 2]);

        expected.ShouldBe(0.3406, 1e-4);
        shares[0][0].ShouldBe(expected, 1e-6);
        shares[0][1].ShouldBe(1 - expected, 1e-6);
        shares[1][0].ShouldBe(1 - expected, 1e-6);
        shares[1][1].ShouldBe(expected, 1e-6);
    }

    [Fact]
    public void Solve_ClassOfSeveralJobs_IsTheSameAsThatManySeparateJobs()
    {
        double[] a = [1, ResNetK80], b = [1, RecK80];

        var grouped = MaxMinAllocation.Solve([new JobClass(a, 1, 2), new JobClass(b, 1, 1)], [2, 2]);
        var separate = MaxMinAllocation.Solve([new JobClass(a, 1, 1), new JobClass(a, 1, 1), new JobClass(b, 1, 1)], [2, 2]);

        // Separate identical jobs may take different optima; their minimum normalised throughput is the same.
        var minimum = (double[][] s, IReadOnlyList<double[]> speeds) => s.Select((x, k) => Throughput(x, speeds[k], [2, 2])).Min();
        minimum(grouped, [a, b]).ShouldBe(minimum(separate, [a, a, b]), 1e-6);
        ((2 * grouped[0][0]) + grouped[1][0]).ShouldBeLessThanOrEqualTo(2 + 1e-9);
    }

    private static double[] Normalised(double[] speeds, double[] capacity)
    {
        var equal = speeds.Zip(capacity, (s, c) => s * c).Sum() / capacity.Sum();
        return [.. speeds.Select(s => s / equal)];
    }

    private static double Throughput(double[] shares, double[] speeds, double[] capacity) =>
        shares.Zip(Normalised(speeds, capacity), (x, r) => x * r).Sum();
}
