using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OnePool.Broker.Agents;
using OnePool.Broker.Hosting;
using OnePool.Broker.Scheduling;
using OnePool.Contracts.Agents;
using OnePool.Contracts.Jobs;
using OnePool.Scheduler;
using OnePool.Scheduler.Decisions;
using OnePool.Scheduler.Snapshot;
using OnePool.Store;
using OnePool.TestKit.Polling;
using Shouldly;
using Xunit;
using static OnePool.Broker.Tests.Scheduling.SnapshotBuilderTests;

namespace OnePool.Broker.Tests.Scheduling;

public sealed class PreemptionTests
{
    private const string Why = "preempted by job 99 (priority 10 over 0)";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunCycleAsync_SchedulerPreempts_StopsTheVictimAndRequeuesIt()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        var site = await broker.NewSiteAsync("edge", Ct);
        await LeaseAsync(site, new LeaseRequest(EdgeNode, [], [], 0, "i1"));
        await broker.Admin.PostAsync("/v1/jobs", Body("run: sleep 60\nresources: {accelerators: T4:1}\n"), Ct);
        var run = (await LeaseAsync(site, new LeaseRequest(EdgeNode, [], [], 20_000, "i1"))).Run.ShouldHaveSingleItem();
        var running = new ReplicaReport(run.AttemptId, 0, "running", null, null, null, null);
        await LeaseAsync(site, new LeaseRequest(EdgeNode, [running], [], 0, "i1"));

        var waiting = LeaseAsync(site, new LeaseRequest(EdgeNode, [running], [], 20_000, "i1"));
        await CreateLoop(broker, new PreemptEverything()).RunCycleAsync(Ct);
        var afterPreemption = await waiting;

        afterPreemption.Run.ShouldBeEmpty(); // the agent stops what is no longer listed
        await LeaseAsync(site, new LeaseRequest(EdgeNode, [running with { State = "stopped", ExitCode = 143 }], [], 0, "i1"));
        JobDetail? job = null;
        await Eventually.WaitUntilAsync(async () => (job = await JobAsync(broker, run.JobId)).AttemptHistory.Count == 2, TimeSpan.FromSeconds(10), Ct);
        job!.AttemptHistory[0].ShouldSatisfyAllConditions(a => a.State.ShouldBe("preempted"), a => a.Reason.ShouldBe(Why));
        job.Events.ShouldContain(e => e.Type == "preempted" && e.Message == Why);
        job.Events.ShouldContain(e => e.Type == "requeued" && e.Message == $"requeued: {Why}");
        job.Job.Attempts.ShouldBe(2, string.Join("\n", job.Events.Select(e => $"{e.At:HH:mm:ss.fff} {e.Type}: {e.Message}")));
    }

    [Fact]
    public async Task Lease_PreemptedReplicaTheAgentNeverStarted_EndsTheAttemptAtOnce()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        var site = await broker.NewSiteAsync("edge", Ct);
        await LeaseAsync(site, new LeaseRequest(EdgeNode, [], [], 0, "i1"));
        await broker.Admin.PostAsync("/v1/jobs", Body("run: sleep 60\n"), Ct);
        var run = (await LeaseAsync(site, new LeaseRequest(EdgeNode, [], [], 20_000, "i1"))).Run.ShouldHaveSingleItem();
        await CreateLoop(broker, new PreemptEverything()).RunCycleAsync(Ct);

        await LeaseAsync(site, new LeaseRequest(EdgeNode, [], [], 0, "i1")); // the agent holds nothing

        var job = await JobAsync(broker, run.JobId);
        job.AttemptHistory[0].State.ShouldBe("preempted");
        job.AttemptHistory[0].Replicas.ShouldHaveSingleItem().State.ShouldBe("stopped");
    }

    private static SchedulingLoop CreateLoop(BrokerFixture broker, IScheduler scheduler)
    {
        var services = broker.Services;
        return new SchedulingLoop(
            scheduler, services.GetRequiredService<SnapshotBuilder>(), services.GetRequiredService<IStateStore>(),
            services.GetRequiredService<SchedulerSignal>(), services.GetRequiredService<LeaseWaiters>(),
            services.GetRequiredService<OnePool.Broker.Leadership.Leadership>(), TimeProvider.System,
            services.GetRequiredService<IOptions<BrokerOptions>>(), NullLogger<SchedulingLoop>.Instance);
    }

    private static async Task<JobDetail> JobAsync(BrokerFixture broker, long id) =>
        (await broker.Admin.GetFromJsonAsync<JobDetail>($"/v1/jobs/{id}", BrokerFixture.Json, Ct))!;

    /// <summary>Preempts every live attempt that is not already stopping, and places nothing.</summary>
    private sealed class PreemptEverything : IScheduler
    {
        public SchedulingDecisions Schedule(SchedulingSnapshot snapshot) => new([], [])
        {
            Preemptions = snapshot.Running.Where(r => !r.Stopping).Select(r => new Preemption(r.AttemptId, r.JobId, 99, Why)).ToList(),
        };
    }
}
