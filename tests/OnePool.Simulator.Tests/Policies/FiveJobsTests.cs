using OnePool.Scheduler;
using OnePool.Simulator.Policies;
using Shouldly;
using Xunit;

namespace OnePool.Simulator.Tests.Policies;

/// <summary>
/// Five jobs on two 2-GPU nodes, completion times worked out by hand (see each test's comment). A = 4 GPUs x 100 s at
/// 0, B = 2 x 50 s at 10, C = 4 x 30 s at 20, D = 1 x 20 s at 30, E = 1 x 200 s at 40.
/// </summary>
public sealed class FiveJobsTests
{
    private static readonly OnePool.Simulator.Traces.Trace Jobs = Tiny.Trace((0, 4, 100), (10, 2, 50), (20, 4, 30), (30, 1, 20), (40, 1, 200));

    [Fact]
    public void Fifo_HeadOfLineBlocks_EveryJobWaitsForTheOneBeforeIt()
    {
        // A 0-100; B 100-150; C (4 GPUs) blocks D and E until it runs 150-180; D 180-200, E 180-380.
        var result = Tiny.Run(Jobs, new FifoPolicy());

        Tiny.Jcts(result).ShouldBe([100, 140, 160, 170, 340]);
    }

    [Fact]
    public void Backfill_ShortJobEndingBeforeTheReservation_JumpsTheQueue()
    {
        // At 100 B starts and C reserves both nodes from 150. D (ends 120) backfills; E (ends 300) would delay C, so
        // it waits: C 150-180, E 180-380.
        var result = Tiny.Run(Jobs, new EasyBackfillPolicy());

        Tiny.Jcts(result).ShouldBe([100, 140, 160, 90, 340]);
    }

    [Fact]
    public void Las_NewJobsPreemptOnesPastTheThreshold()
    {
        // Threshold 100 GPU-s. A is demoted at 25 and preempted for B (25-75); D 30-50 and E from 40 fill n1. At 75
        // C (high queue, earlier than E) takes the pool: E is preempted after 35 s. C is demoted at 100 with 5 s left
        // and preempted for E (100-165, demoted with 100 s left); A (75 s left) 165-240, C 240-245, E 245-345.
        var result = Tiny.Run(Jobs, new LasPolicy(thresholdGpuSeconds: 100));

        Tiny.Jcts(result).ShouldBe([240, 65, 225, 20, 305]);
        result.Jobs.Sum(j => j.Preemptions).ShouldBe(4);
    }

    [Fact]
    public void OnePool_ThroughPoolScheduler_BackfillsLikeEasyWithExactRuntimes()
    {
        // PoolScheduler with one tenant: FIFO order, EASY backfill on max runtimes (exact here), no preemption among
        // equals, so the same schedule as the backfill baseline.
        var result = Tiny.Run(Jobs, new OnePoolPolicy(new PoolScheduler()));

        Tiny.Jcts(result).ShouldBe([100, 140, 160, 90, 340]);
        result.Jobs.Sum(j => j.Preemptions).ShouldBe(0);
    }
}
