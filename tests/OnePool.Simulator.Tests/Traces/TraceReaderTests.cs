using OnePool.Simulator.Pools;
using OnePool.Simulator.Traces;
using Shouldly;
using Xunit;

namespace OnePool.Simulator.Tests.Traces;

public sealed class TraceReaderTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    [Fact]
    public void Load_PhillyFile_ReadsEveryJobWithItsVcAsTenantAndGavelsJobType()
    {
        var trace = TraceLoader.Load(Fixture("philly-sample.csv"), seed: 1).Trace;

        trace.Name.ShouldBe("philly-gavel-vc");
        trace.Jobs.Count.ShouldBe(10);
        trace.Jobs.Select(j => j.SubmitSeconds).ShouldBeInOrder(SortDirection.Ascending);
        var big = trace.Jobs.Single(j => j.Id == "2869ce-0000");
        big.ShouldBe(new TraceJob("2869ce-0000", 0, 4, 927468, "Transformer (batch size 128)", "2869ce"));
    }

    [Fact]
    public void Load_GenericCsv_AssignsMissingTypesAndTenantsTheSameWayEveryTime()
    {
        var first = TraceLoader.Load(Fixture("generic.csv"), seed: 3).Trace;
        var again = TraceLoader.Load(Fixture("generic.csv"), seed: 3).Trace;

        first.Jobs.ShouldBe(again.Jobs);
        first.Jobs[0].JobType.ShouldBe("ResNet-50 (batch size 64)");
        first.Jobs[1].SubmitSeconds.ShouldBe(30.5);
        first.Jobs[1].Tenant.ShouldBe("nlp");
        first.Jobs[2].Tenant.ShouldBe("default");
        OnePool.Simulator.Speeds.ThroughputMatrix.Default.Knows(first.Jobs[2].JobType).ShouldBeTrue();
    }

    [Fact]
    public void JobTypes_ManyJobs_SpreadOverTheMatrix()
    {
        var types = Enumerable.Range(0, 2600).Select(i => JobTypes.Assign($"job-{i}", 5)).ToList();

        types.Distinct().Count().ShouldBe(26);
        types.GroupBy(t => t).Max(g => g.Count()).ShouldBeLessThan(200);
    }

    [Fact]
    public void Load_BadNumber_NamesTheFileTheLineAndTheColumn()
    {
        var path = Fixture("bad-line.csv");

        var error = Should.Throw<TraceFormatException>(() => TraceLoader.Load(path, 1));

        error.Message.ShouldBe($"{path}:3: num_gpus 'two' is not a whole number");
    }

    [Fact]
    public void Load_MissingColumn_NamesItOnLineOne()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "job_id,submit_time_s,duration_s\nx,0,10\n");

        Should.Throw<TraceFormatException>(() => TraceLoader.Load(path, 1)).Message.ShouldStartWith($"{path}:1: missing column(s) num_gpus");
    }

    [Theory]
    [InlineData("j,-1,1,10", "submit_time_s -1 is negative")]
    [InlineData("j,0,0,10", "num_gpus 0 must be at least 1")]
    [InlineData("j,0,1,0", "duration_s 0 must be positive")]
    [InlineData("j,0,1,10,Pong", "job_type 'Pong' is not in Gavel's throughput matrix")]
    [InlineData("j,0,1,\"10", "unterminated quoted field")]
    public void Load_InvalidRow_IsRejectedWithItsLine(string row, string message)
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, $"job_id,submit_time_s,num_gpus,duration_s,job_type\nok,0,1,10,\n{row}\n");

        Should.Throw<TraceFormatException>(() => TraceLoader.Load(path, 1)).Message.ShouldStartWith($"{path}:3: {message}");
    }

    [Fact]
    public void Load_MissingPath_SaysSo()
    {
        Should.Throw<TraceFormatException>(() => TraceLoader.Load("/no/such/trace.csv", 1)).Message.ShouldContain("no such file");
    }

    [Fact]
    public void Load_OpenBFolder_KeepsGpuPodsThatRanAndBringsTheNodeList()
    {
        var loaded = TraceLoader.Load(Fixture("openb"), seed: 1);

        loaded.Trace.Jobs.Select(j => j.Id).ShouldBe(["openb-pod-0000", "openb-pod-0001", "openb-pod-0002", "openb-pod-0003", "openb-pod-0004", "openb-pod-0017"]);
        loaded.Trace.Jobs[^1].Gpus.ShouldBe(8);
        var pool = loaded.Pool.ShouldNotBeNull();
        pool.TotalGpus.ShouldBe(8 + 8 + 4 + 2);
        pool.Models.ShouldBe(["G3", "V100M32", "T4"]);
    }

    [Fact]
    public void ReadPoolYaml_SitesNodesPricesAndDomains()
    {
        var pool = PoolYamlReader.Read(Fixture("pool.yaml"));

        pool.Sites.Select(s => s.Name).ShouldBe(["east", "west"]);
        pool.TotalGpus.ShouldBe((2 * 8) + (3 * 4) + 4);
        pool.Sites[0].Prices["v100"].ShouldBe(2.5);
        pool.Nodes.Single(n => n.Model == "P100").StorageDomain.ShouldBe("shared-fs");
        pool.Nodes[0].StorageDomain.ShouldBe("east");
        pool.Nodes.Single(n => n.Id == "east/K80-0002").CpuMillis.ShouldBe(32_000);
    }

    [Theory]
    [InlineData("sites: []", "no sites")]
    [InlineData("sites:\n  - name: a\n    nodes: [{ model: V100, gpus: 99 }]", "gpus must be 0..64")]
    [InlineData("sites:\n  - name: a\n    nodes: [{ model: 'bad model' }]", "not a valid accelerator model")]
    [InlineData("sites:\n  - name: a\n    nodes: [{ model: V100, colour: red }]", ":3:")]
    public void ReadPoolYaml_Invalid_NamesTheFileAndTheProblem(string yaml, string message)
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, yaml);

        var error = Should.Throw<TraceFormatException>(() => PoolYamlReader.Read(path));

        error.Message.ShouldStartWith(path);
        error.Message.ShouldContain(message);
    }
}
