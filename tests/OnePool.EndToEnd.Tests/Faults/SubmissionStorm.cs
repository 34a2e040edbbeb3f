using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using OnePool.Contracts.Jobs;

namespace OnePool.EndToEnd.Tests.Faults;

/// <summary>
/// Clients that submit jobs over HTTP the way a careful client should: each job has its own Idempotency-Key, and
/// on a refused connection, a broken or timed-out call, or a 5xx it sends the same key again, with backoff, until
/// it gets a 201 or a 200. Records which id each key was acknowledged with.
/// </summary>
internal sealed class SubmissionStorm(HttpClient client, int jobs, int clients, int seed)
{
    private int _next = -1;
    private int _retries;

    /// <summary>The id acknowledged for each key.</summary>
    public ConcurrentDictionary<string, long> Acknowledged { get; } = new(StringComparer.Ordinal);

    /// <summary>Keys that came back <c>duplicate: true</c> during the storm (a retry after a lost answer).</summary>
    public ConcurrentBag<string> Duplicates { get; } = [];

    /// <summary>Requests that failed and were sent again.</summary>
    public int Retries => _retries;

    public static string Key(int index) => $"storm-{index:D4}";

    public static string Spec(int index) => $"name: storm-{index:D4}\nrun: \"true\"\n";

    public async Task RunAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(() => ClientAsync(new Random(seed + c), cancellationToken), cancellationToken)));

    /// <summary>Sends one submission once; null when it has to be retried.</summary>
    public async Task<SubmitJobResponse?> TrySubmitAsync(int index, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs") { Content = new StringContent(Spec(index)) };
        request.Headers.Add("Idempotency-Key", Key(index));
        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            if ((int)response.StatusCode >= 500)
            {
                return null;
            }

            if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK))
            {
                throw new InvalidOperationException($"submission {index} got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }

            return await response.Content.ReadFromJsonAsync<SubmitJobResponse>(Cluster.Json, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or System.Text.Json.JsonException
            || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null; // refused, reset, cut mid-answer or timed out: the broker may or may not have committed it
        }
    }

    private async Task ClientAsync(Random random, CancellationToken cancellationToken)
    {
        int index;
        while ((index = Interlocked.Increment(ref _next)) < jobs)
        {
            var backoff = TimeSpan.FromMilliseconds(50);
            SubmitJobResponse? answer;
            while ((answer = await TrySubmitAsync(index, cancellationToken)) is null)
            {
                Interlocked.Increment(ref _retries);
                // The client's retry backoff (part of the scenario): 50 ms doubling to 1 s, with jitter.
                await Task.Delay(backoff * (0.5 + random.NextDouble()), cancellationToken);
                backoff = TimeSpan.FromMilliseconds(Math.Min(1000, backoff.TotalMilliseconds * 2));
            }

            if (answer.Duplicate)
            {
                Duplicates.Add(Key(index));
            }

            if (!Acknowledged.TryAdd(Key(index), answer.Id))
            {
                throw new InvalidOperationException($"key {Key(index)} was submitted twice by the clients");
            }
        }
    }
}
