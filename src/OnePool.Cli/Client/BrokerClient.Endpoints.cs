using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using OnePool.Contracts.Auth;
using OnePool.Contracts.Jobs;
using OnePool.Contracts.Sites;
using OnePool.Contracts.Tenants;
using OnePool.Core.Specs;

namespace OnePool.Cli.Client;

/// <content>One method per broker endpoint.</content>
internal sealed partial class BrokerClient
{
    // PUT bodies leave out what is not being changed: an absent field keeps its stored value.
    private static readonly JsonSerializerOptions SparseJson = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The header that makes a submission safe to retry.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary><c>GET /v1/whoami</c>.</summary>
    public Task<WhoAmI> WhoAmIAsync(CancellationToken cancellationToken) => GetAsync<WhoAmI>("v1/whoami", cancellationToken);

    /// <summary><c>GET /v1/status</c>: the replica that answered, the leader and every replica.</summary>
    public Task<Contracts.Brokers.BrokerStatus> StatusAsync(CancellationToken cancellationToken) =>
        GetAsync<Contracts.Brokers.BrokerStatus>("v1/status", cancellationToken);

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

    /// <summary><c>POST /v1/drain</c> (admin) or, with <paramref name="drain"/> false, <c>POST /v1/undrain</c>.</summary>
    public Task<DrainState> DrainAsync(string target, bool drain, int? graceSeconds, CancellationToken cancellationToken) =>
        SendAsync<DrainState>(HttpMethod.Post, drain ? "v1/drain" : "v1/undrain", JsonBody(new DrainRequest(target, graceSeconds), Json), null, cancellationToken);

    /// <summary><c>GET /v1/nodes</c>.</summary>
    public Task<NodeList> ListNodesAsync(CancellationToken cancellationToken) => GetAsync<NodeList>("v1/nodes", cancellationToken);

    /// <summary><c>GET /v1/pool</c>.</summary>
    public Task<PoolView> GetPoolAsync(CancellationToken cancellationToken) => GetAsync<PoolView>("v1/pool", cancellationToken);

    /// <summary><c>GET /v1/tenants</c>.</summary>
    public Task<TenantList> ListTenantsAsync(CancellationToken cancellationToken) => GetAsync<TenantList>("v1/tenants", cancellationToken);

    /// <summary><c>POST /v1/tenants</c> (admin).</summary>
    public Task<TenantCreated> CreateTenantAsync(CreateTenantRequest request, CancellationToken cancellationToken) =>
        SendAsync<TenantCreated>(HttpMethod.Post, "v1/tenants", JsonBody(request, Json), null, cancellationToken);

    /// <summary><c>PUT /v1/tenants/{name}</c> (admin): changes the fields given; with <paramref name="leaveCohort"/>
    /// the tenant leaves its cohort (an explicit <c>"cohort": null</c>).</summary>
    public Task<TenantView> SetTenantPolicyAsync(string name, TenantPolicyRequest request, bool leaveCohort, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToNode(request, SparseJson)!.AsObject();
        if (leaveCohort)
        {
            body["cohort"] = null;
        }

        return SendAsync<TenantView>(HttpMethod.Put, "v1/tenants/" + Uri.EscapeDataString(name), JsonBody(body, Json), null, cancellationToken);
    }

    /// <summary><c>PUT /v1/sites/{name}</c> (admin): changes the settings given.</summary>
    public Task<SiteView> SetSiteSettingsAsync(string name, SiteSettingsRequest request, CancellationToken cancellationToken) =>
        SendAsync<SiteView>(HttpMethod.Put, "v1/sites/" + Uri.EscapeDataString(name), JsonBody(request, SparseJson), null, cancellationToken);
}
