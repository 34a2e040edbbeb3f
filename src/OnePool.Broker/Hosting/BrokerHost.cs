using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OnePool.Broker.Agents;
using OnePool.Broker.Auth;
using OnePool.Broker.Failures;
using OnePool.Broker.Jobs;
using OnePool.Broker.Scheduling;
using OnePool.Broker.Sites;
using OnePool.Broker.Tenants;
using OnePool.Scheduler;
using OnePool.Store;
using OnePool.Store.Sqlite;
using Prometheus;

namespace OnePool.Broker.Hosting;

/// <summary>Builds the broker: <c>onepool server</c>, <c>onepool dev</c> and the tests all start it through here.</summary>
public static class BrokerHost
{
    /// <summary>The SQLite file inside the data folder.</summary>
    public static string DatabasePath(string dataDirectory) => Path.Combine(dataDirectory, "onepool.db");

    /// <summary>Creates the broker application. Settings come from appsettings.json next to the executable, then
    /// environment variables (<c>OnePool__Broker__Port</c>), then <paramref name="overrides"/> (command-line flags),
    /// later sources winning.</summary>
    /// <param name="overrides">Settings keyed like configuration (<c>OnePool:Broker:Port</c>).</param>
    /// <param name="configureLogging">Optional logging changes (tests silence it).</param>
    public static WebApplication Create(IReadOnlyDictionary<string, string?> overrides, Action<ILoggingBuilder>? configureLogging = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddJsonFile("appsettings.json", optional: true).AddEnvironmentVariables().AddInMemoryCollection(overrides);
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        // Per-request framework logs drown the broker's own; appsettings.json or OnePool__Logging can raise them.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // ASP.NET's data protection keys protect cookies and antiforgery tokens, neither of which the broker uses (its
        // tokens are its own); its first-start warning about unencrypted keys was the first line `onepool dev` printed.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        configureLogging?.Invoke(builder.Logging);

        var broker = builder.Configuration.GetSection(BrokerOptions.Section).Get<BrokerOptions>() ?? new BrokerOptions();
        builder.Services.AddOptions<BrokerOptions>().Bind(builder.Configuration.GetSection(BrokerOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.WebHost.UseUrls($"http://{broker.Host}:{broker.Port}");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 16 * 1024 * 1024);

        Directory.CreateDirectory(broker.DataDirectory);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IStateStore>(string.IsNullOrWhiteSpace(broker.Store)
            ? new SqliteStateStore(DatabasePath(broker.DataDirectory))
            : new Store.Postgres.PostgresStateStore(broker.Store));
        // The scheduler's knobs (OnePool:Scheduler:Preemption=false, ...) default to the production policy.
        builder.Services.AddSingleton(builder.Configuration.GetSection("OnePool:Scheduler").Get<SchedulerOptions>() ?? new SchedulerOptions());
        builder.Services.AddSingleton<IScheduler, PoolScheduler>();
        builder.Services.AddSingleton<NodeRegistry>();
        builder.Services.AddSingleton<LeaseWaiters>();
        builder.Services.AddSingleton<SchedulerSignal>();
        builder.Services.AddSingleton<DesiredState>();
        builder.Services.AddSingleton<CheckpointMarks>();
        builder.Services.AddSingleton<SnapshotBuilder>();
        builder.Services.AddSingleton<RecentUsage>();
        builder.Services.AddSingleton<TenantUsage>();
        builder.Services.AddSingleton<PoolState>();
        builder.Services.AddSingleton<Jobs.SubmissionBatcher>();
        builder.Services.AddHostedService(s => s.GetRequiredService<Jobs.SubmissionBatcher>());
        builder.Services.AddSingleton<Leadership.Leadership>();
        builder.Services.AddHostedService<Leadership.LeaderElection>();
        builder.Services.AddHostedService<SchedulingLoop>();
        builder.Services.AddHostedService<FailureDetector>();
        builder.Services.AddHostedService<Drain.DrainMover>();

        builder.Services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Roles.Users, p => p.RequireRole(Roles.Admin, Roles.Tenant))
            .AddPolicy(Roles.Site, p => p.RequireRole(Roles.Site));
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            // Fixed, rather than named after whichever program hosts the broker (onepool, a test host).
            document.Info.Title = "OnePool broker API";
            document.Info.Version = "v1";
            document.Info.Description = "Jobs, sites, nodes, tenants and the agent lease protocol. Errors are RFC 9457 problem+json; see docs/api.md.";
            return Task.CompletedTask;
        }));
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseHttpMetrics();

        app.MapGet("/healthz", () => TypedResults.Text("ok")).WithTags("health");
        app.MapGet("/readyz", async (IStateStore store, CancellationToken ct) =>
        {
            await store.CountJobsByStateAsync(ct); // the store answers
            return TypedResults.Text("ready");
        }).WithTags("health");
        app.MapMetrics("/metrics");
        app.MapOpenApi("/openapi/v1.json");
        app.MapJobEndpoints();
        Planning.PlanEndpoints.MapPlanEndpoints(app);
        app.MapSiteEndpoints();
        app.MapTenantEndpoints();
        app.MapLeaseEndpoint();
        Leadership.StatusEndpoint.MapStatusEndpoint(app);
        Drain.DrainEndpoints.MapDrainEndpoints(app);
        return app;
    }

    /// <summary>Migrates the store and makes sure an admin token exists. Call before <c>StartAsync</c>.</summary>
    /// <returns>The admin token, when its file is readable.</returns>
    public static async Task<string?> PrepareAsync(WebApplication app, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        var store = app.Services.GetRequiredService<IStateStore>();
        await store.MigrateAsync(cancellationToken);
        var options = app.Services.GetRequiredService<IOptions<BrokerOptions>>().Value;
        return await AdminBootstrap.EnsureAsync(store, options.DataDirectory, app.Services.GetRequiredService<TimeProvider>(), cancellationToken);
    }

    /// <summary>The address the broker listens on, once started (resolves port 0).</summary>
    public static Uri BoundAddress(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return new Uri(app.Urls.First());
    }
}
