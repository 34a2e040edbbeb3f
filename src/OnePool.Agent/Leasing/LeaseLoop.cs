using Microsoft.Extensions.Logging;
using OnePool.Agent.Execution;
using OnePool.Agent.Inventory;
using OnePool.Contracts.Agents;

namespace OnePool.Agent.Leasing;

/// <summary>
/// The agent's one conversation with the broker: lease, apply the desired state, lease again. A long poll in flight
/// is cancelled and resent at once when something changes locally; that is safe because the protocol is
/// level-triggered (every request is the whole report, every answer the whole desired state).
/// </summary>
internal sealed partial class LeaseLoop(
    LeaseClient client,
    IExecutor executor,
    LeaseLedger ledger,
    LocalChanges changes,
    AgentNode node,
    string agentInstance,
    TimeProvider time,
    ILogger logger,
    SelfFence? fence = null,
    Health.DeviceHealth? health = null,
    Func<AgentNode>? currentNode = null)
{
    /// <summary>Slack added to WaitMillis for the HTTP timeout of a call.</summary>
    public static readonly TimeSpan CallSlack = TimeSpan.FromSeconds(10);

    /// <summary>Retry pace while the broker refuses the token.</summary>
    public static readonly TimeSpan RefusedRetry = TimeSpan.FromSeconds(10);

    /// <summary>First retry delay while the broker is unreachable; doubles up to <see cref="MaxBackoff"/>.</summary>
    public static readonly TimeSpan MinBackoff = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest retry delay while the broker is unreachable.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private TimeSpan _backoff = MinBackoff;
    private bool _joined;
    private bool _unreachable;
    private bool _refused;
    private string? _lastProblem;

    /// <summary>Leases until <paramref name="cancellationToken"/> fires; never throws for broker trouble.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            changes.Clear();
            // A node whose state can change (a Slurm node that drains) is read afresh for every lease.
            var now = currentNode?.Invoke() ?? node;
            var lease = await ledger.PrepareAsync(executor, health?.Apply(now) ?? now, agentInstance, cancellationToken);
            var started = time.GetTimestamp();
            var result = await SendAsync(lease.Request, cancellationToken);
            if (result is null)
            {
                continue; // woken by a local change: lease again with the new state
            }

            fence?.Observe(result);
            var pause = Handle(lease, result, time.GetElapsedTime(started), cancellationToken);
            if (pause > TimeSpan.Zero)
            {
                await PauseAsync(pause, wakeable: result is LeaseResult.Ok, cancellationToken);
            }
        }
    }

    /// <summary>Sends one request; null when a local change cut a long poll short.</summary>
    private async Task<LeaseResult?> SendAsync(LeaseRequest request, CancellationToken cancellationToken)
    {
        using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var leaseTask = client.LeaseAsync(request, TimeSpan.FromMilliseconds(request.WaitMillis) + CallSlack, call.Token);
        try
        {
            if (request.WaitMillis > 0)
            {
                var wake = changes.WaitAsync(call.Token);
                if (await Task.WhenAny(leaseTask, wake) == wake && !leaseTask.IsCompleted)
                {
                    await call.CancelAsync();
                    await leaseTask.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                    cancellationToken.ThrowIfCancellationRequested();
                    return null;
                }
            }

            return await leaseTask;
        }
        finally
        {
            // Also ends a pending wait, so that it does not swallow the next signal.
            await call.CancelAsync();
        }
    }

    /// <summary>Acts on one result; returns how long to wait before the next lease.</summary>
    private TimeSpan Handle(PreparedLease lease, LeaseResult result, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        switch (result)
        {
            case LeaseResult.Ok ok:
                if (_unreachable)
                {
                    Log.Reachable(logger);
                }

                _unreachable = _refused = false;
                _lastProblem = null;
                _backoff = MinBackoff;
                if (!_joined)
                {
                    _joined = true;
                    var site = ok.Response.NodeId.Split('/')[0];
                    Log.Joined(logger, site, node.Name, NodeInventory.Describe(node));
                }

                var endsHeard = ledger.Commit(lease, ok.Response);
                var changed = Apply(ok.Response, endsHeard, cancellationToken);
                // Pause only when the broker answered a long poll early with nothing to do (it may not hold calls).
                var answeredEarly = elapsed < TimeSpan.FromMilliseconds(lease.Request.WaitMillis) - TimeSpan.FromSeconds(1);
                return changed || !answeredEarly || ledger.HasUnsent(executor)
                    ? TimeSpan.Zero
                    : TimeSpan.FromMilliseconds(Math.Max(ok.Response.LeaseIntervalMillis, 100)) - elapsed;

            case LeaseResult.Refused refused:
                if (!_refused)
                {
                    _refused = true;
                    Log.Refused(logger, refused.StatusCode);
                }

                return RefusedRetry;

            case LeaseResult.Unreachable unreachable:
                // Self-fencing is SelfFence's job, on its own timer: a hung call must not delay it.
                if (!_unreachable)
                {
                    _unreachable = true;
                    Log.Unreachable(logger, unreachable.Reason);
                }

                return NextBackoff();

            case LeaseResult.Rejected rejected:
                if (rejected.Problem != _lastProblem)
                {
                    _lastProblem = rejected.Problem;
                    Log.Rejected(logger, rejected.StatusCode, rejected.Problem);
                }

                return NextBackoff();

            default:
                throw new InvalidOperationException($"unknown lease result {result}");
        }
    }

    private TimeSpan NextBackoff()
    {
        var delay = _backoff;
        _backoff = TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, MaxBackoff.Ticks));
        return delay;
    }

    private async Task PauseAsync(TimeSpan pause, bool wakeable, CancellationToken cancellationToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(pause, time, waiting.Token);
        await (wakeable ? Task.WhenAny(delay, changes.WaitAsync(waiting.Token)) : Task.WhenAny(delay));
        await waiting.CancelAsync();
    }
}
