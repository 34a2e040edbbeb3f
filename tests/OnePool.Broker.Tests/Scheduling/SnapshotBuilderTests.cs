using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OnePool.Broker.Scheduling;
using OnePool.Contracts.Agents;
using OnePool.Contracts.Tenants;
using Shouldly;
using Xunit;

namespace OnePool.Broker.Tests.Scheduling;

public sealed class SnapshotBuilderTests
{
    internal static readonly AgentNode EdgeNode = new("edge-1", "process", 4000, 16384,
        [new AcceleratorDevice(0, "T4", 16384, true), new AcceleratorDevice(1, "T4", 16384, true)],
        new Dictionary<string, long>(), new Dictionary<string, string>());

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BuildAsync_JobDispatched_FillsRunningSitesAndTenants()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        var site = await broker.NewSiteAsync("edge", Ct);
        var tenant = await broker.NewTenantAsync("vision", Ct);
        await Json(broker.Admin.PutAsync("/v1/tenants/vision", Body("""{"nominal":{"T4":1},"cohort":"lab","weight":2}"""), Ct));
        await Json(broker.Admin.PutAsync("/v1/sites/edge", Body("""{"prices":{"T4":0.35},"datasets":["coco"]}"""), Ct));
        await LeaseAsync(site, new LeaseRequest(EdgeNode, [], [], 0, "i1"));
        await tenant.PostAsync("/v1/jobs", Body("priority: 5\nrun: sleep 60\nresources: {accelerators: T4:1}\n"), Ct);
        var run = (await LeaseAsync(site, new LeaseRequest(EdgeNode, [], [], 20_000, "i1"))).Run.ShouldHaveSingleItem();

        var snapshot = await broker.Services.GetRequiredService<SnapshotBuilder>().BuildAsync(Ct);

        var running = snapshot.Running.ShouldHaveSingleItem();
        (running.AttemptId, running.JobId, running.Tenant, running.Priority, running.Site, running.Accelerator?.ToString(), running.Stopping)
            .ShouldBe((run.AttemptId, run.JobId, "vision", 5, "edge", "T4:1", false));
        running.Replicas.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            r => r.NodeId.ShouldBe("edge/edge-1"), r => r.DeviceIndices.ShouldBe(run.AcceleratorIndices));
        running.Requirements.Accelerators.ShouldHaveSingleItem().Model.ShouldBe("T4");
        var policy = snapshot.Tenants.Single(t => t.Name == "vision");
        (policy.Nominal["t4"], policy.Cohort, policy.Weight).ShouldBe((1.0, "lab", 2.0));
        var edge = snapshot.Sites.ShouldHaveSingleItem();
        (edge.Prices["T4"], edge.Draining, edge.Reliability, edge.Datasets.Contains("COCO")).ShouldBe((0.35, false, 1.0, true));
        snapshot.Nodes.ShouldHaveSingleItem().Schedulable.ShouldBeTrue();
    }

    [Fact]
    public async Task BuildAsync_PendingJobUnchanged_KeepsItsRecordFromCycleToCycle()
    {
        // The scheduler keeps per-job keys inside the record: a new record every cycle would work them out again.
        await using var broker = await BrokerFixture.StartAsync(Ct);
        var tenant = await broker.NewTenantAsync("vision", Ct);
        await Json(tenant.PostAsync("/v1/jobs", Body("priority: 3\nrun: sleep 60\nresources: {accelerators: H100:8}\n"), Ct));
        await Json(tenant.PostAsync("/v1/jobs", Body("run: sleep 60\nresources: {accelerators: H100:4}\n"), Ct));
        var builder = broker.Services.GetRequiredService<SnapshotBuilder>();

        var first = (await builder.BuildAsync(Ct)).Pending;
        var second = (await builder.BuildAsync(Ct)).Pending;

        first.Count.ShouldBe(2);
        second.Count.ShouldBe(2);
        second.Zip(first).ShouldAllBe(pair => ReferenceEquals(pair.First, pair.Second));
        (first[0].Tenant, first[0].Priority, first[0].Requirements.Accelerators[0].Count).ShouldBe(("vision", 3, 8));
        ReferenceEquals(first[0].Tenant, first[1].Tenant).ShouldBeTrue(); // one string per tenant name
    }

    [Fact]
    public async Task BuildAsync_NodeWithQueueSlots_OffersThatManyTimesItsCapacity()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        var site = await broker.NewSiteAsync("hpc", Ct);
        await LeaseAsync(site, new LeaseRequest(EdgeNode with { Executor = "slurm", QueueSlots = 1 }, [], [], 0, "i1"));

        var node = (await broker.Services.GetRequiredService<SnapshotBuilder>().BuildAsync(Ct)).Nodes.ShouldHaveSingleItem();

        (node.CpuMillis, node.MemoryMiB).ShouldBe((8000, 32768L));
        node.Devices.Select(d => (d.Index, d.Model)).ShouldBe([(0, "T4"), (1, "T4"), (2, "T4"), (3, "T4")]);
    }

    [Fact]
    public async Task BuildAsync_DrainingSite_MarksItsNodesUnschedulable()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        var site = await broker.NewSiteAsync("edge", Ct);
        await LeaseAsync(site, new LeaseRequest(EdgeNode, [], [], 0, "i1"));
        await Json(broker.Admin.PutAsync("/v1/sites/edge", Body("""{"draining":true}"""), Ct));

        var snapshot = await broker.Services.GetRequiredService<SnapshotBuilder>().BuildAsync(Ct);

        snapshot.Sites.ShouldHaveSingleItem().Draining.ShouldBeTrue();
        snapshot.Nodes.ShouldHaveSingleItem().Schedulable.ShouldBeFalse();
    }

    [Fact]
    public async Task ListTenants_JobRunning_ShowsItsUsage()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        var site = await broker.NewSiteAsync("edge", Ct);
        var tenant = await broker.NewTenantAsync("vision", Ct);
        await LeaseAsync(site, new LeaseRequest(EdgeNode, [], [], 0, "i1"));
        await tenant.PostAsync("/v1/jobs", Body("run: sleep 60\nresources: {cpu: 2, memory: 2Gi, accelerators: T4:2}\n"), Ct);
        (await LeaseAsync(site, new LeaseRequest(EdgeNode, [], [], 20_000, "i1"))).Run.ShouldHaveSingleItem();

        var tenants = await broker.Admin.GetFromJsonAsync<TenantList>("/v1/tenants", BrokerFixture.Json, Ct);

        var usage = tenants!.Tenants.Single(t => t.Name == "vision").Usage;
        (usage["T4"], usage["cpu"], usage["memory"]).ShouldBe((2.0, 2.0, 2.0));
        tenants.Tenants.Single(t => t.Name == "default").Usage.ShouldBeEmpty();
    }

    internal static StringContent Body(string text) => new(text, Encoding.UTF8, "application/json");

    internal static async Task<LeaseResponse> LeaseAsync(HttpClient site, LeaseRequest request)
    {
        var response = await site.PostAsJsonAsync("/v1/agents/lease", request, BrokerFixture.Json, Ct);
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<LeaseResponse>(BrokerFixture.Json, Ct))!;
    }

    private static async Task Json(Task<HttpResponseMessage> call)
    {
        var response = await call;
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync(Ct));
    }
}
