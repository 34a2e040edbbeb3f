using System.Globalization;
using System.Runtime.InteropServices;

namespace OnePool.Bench.Faults;

/// <summary>
/// <c>faults</c>: a real 2-site pool (separate processes), a resumable training-like gang that checkpoints every
/// interval, and the node running its replica 0 killed (SIGKILL of the agent and its processes) every
/// <see cref="FaultScenario.Every"/>, then brought back. Reports the broker's own effective-training-time accounting
/// against what checkpointing alone allows, and the measured detection and restart times.
/// </summary>
internal static class FaultsCommand
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    public static async Task<int> RunAsync(BenchArguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var scenario = arguments.Quick ? FaultScenario.Quick : FaultScenario.Full;
        if (OnePoolExecutable.Find(output) is not { } executable)
        {
            return 1;
        }

        // Ctrl-C or SIGTERM ends the run through the finally below, which kills every process started.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        var time = TimeProvider.System;
        using var pool = new PoolProcesses(executable);
        try
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"OnePool faults bench ({scenario.Name}): {FaultScenario.Sites.Count} sites x {FaultScenario.NodesPerSite} nodes at {pool.Url}, "
                + $"checkpoint every {scenario.Interval.TotalSeconds:F0} s, a node killed every {scenario.Every.TotalSeconds:F0} s "
                + $"for {scenario.Duration.TotalMinutes:F0} min; lease 1 s, lost after {FaultScenario.LostTimeout.TotalSeconds:F0} s"));
            await pool.StartAsync(time, stop.Token);
            var api = pool.Api!;
            var id = await api.SubmitAsync(TrainingJob.Yaml(scenario), stop.Token);
            await WaitForRunningAsync(api, id, TimeSpan.FromSeconds(60), time, stop.Token);
            output.WriteLine($"  job {id} running on {string.Join(", ", (await api.JobAsync(id, stop.Token)).AttemptHistory[^1].Replicas.Select(r => r.Node))}");

            var faults = await InjectAsync(scenario, pool, id, time, output, stop.Token);

            await api.CancelAsync(id, stop.Token);
            var final = await WaitForFinalAsync(api, id, TimeSpan.FromSeconds(60), time, stop.Token);
            if (final.Efficiency is null)
            {
                output.WriteLine($"error: the broker reports no efficiency; rebuild onepool: {OnePoolExecutable.BuildCommand}");
                return 1;
            }

            new FaultReport(scenario, final, faults).Write(output);
            return 0;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            output.WriteLine("interrupted: stopping the pool");
            return 130;
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or HttpRequestException or IOException)
        {
            output.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static async Task<List<InjectedFault>> InjectAsync(FaultScenario scenario, PoolProcesses pool, long id,
        TimeProvider time, TextWriter output, CancellationToken cancellationToken)
    {
        var api = pool.Api!;
        var faults = new List<InjectedFault>();
        var started = time.GetTimestamp();
        var nextFault = scenario.Every;
        var nextProgress = TimeSpan.Zero;
        for (var elapsed = TimeSpan.Zero; elapsed < scenario.Duration; elapsed = time.GetElapsedTime(started))
        {
            if (elapsed >= nextFault || elapsed >= nextProgress)
            {
                var job = await api.JobAsync(id, cancellationToken);
                var attempt = job.AttemptHistory.Count > 0 ? job.AttemptHistory[^1] : null;
                if (elapsed >= nextProgress)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  t={elapsed.TotalSeconds,4:F0}s step={job.Checkpoint?.Progress ?? "0",-5} attempts={job.AttemptHistory.Count} "
                        + $"failures={faults.Count} state={job.Job.State} attempt={attempt?.State ?? "-"}"));
                    nextProgress += scenario.ProgressEvery;
                }

                // Kill only a running attempt; while the job restarts, the failure waits for it.
                if (elapsed >= nextFault && attempt is { State: "running" } && attempt.Replicas.FirstOrDefault(r => r.Index == 0) is { } replica)
                {
                    var node = replica.Node[(replica.Node.IndexOf('/', StringComparison.Ordinal) + 1)..];
                    var killedAt = time.GetUtcNow();
                    pool.Kill(node);
                    pool.Restart(node);
                    faults.Add(new InjectedFault(killedAt, elapsed, replica.Node, attempt.Id));
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  t={elapsed.TotalSeconds,4:F0}s killed {replica.Node} (agent and its processes, attempt {attempt.Number}); agent restarted"));
                    nextFault += scenario.Every;
                }
            }

            await Task.Delay(Poll, time, cancellationToken);
        }

        return faults;
    }

    private static async Task WaitForRunningAsync(BrokerApi api, long id, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (await api.JobAsync(id, cancellationToken) is var job && job.AttemptHistory is not [.., { State: "running" }])
        {
            if (job.Job.State is "failed" or "succeeded" or "cancelled" || time.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException($"job {id} did not start running: {job.Job.State} ({job.Job.Reason})");
            }

            await Task.Delay(Poll, time, cancellationToken);
        }
    }

    private static async Task<JobDetailView> WaitForFinalAsync(BrokerApi api, long id, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            var job = await api.JobAsync(id, cancellationToken);
            if (job.Job.State is "failed" or "succeeded" or "cancelled" || time.GetElapsedTime(started) > timeout)
            {
                return job;
            }

            await Task.Delay(Poll, time, cancellationToken);
        }
    }
}
