using System.Net.Http.Json;
using System.Text;
using OnePool.Contracts.Agents;
using OnePool.Contracts.Jobs;
using OnePool.Contracts.Sites;
using Shouldly;
using Xunit;

namespace OnePool.Broker.Tests.Agents;

public sealed class LeaseEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly AgentNode EdgeNode = new("edge-1", "process", 4000, 16384,
        [new AcceleratorDevice(0, "T4", 16384, true), new AcceleratorDevice(1, "T4", 16384, true)],
        new Dictionary<string, long>(), new Dictionary<string, string>());

    [Fact]
    public async Task Lease_FirstCall_RegistersTheNodeInNodesAndPool()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        var site = await broker.NewSiteAsync("edge", Ct);

        var lease = await LeaseAsync(site, new LeaseRequest(EdgeNode, [], [], 0, "i1"));

        lease.NodeId.ShouldBe("edge/edge-1");
        var nodes = await broker.Admin.GetFromJsonAsync<NodeList>("/v1/nodes", BrokerFixture.Json, Ct);
        var node = nodes!.Nodes.ShouldHaveSingleItem();
        node.State.ShouldBe("ready");
        node.Accelerators["T4"].ShouldBe(2);
        var pool = await broker.Admin.GetFromJsonAsync<PoolView>("/v1/pool", BrokerFixture.Json, Ct);
        pool!.Rows.ShouldContain(r => r.Site == "edge" && r.Resource == "T4" && r.Capacity == 2 && r.Free == 2);
    }

    [Fact]
    public async Task Lease_LongPoll_ReturnsTheJobScheduledWhileWaiting()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        var site = await broker.NewSiteAsync("edge", Ct);
        await LeaseAsync(site, new LeaseRequest(EdgeNode, [], [], 0, "i1"));

        var waiting = LeaseAsync(site, new LeaseRequest(EdgeNode, [], [], 20_000, "i1"));
        var submitted = await broker.Admin.PostAsync("/v1/jobs", new StringContent("name: gpu\nrun: nvidia-smi\nresources: {accelerators: T4:1}\n", Encoding.UTF8), Ct);
        var id = (await submitted.Content.ReadFromJsonAsync<SubmitJobResponse>(BrokerFixture.Json, Ct))!.Id;
        var lease = await waiting;

        var run = lease.Run.ShouldHaveSingleItem();
        run.JobId.ShouldBe(id);
        run.AcceleratorIndices.ShouldBe([0]);
        run.Script.ShouldBe("nvidia-smi");
    }

    [Fact]
    public async Task Lease_GangOnTwoNodes_TellsEachReplicaTheHostOfEveryReplica()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        var site = await broker.NewSiteAsync("edge", Ct);
        var second = EdgeNode with { Name = "edge-2" };
        await LeaseAsync(site, new LeaseRequest(EdgeNode, [], [], 0, "i1"));
        await LeaseAsync(site, new LeaseRequest(second, [], [], 0, "i2"));

        // Two replicas of two T4 each: one per node, since each node has two.
        await broker.Admin.PostAsync("/v1/jobs", new StringContent("name: gang\nreplicas: 2\nrun: echo\nresources: {accelerators: T4:2}\n", Encoding.UTF8), Ct);
        var one = (await LeaseAsync(site, new LeaseRequest(EdgeNode, [], [], 20_000, "i1"))).Run.Single();
        var two = (await LeaseAsync(site, new LeaseRequest(second, [], [], 20_000, "i2"))).Run.Single();

        one.ReplicaHosts.ShouldBe(two.ReplicaHosts);
        one.ReplicaHosts[one.ReplicaIndex].ShouldBe("edge-1");
        two.ReplicaHosts[two.ReplicaIndex].ShouldBe("edge-2");
    }

    [Fact]
    public async Task Lease_ReportsRunningThenSucceeded_CompletesTheJobWithItsOutput()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        var site = await broker.NewSiteAsync("edge", Ct);
        await LeaseAsync(site, new LeaseRequest(EdgeNode, [], [], 0, "i1"));
        await broker.Admin.PostAsync("/v1/jobs", new StringContent("run: echo hi\n", Encoding.UTF8), Ct);
        var run = (await LeaseAsync(site, new LeaseRequest(EdgeNode, [], [], 20_000, "i1"))).Run.Single();
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

        await LeaseAsync(site, new LeaseRequest(EdgeNode, [new ReplicaReport(run.AttemptId, 0, "running", null, now, null, null)], [], 0, "i1"));
        var last = await LeaseAsync(site, new LeaseRequest(EdgeNode,
            [new ReplicaReport(run.AttemptId, 0, "succeeded", 0, now, now.AddSeconds(1), null)],
            [new LogUpload(run.AttemptId, 0, 0, 3, "hi\n")], 0, "i1"));

        last.Run.ShouldBeEmpty();
        last.LogAcks.ShouldHaveSingleItem().NextOffset.ShouldBe(3);
        var job = await broker.Admin.GetFromJsonAsync<JobDetail>($"/v1/jobs/{run.JobId}", BrokerFixture.Json, Ct);
        job!.Job.State.ShouldBe("succeeded");
        var logs = await broker.Admin.GetFromJsonAsync<LogPage>($"/v1/jobs/{run.JobId}/logs", BrokerFixture.Json, Ct);
        logs!.Chunks.ShouldHaveSingleItem().Data.ShouldBe("hi\n");
        logs.Complete.ShouldBeTrue();
    }

    [Fact]
    public async Task Lease_RestartedAgentNoLongerHoldsARunningReplica_FencesItInsteadOfRestartingIt()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        var site = await broker.NewSiteAsync("edge", Ct);
        await LeaseAsync(site, new LeaseRequest(EdgeNode, [], [], 0, "i1"));
        await broker.Admin.PostAsync("/v1/jobs", new StringContent("run: sleep 100\n", Encoding.UTF8), Ct);
        var run = (await LeaseAsync(site, new LeaseRequest(EdgeNode, [], [], 20_000, "i1"))).Run.Single();
        await LeaseAsync(site, new LeaseRequest(EdgeNode, [new ReplicaReport(run.AttemptId, 0, "running", null, null, null, null)], [], 0, "i1"));

        var afterRestart = await LeaseAsync(site, new LeaseRequest(EdgeNode, [], [], 0, "i2"));

        afterRestart.Run.ShouldNotContain(r => r.AttemptId == run.AttemptId);
        var job = await broker.Admin.GetFromJsonAsync<JobDetail>($"/v1/jobs/{run.JobId}", BrokerFixture.Json, Ct);
        job!.AttemptHistory[0].State.ShouldBe("lost");
    }

    [Theory]
    [InlineData("""{"node":{"name":"bad name","executor":"process","cpuMillis":1,"memoryMiB":1,"accelerators":[],"extended":{},"labels":{}},"replicas":[],"logs":[],"waitMillis":0,"agentInstance":"x"}""", "node.name")]
    [InlineData("""{"node":{"name":"n","executor":"process","cpuMillis":1,"memoryMiB":1,"accelerators":[],"extended":{},"labels":{}},"replicas":[],"logs":[],"waitMillis":999999,"agentInstance":"x"}""", "waitMillis")]
    [InlineData("""{"node":{"name":"n","executor":"slurm","cpuMillis":1,"memoryMiB":1,"accelerators":[],"extended":{},"labels":{},"siteQueue":{"A100-80G":-3}},"replicas":[],"logs":[],"waitMillis":0,"agentInstance":"x"}""", "node.siteQueue")]
    [InlineData("""{"node":{"name":"n","executor":"process","cpuMillis":1,"memoryMiB":1,"accelerators":[],"extended":{},"labels":{}},"replicas":[{"attemptId":1,"replicaIndex":0,"state":"dancing"}],"logs":[],"waitMillis":0,"agentInstance":"x"}""", "replicas[0]")]
    [InlineData("""{"node":{"name":"n","cpuMillis":"lots"}}""", "node.cpuMillis")]
    [InlineData("""{}""", "node")]
    public async Task Lease_MalformedRequest_Is400NamingTheField(string body, string field)
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        var site = await broker.NewSiteAsync("edge", Ct);

        var response = await site.PostAsync("/v1/agents/lease", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        (await response.ShouldBeProblemAsync(400, Ct)).Fields().ShouldContain(field);
    }

    [Fact]
    public async Task Lease_WithTenantToken_Is403()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        var tenant = await broker.NewTenantAsync("alice", Ct);

        var response = await tenant.PostAsJsonAsync("/v1/agents/lease", new LeaseRequest(EdgeNode, [], [], 0, "i1"), BrokerFixture.Json, Ct);

        await response.ShouldBeProblemAsync(403, Ct);
    }

    private static async Task<LeaseResponse> LeaseAsync(HttpClient site, LeaseRequest request)
    {
        var response = await site.PostAsJsonAsync("/v1/agents/lease", request, BrokerFixture.Json, Ct);
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<LeaseResponse>(BrokerFixture.Json, Ct))!;
    }
}
