using System.Text.Json;

namespace OnePool.Agent.Slurm;

/// <summary>slurmrestd over HTTP with a JWT: nodes, jobs, submit, signal and cancel.</summary>
internal sealed class SlurmRestClient(HttpClient http, SlurmSettings settings)
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(15);

    public async Task<IReadOnlyList<SlurmNodeInfo>> NodesAsync(CancellationToken cancellationToken) =>
        (await SendAsync<SlurmNodesResponse>(HttpMethod.Get, "nodes", null, cancellationToken)).Nodes ?? [];

    public async Task<IReadOnlyList<SlurmJobInfo>> JobsAsync(CancellationToken cancellationToken) =>
        (await SendAsync<SlurmJobsResponse>(HttpMethod.Get, "jobs", null, cancellationToken)).Jobs ?? [];

    /// <summary>Submits a batch job; its id. Slurm refusing the job (an impossible request) is a
    /// <see cref="SlurmRefusedException"/>; trouble reaching slurmrestd is an <see cref="HttpRequestException"/>.</summary>
    public async Task<long> SubmitAsync(SlurmSubmitRequest request, CancellationToken cancellationToken)
    {
        var answer = await SendAsync<SlurmSubmitResponse>(HttpMethod.Post, "job/submit", request, cancellationToken);
        return answer.JobId ?? throw new SlurmRefusedException("slurmrestd accepted the job but returned no job id");
    }

    /// <summary>Cancels the job (Slurm sends SIGTERM, waits its KillWait, then SIGKILL), or with a
    /// <paramref name="signal"/> (KILL) cancels it with that signal: slurmrestd 22.05's DELETE always cancels, whatever
    /// the signal. A job Slurm no longer knows is not an error.</summary>
    public async Task SignalAsync(long jobId, string? signal, CancellationToken cancellationToken)
    {
        var path = FormattableString.Invariant($"job/{jobId}") + (signal is null ? "" : $"?signal={signal}");
        try
        {
            await SendAsync<SlurmJobsResponse>(HttpMethod.Delete, path, null, cancellationToken);
        }
        catch (SlurmRefusedException e) when (e.Message.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase)
            || e.Message.Contains("already completing or completed", StringComparison.OrdinalIgnoreCase))
        {
            // gone already
        }
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(settings.RestUrl, $"/slurm/{settings.ApiVersion}/{path}"));
        request.Headers.Add("X-SLURM-USER-NAME", settings.User);
        request.Headers.Add("X-SLURM-USER-TOKEN", await TokenAsync(cancellationToken));
        if (body is not null)
        {
            // A sized body with a bare media type: slurmrestd 22.05 answers chunked bodies and charset parameters
            // with a malformed 400.
            request.Content = new StringContent(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CallTimeout);
        using var response = await http.SendAsync(request, timeout.Token);
        var text = await response.Content.ReadAsStringAsync(timeout.Token);
        T? document;
        try
        {
            document = JsonSerializer.Deserialize<T>(text);
        }
        catch (JsonException)
        {
            throw new HttpRequestException($"slurmrestd answered {(int)response.StatusCode} with a body that is not JSON: {Shorten(text)}");
        }

        var errors = document switch
        {
            SlurmJobsResponse j => j.Errors,
            SlurmNodesResponse n => n.Errors,
            SlurmSubmitResponse s => s.Errors,
            _ => null,
        };
        if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
        {
            throw new HttpRequestException($"slurmrestd refused the token for user {settings.User} (HTTP 401)");
        }

        if (!response.IsSuccessStatusCode || errors is { Count: > 0 })
        {
            var why = errors is { Count: > 0 } ? string.Join("; ", errors) : Shorten(text);
            throw new SlurmRefusedException($"slurmrestd {method} {path}: HTTP {(int)response.StatusCode}: {why}");
        }

        return document ?? throw new HttpRequestException($"slurmrestd answered {method} {path} with an empty body");
    }

    private async Task<string> TokenAsync(CancellationToken cancellationToken)
    {
        if (settings.TokenFile is { } file)
        {
            var text = (await File.ReadAllTextAsync(file, cancellationToken)).Trim();
            // `scontrol token` prints SLURM_JWT=...; accept the file as it prints it or the bare token.
            return text.StartsWith("SLURM_JWT=", StringComparison.Ordinal) ? text["SLURM_JWT=".Length..] : text;
        }

        return settings.Token ?? throw new InvalidOperationException("the slurm executor needs a token or a token file");
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "..." : text;
}

/// <summary>Slurm refused a request (an impossible job, an unknown job id).</summary>
internal sealed class SlurmRefusedException(string message) : Exception(message);
