using System.Net.Http.Json;
using OnePool.Contracts.Jobs;
using OnePool.TestKit.Polling;
using Shouldly;

namespace OnePool.EndToEnd.Tests.Faults;

[Collection(EndToEndGroup.Name)]
public sealed class SubmissionStormTests
{
    private const int Jobs = 1000;
    private const int Clients = 16;
    private const int Seed = 20250611;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>16 clients submit 1,000 jobs, each with its own Idempotency-Key and retrying it on connection errors
    /// and 5xx, while the broker is SIGKILLed 2 or 3 times at seeded random points and restarted on the same data and
    /// port. Every acknowledged submission exists exactly once, and each key stays bound to its one job.</summary>
    [Fact]
    public async Task BrokerKilledDuringConcurrentSubmissions_EveryAcknowledgedJobExistsExactlyOnce()
    {
        await using var cluster = await Cluster.StartAsync([], Ct, FastTimings.Broker);
        using var client = cluster.ClientFor(cluster.AdminToken);
        client.Timeout = TimeSpan.FromSeconds(10);
        var random = new Random(Seed);
        var kills = Enumerable.Range(0, random.Next(2, 4)).Select(i => 100 + (i * 300) + random.Next(0, 200)).ToList();
        var storm = new SubmissionStorm(client, Jobs, Clients, Seed);
        var started = TimeProvider.System.GetTimestamp();

        var submitting = storm.RunAsync(Ct);
        foreach (var threshold in kills)
        {
            // Kill when this many submissions have been acknowledged: a random moment in the middle of the storm.
            await Eventually.WaitUntilAsync(() => Task.FromResult(storm.Acknowledged.Count >= threshold || submitting.IsCompleted), TimeSpan.FromSeconds(60), Ct, TimeSpan.FromMilliseconds(5));
            submitting.IsCompleted.ShouldBeFalse($"the storm ended before the kill at {threshold}");
            await cluster.KillServerAsync();
            await cluster.StartServerAsync();
        }

        await submitting;
        var elapsed = TimeProvider.System.GetElapsedTime(started);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{Jobs} submissions by {Clients} clients in {elapsed.TotalSeconds:F1} s ({Jobs / elapsed.TotalSeconds:F0}/s) through {kills.Count} broker kills at [{string.Join(", ", kills)}] acknowledgements; {storm.Retries} retries, {storm.Duplicates.Count} answered duplicate");

        storm.Acknowledged.Count.ShouldBe(Jobs);
        storm.Acknowledged.Values.Distinct().Count().ShouldBe(Jobs, "two keys were acknowledged with the same job");
        var list = (await cluster.Admin.GetFromJsonAsync<JobList>("/v1/jobs?all=true&limit=10000", Cluster.Json, Ct))!.Jobs;
        list.Select(j => j.Id).Distinct().Count().ShouldBe(list.Count);
        list.GroupBy(j => j.Name).Where(g => g.Count() > 1).Select(g => $"{g.Key} x{g.Count()}").ShouldBeEmpty("a submission made more than one job");
        list.Count.ShouldBe(Jobs);
        storm.Acknowledged.Values.Except(list.Select(j => j.Id)).ShouldBeEmpty("acknowledged jobs are missing");
        var names = list.ToDictionary(j => j.Id, j => j.Name);
        storm.Acknowledged.Where(a => names[a.Value] != a.Key).ShouldBeEmpty("a key was acknowledged with another submission's job");

        var sample = Enumerable.Range(0, 50).Select(_ => random.Next(Jobs)).Distinct();
        foreach (var index in sample)
        {
            var again = await storm.TrySubmitAsync(index, Ct);
            again.ShouldNotBeNull($"resending {SubmissionStorm.Key(index)} failed");
            again.ShouldBe(new SubmitJobResponse(storm.Acknowledged[SubmissionStorm.Key(index)], "pending", Duplicate: true));
        }

        (await cluster.Admin.GetFromJsonAsync<JobList>("/v1/jobs?all=true&limit=10000", Cluster.Json, Ct))!.Jobs.Count.ShouldBe(Jobs);
    }
}
