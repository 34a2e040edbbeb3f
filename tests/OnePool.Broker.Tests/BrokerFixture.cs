using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using OnePool.Broker.Hosting;
using OnePool.Contracts.Sites;
using OnePool.Contracts.Tenants;

namespace OnePool.Broker.Tests;

/// <summary>The real broker on 127.0.0.1 (a free port) with a SQLite file in a fresh temporary folder.</summary>
public sealed class BrokerFixture : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly WebApplication _app;
    private readonly string _folder;

    private BrokerFixture(WebApplication app, string folder, Uri url, string adminToken)
    {
        _app = app;
        _folder = folder;
        Url = url;
        Admin = ClientFor(adminToken);
        Anonymous = new HttpClient { BaseAddress = url };
    }

    public Uri Url { get; }

    public HttpClient Admin { get; }

    public HttpClient Anonymous { get; }

    /// <summary>The broker's services, for tests that drive an internal part (a scheduling cycle, a snapshot) directly.</summary>
    public IServiceProvider Services => _app.Services;

    public static async Task<BrokerFixture> StartAsync(CancellationToken cancellationToken, IDictionary<string, string?>? settings = null)
    {
        var folder = Directory.CreateTempSubdirectory("onepool-broker-").FullName;
        var overrides = new Dictionary<string, string?>
        {
            ["OnePool:Broker:DataDirectory"] = folder,
            ["OnePool:Broker:Port"] = "0",
            ["OnePool:Broker:ScheduleInterval"] = "00:00:00.200",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            overrides[k] = v;
        }

        var app = BrokerHost.Create(overrides, logging => { if (Environment.GetEnvironmentVariable("ONEPOOL_TEST_LOGS") is null) { logging.ClearProviders(); } });
        var token = await BrokerHost.PrepareAsync(app, cancellationToken);
        await app.StartAsync(cancellationToken);
        // Agents lease from the elected leader; a lone broker elects itself right after it starts listening.
        var leadership = app.Services.GetRequiredService<OnePool.Broker.Leadership.Leadership>();
        await OnePool.TestKit.Polling.Eventually.WaitUntilAsync(() => Task.FromResult(leadership.IsLeader), TimeSpan.FromSeconds(10), cancellationToken, TimeSpan.FromMilliseconds(10));
        return new BrokerFixture(app, folder, BrokerHost.BoundAddress(app), token!);
    }

    public HttpClient ClientFor(string token)
    {
        var client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<HttpClient> NewTenantAsync(string name, CancellationToken cancellationToken)
    {
        var response = await Admin.PostAsJsonAsync("/v1/tenants", new CreateTenantRequest(name), cancellationToken);
        response.EnsureSuccessStatusCode();
        return ClientFor((await response.Content.ReadFromJsonAsync<TenantCreated>(Json, cancellationToken))!.Token);
    }

    public async Task<HttpClient> NewSiteAsync(string name, CancellationToken cancellationToken)
    {
        var response = await Admin.PostAsJsonAsync("/v1/sites", new CreateSiteRequest(name, null, null), cancellationToken);
        response.EnsureSuccessStatusCode();
        return ClientFor((await response.Content.ReadFromJsonAsync<SiteCreated>(Json, cancellationToken))!.Token);
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        Anonymous.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
