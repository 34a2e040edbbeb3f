using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using OnePool.Contracts.Jobs;
using OnePool.TestKit.Polling;

namespace OnePool.EndToEnd.Tests.Faults;

/// <summary>
/// Records what a fault scenario did, from the broker's own records (every job's attempts, replicas and events) and
/// from disk (one completion line per finished run), and checks it against the promises of docs/failures.md with
/// <see cref="HistoryChecks"/>. Submit through <see cref="SubmitAsync"/> so every acknowledged id is remembered, and
/// end each job's script with <see cref="CompletionLine"/>.
/// </summary>
internal sealed class History
{
    private static readonly string[] FinalStates = ["succeeded", "failed", "cancelled"];

    private readonly Cluster _cluster;
    private readonly ConcurrentDictionary<long, bool> _acknowledged = new();

    public History(Cluster cluster)
    {
        _cluster = cluster;
        Marks = Path.Combine(cluster.Folder, "completions");
        Directory.CreateDirectory(Marks);
    }

    /// <summary>The folder of per-job completion files, named by job id.</summary>
    public string Marks { get; }

    /// <summary>The shell line a job script ends with: it appends one line to the job's own file per completed run.</summary>
    public string CompletionLine => $"echo \"completed attempt $ONEPOOL_ATTEMPT_ID\" >> {Marks}/$ONEPOOL_JOB_ID";

    public IReadOnlyCollection<long> Acknowledged => [.. _acknowledged.Keys];

    public void Acknowledge(long id) => _acknowledged[id] = true;

    /// <summary>Submits over HTTP and remembers the acknowledged id.</summary>
    public async Task<long> SubmitAsync(string yaml)
    {
        var id = await _cluster.SubmitOverHttpAsync(yaml);
        Acknowledge(id);
        return id;
    }

    /// <summary>Completion lines written so far for one job (none when its file does not exist).</summary>
    public string[] Completions(long id)
    {
        var file = Path.Combine(Marks, id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return File.Exists(file) ? File.ReadAllLines(file) : [];
    }

    /// <summary>Waits until every job the broker lists, and every acknowledged one, is in a final state.</summary>
    public async Task WaitUntilSettledAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        IReadOnlyList<JobSummary> last = [];
        try
        {
            await Eventually.WaitUntilAsync(async () =>
            {
                last = await ListAsync(cancellationToken);
                return last.All(j => FinalStates.Contains(j.State)) && _acknowledged.Keys.All(id => last.Any(j => j.Id == id));
            }, timeout, cancellationToken, TimeSpan.FromMilliseconds(200));
        }
        catch (TimeoutException e)
        {
            var open = string.Join(", ", last.Where(j => !FinalStates.Contains(j.State)).Select(j => $"{j.Id} {j.State} ({j.Reason})"));
            throw new TimeoutException($"jobs not final: {open}; server output:\n{_cluster.Server?.Output}", e);
        }
    }

    /// <summary>Reads every job (listed or acknowledged) with its attempts and events, and its completion lines.</summary>
    public async Task<HistoryRecord> RecordAsync(CancellationToken cancellationToken)
    {
        var ids = (await ListAsync(cancellationToken)).Select(j => j.Id).Concat(_acknowledged.Keys).Distinct().Order().ToList();
        var jobs = new List<JobDetail>();
        foreach (var id in ids)
        {
            using var response = await _cluster.Admin.GetAsync($"/v1/jobs/{id}", cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                continue;
            }

            response.EnsureSuccessStatusCode();
            jobs.Add((await response.Content.ReadFromJsonAsync<JobDetail>(Cluster.Json, cancellationToken))!);
        }

        return new HistoryRecord([.. _acknowledged.Keys], jobs, ids.ToDictionary(id => id, Completions));
    }

    /// <summary>Records the history and returns every broken promise, in words (empty when all hold).</summary>
    public async Task<IReadOnlyList<string>> CheckAsync(CancellationToken cancellationToken) =>
        HistoryChecks.Violations(await RecordAsync(cancellationToken));

    private async Task<IReadOnlyList<JobSummary>> ListAsync(CancellationToken cancellationToken) =>
        (await _cluster.Admin.GetFromJsonAsync<JobList>("/v1/jobs?all=true&limit=10000", Cluster.Json, cancellationToken))!.Jobs;
}

/// <summary>A recorded history: the acknowledged ids, the broker's view of every job, and each job's completion lines.</summary>
internal sealed record HistoryRecord(IReadOnlyCollection<long> Acknowledged, IReadOnlyList<JobDetail> Jobs, IReadOnlyDictionary<long, string[]> Completions);
