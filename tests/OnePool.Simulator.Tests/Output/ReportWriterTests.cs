using System.Text.Json;
using OnePool.Simulator.Engine;
using OnePool.Simulator.Output;
using OnePool.Simulator.Policies;
using OnePool.Simulator.Replay;
using OnePool.Simulator.Traces;
using Shouldly;
using Xunit;

namespace OnePool.Simulator.Tests.Output;

public sealed class ReportWriterTests
{
    [Fact]
    public void Write_AllPolicies_WritesJsonCsvAndCharts()
    {
        var trace = Tiny.Trace((0, 4, 100), (10, 2, 50), (20, 4, 30), (30, 1, 20), (40, 1, 200));
        var setup = ReplaySetup.Create(new LoadedTrace(trace, null), Tiny.Pool(), load: null, new SimulationOptions());
        var runs = PolicyCatalog.Names.Select(p => Replayer.Run(setup, p, null, TestContext.Current.CancellationToken)).ToList();
        var directory = Path.Combine(Path.GetTempPath(), $"sim-report-{Guid.NewGuid():N}");

        var written = ReportWriter.Write(directory, setup, "tiny", runs);

        written.Select(Path.GetFileName).ShouldBe(["summary.json", "summary.csv", "jobs-fifo.csv", "jobs-backfill.csv", "jobs-las.csv",
            "jobs-hetero.csv", "jobs-onepool.csv", "utilisation.csv", "jct-cdf.svg", "utilisation.svg"]);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "summary.json")));
        json.RootElement.GetProperty("policies")[0].GetProperty("averageJct").GetDouble().ShouldBe(182);
        json.RootElement.GetProperty("bounds").GetProperty("averageJctBound").GetDouble().ShouldBe(80);
        File.ReadAllLines(Path.Combine(directory, "summary.csv"))[1].ShouldStartWith("fifo,5,5,0,182.0,160.0,");
        File.ReadAllLines(Path.Combine(directory, "jobs-backfill.csv"))[4].ShouldStartWith("D,t,1,30.0,100.0,120.0,1,90.0,70.0,");
        var svg = File.ReadAllText(Path.Combine(directory, "jct-cdf.svg"));
        svg.ShouldStartWith("<svg");
        svg.Split("<polyline").Length.ShouldBe(PolicyCatalog.Names.Count + 1); // a line per policy
    }

    [Fact]
    public void Utilisation_IsTheHeldFractionPerSlice()
    {
        // One 2-GPU job for 100 s on a 4-GPU pool, then idle until 200 s: half for the first half, zero after.
        var result = Tiny.Run(Tiny.Trace((0, 2, 100)), new FifoPolicy());

        var series = Series.Utilisation(result, until: 200, buckets: 2);

        series.ShouldBe([(50 / 3600.0, 0.5), (150 / 3600.0, 0)]);
    }
}
