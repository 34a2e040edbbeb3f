using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using OnePool.Contracts.Jobs;
using OnePool.TestKit.Polling;
using Shouldly;

namespace OnePool.EndToEnd.Tests.Ha;

/// <summary>Two broker replicas on one PostgreSQL: the leader dies or freezes while work flows (docs/ha.md).</summary>
[Collection(EndToEndGroup.Name)]
[Trait("Category", "Postgres")]
public sealed class LeaderFailoverTests
{
    private const int Jobs = 500;

    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LeaderKilled_WhileJobsFlow_StandbyLeadsWithinTheBoundAndEveryJobRunsOnce()
    {
        await using var pool = await HaPool.StartAsync(Lease, Ct);
        var firstTerm = await pool.WaitForLeaderAsync(0, TimeSpan.FromSeconds(10));
        foreach (var site in new[] { "east", "west" })
        {
            var token = await pool.AddSiteAsync(site);
            pool.StartAgent(new NodeSpec(site, $"{site}-1", 16, "16Gi"), token);
        }

        await pool.WaitForNodesAsync(0, 2);
        var ran = Path.Combine(pool.Folder, "ran.txt");
        var acknowledged = new ConcurrentDictionary<string, long>();
        var killed = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);

        // Eight clients submit 500 jobs, each under its own idempotency key, to whichever replica answers; the
        // leader is SIGKILLed once 150 are acknowledged, while the rest are still being submitted.
        var submitters = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var i = worker; i < Jobs; i += 8)
            {
                var key = $"job-{i.ToString(CultureInfo.InvariantCulture)}";
                var yaml = $"name: ha-{i}\nresources: {{cpu: 1, memory: 64Mi}}\nrun: echo $ONEPOOL_JOB_ID >> {ran}\n";
                acknowledged[key] = await pool.SubmitAsync(yaml, key, TimeSpan.FromSeconds(60));
                if (acknowledged.Count == 150 && !killed.Task.IsCompleted)
                {
                    pool.Brokers[0].Signal(9);
                    killed.TrySetResult(Stopwatch.GetTimestamp());
                }
            }
        }, Ct)).ToArray();

        var killedAt = await killed.Task.WaitAsync(TimeSpan.FromSeconds(120), Ct);
        var secondTerm = await pool.WaitForLeaderAsync(1, TimeSpan.FromSeconds(30));
        var takeover = Stopwatch.GetElapsedTime(killedAt);
        await Task.WhenAll(submitters);

        // The bound: the dead leader's lease runs out, then the standby's next round (lease / 8) takes it; the
        // status poll adds up to 50 ms and the HTTP round trip.
        takeover.ShouldBeLessThan(Lease + (Lease / 8) + TimeSpan.FromSeconds(1), $"the standby took {takeover.TotalSeconds:F1} s to lead");
        secondTerm.ShouldBe(firstTerm + 1);

        using var broker = pool.Client(1);
        await Eventually.WaitUntilAsync(async () =>
        {
            var list = (await broker.GetFromJsonAsync<JobList>("/v1/jobs?all=true&limit=10000", Cluster.Json, Ct))!;
            return list.Jobs.Count(j => j.State == "succeeded") >= Jobs || list.Jobs.Any(j => j.State is "failed" or "cancelled");
        }, TimeSpan.FromMinutes(4), Ct, TimeSpan.FromMilliseconds(500));

        var jobs = (await broker.GetFromJsonAsync<JobList>("/v1/jobs?all=true&limit=10000", Cluster.Json, Ct))!.Jobs;
        jobs.Count.ShouldBe(Jobs, "one job per acknowledged key: retries of a submission never made a second job");
        jobs.Select(j => j.Id).Order().ShouldBe(acknowledged.Values.Order());
        jobs.ShouldAllBe(j => j.State == "succeeded" && j.Attempts == 1);
        var runs = (await File.ReadAllLinesAsync(ran, Ct)).Where(l => l.Length > 0).ToList();
        runs.Count.ShouldBe(Jobs, "every job's process ran exactly once");
        runs.Distinct().Count().ShouldBe(Jobs);

        var terms = new List<long?>();
        foreach (var job in jobs)
        {
            var detail = (await broker.GetFromJsonAsync<JobDetail>($"/v1/jobs/{job.Id}", Cluster.Json, Ct))!;
            terms.Add(detail.AttemptHistory.ShouldHaveSingleItem().Term);
        }

        terms.ShouldAllBe(t => t == firstTerm || t == secondTerm);
        terms.Count(t => t == secondTerm).ShouldBeGreaterThan(0, "the new leader dispatched the rest");
    }

    [Fact]
    public async Task LeaderFrozenPastItsLease_ThenResumed_CannotCommitItsDecision()
    {
        // Replica 0 stops itself (SIGSTOP) right before it commits the cycle that dispatches the job, as a long
        // pause would freeze it; replica 1 takes over and runs the job; then replica 0 is resumed mid-commit.
        await using var pool = await HaPool.StartAsync(Lease, Ct, new Dictionary<string, string> { ["ONEPOOL_FAILPOINTS"] = "stop-before-commit" });
        var firstTerm = await pool.WaitForLeaderAsync(0, TimeSpan.FromSeconds(10));
        var token = await pool.AddSiteAsync("east");
        pool.StartAgent(new NodeSpec("east", "east-1", 4, "4Gi"), token);
        await pool.WaitForNodesAsync(0, 1);
        var ran = Path.Combine(pool.Folder, "ran.txt");

        var id = await pool.SubmitAsync($"name: frozen\nresources: {{cpu: 1, memory: 64Mi}}\nrun: echo $ONEPOOL_JOB_ID >> {ran}\n", "frozen", TimeSpan.FromSeconds(30));
        await Eventually.WaitUntilAsync(() => Task.FromResult(pool.Brokers[0].Output.Contains("failpoint stop-before-commit", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), Ct, TimeSpan.FromMilliseconds(50));
        await Eventually.WaitUntilAsync(() => Task.FromResult(ProcessState(pool.Brokers[0].Id) == 'T'), TimeSpan.FromSeconds(10), Ct, TimeSpan.FromMilliseconds(20));

        var secondTerm = await pool.WaitForLeaderAsync(1, TimeSpan.FromSeconds(30));
        using var standby = pool.Client(1);
        var done = await WaitForStateAsync(standby, id, "succeeded");
        pool.Brokers[0].Signal(FastTimings.Continue);

        await Eventually.WaitUntilAsync(() => Task.FromResult(pool.Brokers[0].Output.Contains("Scheduling decisions not committed", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), Ct, TimeSpan.FromMilliseconds(50));
        pool.Brokers[0].Output.ShouldContain($"it was elected for term {firstTerm}");
        var after = (await standby.GetFromJsonAsync<JobDetail>($"/v1/jobs/{id}", Cluster.Json, Ct))!;
        after.AttemptHistory.ShouldHaveSingleItem().Term.ShouldBe(secondTerm);
        after.Job.State.ShouldBe("succeeded");
        done.AttemptHistory.ShouldHaveSingleItem().Id.ShouldBe(after.AttemptHistory[0].Id);
        (await File.ReadAllLinesAsync(ran, Ct)).ShouldBe([id.ToString(CultureInfo.InvariantCulture)]);
        (await pool.StatusAsync(0)).ShouldNotBeNull().Role.ShouldBe("standby");
    }

    private static async Task<JobDetail> WaitForStateAsync(HttpClient broker, long id, string state)
    {
        JobDetail? detail = null;
        await Eventually.WaitUntilAsync(async () =>
        {
            detail = await broker.GetFromJsonAsync<JobDetail>($"/v1/jobs/{id}", Cluster.Json, Ct);
            return detail!.Job.State == state;
        }, TimeSpan.FromSeconds(90), Ct, TimeSpan.FromMilliseconds(100));
        return detail!;
    }

    /// <summary>The state letter of /proc/PID/stat (R, S, T for stopped, ...).</summary>
    private static char ProcessState(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        return stat[stat.LastIndexOf(')') + 2];
    }
}
