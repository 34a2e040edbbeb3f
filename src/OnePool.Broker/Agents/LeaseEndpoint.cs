using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OnePool.Broker.Auth;
using OnePool.Broker.Hosting;
using OnePool.Broker.Metrics;
using OnePool.Broker.Problems;
using OnePool.Broker.Scheduling;
using OnePool.Contracts.Agents;
using OnePool.Core.Jobs;
using OnePool.Store;
using OnePool.Store.Records;

namespace OnePool.Broker.Agents;

/// <summary>
/// <c>POST /v1/agents/lease</c>: commit what the agent reports (inventory, output, replica states), then answer
/// with the node's desired state, holding the call open (long poll) while there is nothing new to say.
/// </summary>
internal static partial class LeaseEndpoint
{
    public static void MapLeaseEndpoint(this IEndpointRouteBuilder app) =>
        app.MapPost("/v1/agents/lease", LeaseAsync).RequireAuthorization(Roles.Site).WithTags("agents");

    private static async Task<Results<Ok<LeaseResponse>, ValidationProblem, ProblemHttpResult>> LeaseAsync(
        HttpContext http, IStateStore store, NodeRegistry registry, DesiredState desired, LeaseWaiters waiters, CheckpointMarks checkpoints,
        SchedulerSignal scheduler, Leadership.Leadership leadership, TimeProvider time, IOptions<BrokerOptions> options, ILogger<LeaseHandler> logger,
        CancellationToken cancellationToken)
    {
        if (!leadership.IsLeader)
        {
            // Dispatch is the leader's: a standby sends the agent there (421 Misdirected Request, the leader's URL in
            // the problem's "leader" member and the OnePool-Leader header), or asks it to retry while none is elected.
            return Leadership.NotLeader.Answer(http, leadership);
        }

        var started = Stopwatch.GetTimestamp();
        var (request, problem) = await JsonBody.ReadAsync<LeaseRequest>(http.Request, cancellationToken);
        if (request is null)
        {
            return problem!;
        }

        var errors = LeaseValidation.Check(request);
        if (errors.Count > 0)
        {
            return Problem.Invalid("invalid lease", errors);
        }

        var site = Caller.From(http.User).Subject;
        var nodeId = $"{site}/{request.Node.Name}";
        var isNew = !registry.TryGet(nodeId, out _);
        if (registry.Touch(nodeId, site, request.Node, request.AgentInstance))
        {
            await store.UpsertNodeAsync(new NodeRecord
            {
                Id = nodeId, Site = site, Name = request.Node.Name,
                Inventory = JsonSerializer.Serialize(request.Node, JsonBody.Options), UpdatedAt = Time.ToMs(time.GetUtcNow()),
            }, cancellationToken);
            scheduler.Wake();
        }

        if (isNew)
        {
            Log.NodeJoined(logger, nodeId, request.Node.Accelerators.Count, request.AgentInstance);
        }

        try
        {
            return await AnswerAsync(request, nodeId, store, desired, waiters, checkpoints, scheduler, time, options, started, cancellationToken);
        }
        finally
        {
            registry.Release(nodeId);
        }
    }

    private static async Task<Ok<LeaseResponse>> AnswerAsync(
        LeaseRequest request, string nodeId, IStateStore store, DesiredState desired, LeaseWaiters waiters, CheckpointMarks checkpoints,
        SchedulerSignal scheduler, TimeProvider time, IOptions<BrokerOptions> options, long started, CancellationToken cancellationToken)
    {
        var acks = await store.AppendLogsAsync(nodeId, (request.Logs ?? []).Select(l => new LogWrite(l.AttemptId, l.ReplicaIndex, l.Offset, l.Length, l.Data)).ToList(), cancellationToken);
        await ApplyReportsAsync(nodeId, request, store, scheduler, waiters, time, cancellationToken);
        var marks = (request.Replicas ?? [])
            .Where(r => r.Checkpoint is not null && r.CheckpointAt is not null)
            .Select(r => new CheckpointMark(r.AttemptId, r.ReplicaIndex, r.Checkpoint!, r.CheckpointAt!.Value, r.Progress))
            .ToList();
        var fresh = checkpoints.Unrecorded(marks);
        await store.RecordCheckpointsAsync(nodeId, request.Node.StorageDomain ?? nodeId, fresh, cancellationToken);
        checkpoints.Recorded(fresh);
        BrokerMetrics.LeaseSeconds.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);

        var wait = TimeSpan.FromMilliseconds(Math.Min(request.WaitMillis, options.Value.MaxLeaseWait.TotalMilliseconds));
        var deadline = time.GetUtcNow() + wait;
        while (true)
        {
            var wake = waiters.Next(nodeId);
            var (run, _) = await desired.ForNodeAsync(nodeId, cancellationToken);
            var remaining = deadline - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero || NeedsAnswer(request, run))
            {
                return TypedResults.Ok(new LeaseResponse(
                    nodeId, (int)options.Value.LeaseInterval.TotalMilliseconds, run,
                    acks.Select(a => new LogAck(a.AttemptId, a.Replica, a.NextOffset)).ToList()));
            }

            await Task.WhenAny(wake, Task.Delay(remaining, time, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Commits the agent's replica states. A replica the broker saw running that the agent no longer
    /// holds was lost with the agent's process (a restart); it is fenced rather than started again.</summary>
    private static async Task ApplyReportsAsync(string nodeId, LeaseRequest request, IStateStore store, SchedulerSignal scheduler,
        LeaseWaiters waiters, TimeProvider time, CancellationToken cancellationToken)
    {
        var reported = request.Replicas ?? [];
        var held = reported.Select(r => (r.AttemptId, r.ReplicaIndex)).ToHashSet();
        var live = await store.ListLiveReplicasAsync(nodeId, cancellationToken);
        // Only changes are written (DESIGN.md, principle 2): a replica reported in the state the store already has
        // needs no write, and one the store does not hold live here is fenced and would change nothing.
        var stored = live.ToDictionary(r => (r.AttemptId, (int)r.Idx), r => r.State);
        var updates = reported
            .Where(r => stored.TryGetValue((r.AttemptId, r.ReplicaIndex), out var state) && state != r.State)
            .Select(r => new ReplicaUpdate(r.AttemptId, r.ReplicaIndex, LeaseValidation.ToState(r.State), r.ExitCode, r.StartedAt, r.FinishedAt, r.Message))
            .ToList();
        updates.AddRange(live
            .Where(r => r.State == "running" && !held.Contains((r.AttemptId, (int)r.Idx)))
            .Select(r => new ReplicaUpdate(r.AttemptId, (int)r.Idx, ReplicaState.Lost, null, null, null,
                "the agent no longer runs it (agent restarted)")));
        updates.AddRange(OnFailedDevices(request.Node, live, nodeId));
        // A replica of an attempt being stopped (cancel, preemption) that the agent never started is no longer in its
        // desired state, so it never will be: it has stopped, and the attempt need not wait for it.
        updates.AddRange(live
            .Where(r => r.AttemptState == "stopping" && r.State == "assigned" && !held.Contains((r.AttemptId, (int)r.Idx)))
            .Select(r => new ReplicaUpdate(r.AttemptId, (int)r.Idx, ReplicaState.Stopped, null, null, null, "stopped before it started")));
        if (updates.Count == 0)
        {
            return;
        }

        var transitions = await store.ApplyReportsAsync(nodeId, updates, time.GetUtcNow(), cancellationToken);
        if (transitions.Count > 0)
        {
            BrokerMetrics.Record(transitions);
            scheduler.Wake();
            if (transitions.Any(t => t.AttemptState is AttemptState.Stopping))
            {
                waiters.WakeAll(); // the other replicas of a failed gang must stop, wherever they run
            }
        }
    }

    /// <summary>Replicas holding a device the agent now reports unhealthy: lost (an infrastructure failure), so the
    /// attempt stops, its job is requeued without using its retries, and nothing new is placed on the device.</summary>
    private static IEnumerable<ReplicaUpdate> OnFailedDevices(AgentNode node, IReadOnlyList<LiveReplicaRecord> live, string nodeId)
    {
        var failed = node.Accelerators.Where(a => !a.Healthy).ToDictionary(a => a.Index, a => a.Model);
        if (failed.Count == 0)
        {
            return [];
        }

        return live
            .Where(r => r.State is "running" or "assigned" && r.AttemptState is "dispatched" or "running")
            .Select(r => (Replica: r, Bad: r.DeviceIndices.FirstOrDefault(failed.ContainsKey, -1)))
            .Where(x => x.Bad >= 0)
            .Select(x => new ReplicaUpdate(x.Replica.AttemptId, (int)x.Replica.Idx, ReplicaState.Lost, null, null, null,
                $"accelerator {x.Bad} ({failed[x.Bad]}) on {nodeId} failed its health check"));
    }

    /// <summary>True when the agent must act: start something it does not run, stop something it runs, or forget
    /// something that ended.</summary>
    private static bool NeedsAnswer(LeaseRequest request, List<ReplicaAssignment> run)
    {
        var reported = request.Replicas ?? [];
        if (reported.Any(r => r.State != "running"))
        {
            return true;
        }

        var running = reported.Select(r => (r.AttemptId, r.ReplicaIndex)).ToHashSet();
        var desired = run.Select(r => (r.AttemptId, r.ReplicaIndex)).ToHashSet();
        return !running.SetEquals(desired) || (request.Logs?.Count ?? 0) > 0;
    }

    /// <summary>Category type for the lease log.</summary>
    internal sealed class LeaseHandler;

    private static partial class Log
    {
        [LoggerMessage(100, LogLevel.Information, "Node {NodeId} leased for the first time since start ({Devices} accelerators, agent {Instance})")]
        public static partial void NodeJoined(ILogger logger, string nodeId, int devices, string instance);
    }
}
