using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace OnePool.Bench.Faults;

/// <summary>The REST calls the scenario makes, with the admin token.</summary>
internal sealed class BrokerApi(Uri url, string adminToken) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http = Create(url, adminToken);

    public async Task<string> AddSiteAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync(new Uri("v1/sites", UriKind.Relative), new { name }, Json, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SiteCreatedView>(Json, cancellationToken))!.Token;
    }

    public async Task<int> ReadyNodesAsync(CancellationToken cancellationToken)
    {
        var nodes = await _http.GetFromJsonAsync<NodeListView>(new Uri("v1/nodes", UriKind.Relative), Json, cancellationToken);
        return nodes!.Nodes.Count(n => n.State == "ready");
    }

    public async Task<long> SubmitAsync(string yaml, CancellationToken cancellationToken)
    {
        using var body = new StringContent(yaml);
        using var response = await _http.PostAsync(new Uri("v1/jobs", UriKind.Relative), body, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /v1/jobs answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        return (await response.Content.ReadFromJsonAsync<SubmittedView>(Json, cancellationToken))!.Id;
    }

    public async Task<JobDetailView> JobAsync(long id, CancellationToken cancellationToken) =>
        (await _http.GetFromJsonAsync<JobDetailView>(JobUri(id, ""), Json, cancellationToken))!;

    public async Task CancelAsync(long id, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync(JobUri(id, "/cancel"), null, cancellationToken);
        // 409: the job is already final, which is what cancelling wants.
        if (!response.IsSuccessStatusCode && response.StatusCode != System.Net.HttpStatusCode.Conflict)
        {
            response.EnsureSuccessStatusCode();
        }
    }

    public void Dispose() => _http.Dispose();

    private static Uri JobUri(long id, string suffix) => new($"v1/jobs/{id.ToString(CultureInfo.InvariantCulture)}{suffix}", UriKind.Relative);

    private static HttpClient Create(Uri url, string token)
    {
        var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }
}
