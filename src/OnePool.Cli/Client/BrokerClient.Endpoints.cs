using System.Globalization;
using OnePool.Contracts.Auth;
using OnePool.Contracts.Jobs;
using OnePool.Contracts.Sites;
using OnePool.Contracts.Tenants;
using OnePool.Core.Specs;

namespace OnePool.Cli.Client;

/// <content>One method per broker endpoint.</content>
internal sealed partial class BrokerClient
{
    /// <summary>The header that makes a submission safe to retry.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary><c>GET /v1/whoami</c>.</summary>
    public Task<WhoAmI> WhoAmIAsync(CancellationToken cancellationToken) => GetAsync<WhoAmI>("v1/whoami", cancellationToken);

    /// <summary><c>POST /v1/jobs</c>. The same <paramref name="idempotencyKey"/> always yields the same job.</summary>
    public Task<SubmitJobResponse> SubmitJobAsync(JobSpec spec, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var headers = idempotencyKey is null ? null : new Dictionary<string, string> { [IdempotencyKeyHeader] = idempotencyKey };
        return SendAsync<SubmitJobResponse>(HttpMethod.Post, "v1/jobs", JsonBody(spec, JobSpecReader.JsonOptions), headers, cancellationToken);
    }

    /// <summary><c>GET /v1/jobs</c>, newest first.</summary>
    /// <param name="states">Only these states; empty for all.</param>
    /// <param name="limit">At most this many; null for the broker's default.</param>
    /// <param name="all">Include final jobs older than 24 hours.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<JobList> ListJobsAsync(IReadOnlyCollection<string> states, int? limit, bool all, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(states);
        var query = new List<string>();
        if (states.Count > 0)
        {
            query.Add("state=" + Uri.EscapeDataString(string.Join(',', states)));
        }

        if (limit is { } n)
        {
            query.Add("limit=" + n.ToString(CultureInfo.InvariantCulture));
        }

        if (all)
        {
            query.Add("all=true");
        }

        return GetAsync<JobList>(query.Count == 0 ? "v1/jobs" : "v1/jobs?" + string.Join('&', query), cancellationToken);
    }

    /// <summary><c>GET /v1/jobs/{id}</c>.</summary>
    public Task<JobDetail> GetJobAsync(long id, CancellationToken cancellationToken) =>
        GetAsync<JobDetail>(string.Create(CultureInfo.InvariantCulture, $"v1/jobs/{id}"), cancellationToken);

    /// <summary><c>POST /v1/jobs/{id}/cancel</c>.</summary>
    public Task<JobSummary> CancelJobAsync(long id, CancellationToken cancellationToken) =>
        SendAsync<JobSummary>(HttpMethod.Post, string.Create(CultureInfo.InvariantCulture, $"v1/jobs/{id}/cancel"), null, null, cancellationToken);

    /// <summary><c>GET /v1/jobs/{id}/logs?after=CURSOR</c>.</summary>
    public Task<LogPage> GetLogsAsync(long id, long? after, CancellationToken cancellationToken) =>
        GetAsync<LogPage>(
            after is { } cursor
                ? string.Create(CultureInfo.InvariantCulture, $"v1/jobs/{id}/logs?after={cursor}")
                : string.Create(CultureInfo.InvariantCulture, $"v1/jobs/{id}/logs"),
            cancellationToken);

    /// <summary><c>GET /v1/sites</c>.</summary>
    public Task<SiteList> ListSitesAsync(CancellationToken cancellationToken) => GetAsync<SiteList>("v1/sites", cancellationToken);

    /// <summary><c>POST /v1/sites</c> (admin).</summary>
    public Task<SiteCreated> CreateSiteAsync(CreateSiteRequest request, CancellationToken cancellationToken) =>
        SendAsync<SiteCreated>(HttpMethod.Post, "v1/sites", JsonBody(request, Json), null, cancellationToken);

    /// <summary><c>GET /v1/nodes</c>.</summary>
    public Task<NodeList> ListNodesAsync(CancellationToken cancellationToken) => GetAsync<NodeList>("v1/nodes", cancellationToken);

    /// <summary><c>GET /v1/pool</c>.</summary>
    public Task<PoolView> GetPoolAsync(CancellationToken cancellationToken) => GetAsync<PoolView>("v1/pool", cancellationToken);

    /// <summary><c>GET /v1/tenants</c>.</summary>
    public Task<TenantList> ListTenantsAsync(CancellationToken cancellationToken) => GetAsync<TenantList>("v1/tenants", cancellationToken);

    /// <summary><c>POST /v1/tenants</c> (admin).</summary>
    public Task<TenantCreated> CreateTenantAsync(CreateTenantRequest request, CancellationToken cancellationToken) =>
        SendAsync<TenantCreated>(HttpMethod.Post, "v1/tenants", JsonBody(request, Json), null, cancellationToken);
}
