using OnePool.Simulator.Engine;
using OnePool.Simulator.Failures;
using OnePool.Simulator.Policies;
using Shouldly;
using Xunit;

namespace OnePool.Simulator.Tests.Failures;

public sealed class NodeFailureTests
{
    private const double Work = 1000;
    private const double Checkpoint = 300;

    // One GPU, failing about every half hour, repaired in 36 s.
    private static readonly FailureModel Model = new("test", 48, 0.01, 0);

    [Fact]
    public void Run_NodeFailsMidJob_LosesWorkBackToTheCheckpointAndPaysDetectionAndRestart()
    {
        // Find a seed whose first failure lands after the first checkpoint and whose next one comes after the end.
        var (seed, failAt, kept) = Enumerable.Range(1, 500).Select(s =>
        {
            var draws = new FailureDraws(Model, s);
            var first = draws.NextNodeFailure(0, 1);
            var saved = Math.Floor(first / Checkpoint) * Checkpoint;
            var second = first + draws.RepairSeconds + draws.NextNodeFailure(0, 1);
            var end = first + draws.RepairSeconds + 5 + (Work - saved);
            return (Seed: s, First: first, Saved: saved, Ok: first is > Checkpoint and < Work && second > end);
        }).Where(c => c.Ok).Select(c => (c.Seed, c.First, c.Saved)).First();
        var options = new SimulationOptions { Seed = seed, Failures = Model, CheckpointIntervalSeconds = Checkpoint };

        var result = Tiny.Run(Tiny.Trace((0, 1, Work)), new FifoPolicy(), Tiny.Pool(1, 1), options);

        // Requeued at +30 s (lost timeout) but the only node is back at +36 s; the restart waits one lease (5 s).
        var job = result.Jobs.ShouldHaveSingleItem();
        job.NodeFailures.ShouldBe(1);
        job.End.ShouldBe(failAt + 36 + 5 + (Work - kept), 1e-6);
        job.ProductiveGpuSeconds.ShouldBe(Work, 1e-6);
        job.AllocatedGpuSeconds.ShouldBe(failAt + 30 + 5 + (Work - kept), 1e-6);
    }

    [Fact]
    public void Run_UserFailures_EndJobsForGoodAndTheSameJobsUnderEveryPolicy()
    {
        var model = new FailureModel("users", 0, 1, 0.5);
        var jobs = Enumerable.Range(0, 40).Select(i => ((double)(i * 10), 1, 500.0)).ToArray();
        var options = new SimulationOptions { Failures = model };

        var fifo = Tiny.Run(Tiny.Trace(jobs), new FifoPolicy(), options: options);
        var las = Tiny.Run(Tiny.Trace(jobs), new LasPolicy(), options: options);

        var failed = fifo.Jobs.Where(j => !j.Finished).Select(j => j.Id).ToList();
        failed.Count.ShouldBeInRange(5, 35);
        las.Jobs.Where(j => !j.Finished).Select(j => j.Id).ShouldBe(failed);
    }

    [Theory]
    [InlineData("none", 0)]
    [InlineData("llama3", 4.7e-4)]
    [InlineData("rsc", 8.1e-4)]
    public void Parse_Preset_HasTheRateFromFailuresMd(string name, double perGpuDay)
    {
        FailureModel.Parse(name).NodeFailuresPerGpuDay.ShouldBe(perGpuDay, 0.05e-4);
    }

    [Fact]
    public void Parse_File_ReadsRatesAndRejectsBadValues()
    {
        var good = Path.GetTempFileName();
        var bad = Path.GetTempFileName();
        File.WriteAllText(good, "node_failures_per_gpu_day: 0.001\nrepair_hours: 4\nuser_failure_probability: 0.15\n");
        File.WriteAllText(bad, "user_failure_probability: 2\n");

        FailureModel.Parse(good).ShouldBe(new FailureModel(good, 0.001, 4, 0.15));
        Should.Throw<OnePool.Simulator.Traces.TraceFormatException>(() => FailureModel.Parse(bad)).Message.ShouldContain(bad);
    }
}
