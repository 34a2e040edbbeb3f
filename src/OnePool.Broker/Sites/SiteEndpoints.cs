using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using OnePool.Broker.Auth;
using OnePool.Broker.Problems;
using OnePool.Contracts.Sites;
using OnePool.Core.Resources;
using OnePool.Store;
using OnePool.Store.Records;

namespace OnePool.Broker.Sites;

/// <summary><c>/v1/sites</c>, <c>/v1/nodes</c> and <c>/v1/pool</c>.</summary>
internal static class SiteEndpoints
{
    private static readonly string[] Kinds = ["process", "slurm", "kubernetes"];

    public static void MapSiteEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/sites", ListSitesAsync).RequireAuthorization(Roles.Users).WithTags("sites");
        app.MapPost("/v1/sites", AddSiteAsync).RequireAuthorization(Roles.Admin).WithTags("sites")
            .Accepts<CreateSiteRequest>("application/json").Produces<SiteCreated>(StatusCodes.Status201Created);
        app.MapPut("/v1/sites/{name}", SiteSettings.SetAsync).RequireAuthorization(Roles.Admin).WithTags("sites")
            .Accepts<SiteSettingsRequest>("application/json").Produces<SiteView>().ProducesValidationProblem();
        app.MapGet("/v1/nodes", ListNodesAsync).RequireAuthorization(Roles.Users).WithTags("sites");
        app.MapGet("/v1/pool", PoolAsync).RequireAuthorization(Roles.Users).WithTags("sites");
    }

    private static async Task<Results<Created<SiteCreated>, ValidationProblem, ProblemHttpResult>> AddSiteAsync(
        HttpRequest request, IStateStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<CreateSiteRequest>(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        if (!ModelName.IsValid(body.Name))
        {
            return Problem.Invalid("name", $"'{body.Name}' is not a valid site name (letters, digits, '-', '_', '.'; at most {ModelName.MaxLength})");
        }

        var kind = body.Kind ?? "process";
        if (!Kinds.Contains(kind))
        {
            return Problem.Invalid("kind", $"'{kind}' is not a site kind ({string.Join(", ", Kinds)})");
        }

        var token = Tokens.New(Roles.Site);
        var now = Time.ToMs(time.GetUtcNow());
        var added = await store.AddSiteAsync(
            new SiteRecord { Name = body.Name, Kind = kind, Labels = JsonSerializer.Serialize(body.Labels ?? new Dictionary<string, string>()), CreatedAt = now },
            new TokenRecord { Hash = Tokens.Hash(token), Role = Roles.Site, Subject = body.Name, CreatedAt = now },
            cancellationToken);
        return added
            ? TypedResults.Created($"/v1/sites/{body.Name}", new SiteCreated(body.Name, kind, token))
            : Problem.Conflict($"site {body.Name} already exists");
    }

    private static async Task<Ok<SiteList>> ListSitesAsync(IStateStore store, PoolState pool, CancellationToken cancellationToken)
    {
        var sites = await store.ListSitesAsync(cancellationToken);
        var nodes = await pool.NodesAsync(cancellationToken);
        return TypedResults.Ok(new SiteList(sites.Select(s => SiteSettings.ToView(s, nodes)).ToList()));
    }

    private static async Task<Ok<NodeList>> ListNodesAsync(PoolState pool, CancellationToken cancellationToken) =>
        TypedResults.Ok(new NodeList(await pool.NodesAsync(cancellationToken)));

    private static async Task<Ok<PoolView>> PoolAsync(PoolState pool, IStateStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var nodes = (await pool.NodesAsync(cancellationToken)).Where(n => n.State == "ready").ToList();
        var rows = new List<PoolRow>();
        foreach (var site in nodes.GroupBy(n => n.Site).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            foreach (var model in site.SelectMany(n => n.Accelerators.Keys).Distinct().Order(StringComparer.Ordinal))
            {
                rows.Add(Row(site.Key, model, site.Sum(n => n.Accelerators.GetValueOrDefault(model)), site.Sum(n => n.AllocatedAccelerators.GetValueOrDefault(model))));
            }

            rows.Add(Row(site.Key, "cpu", site.Sum(n => n.CpuMillis) / 1000.0, site.Sum(n => n.AllocatedCpuMillis) / 1000.0));
            rows.Add(Row(site.Key, "memory-gib", site.Sum(n => n.MemoryMiB) / 1024.0, site.Sum(n => n.AllocatedMemoryMiB) / 1024.0));
        }

        var counts = await store.CountJobsByStateAsync(cancellationToken);
        return TypedResults.Ok(new PoolView(rows, (int)counts.GetValueOrDefault("pending"),
            (int)(counts.GetValueOrDefault("running") + counts.GetValueOrDefault("scheduled") + counts.GetValueOrDefault("cancelling")))
        {
            LastDay = await Efficiency.EfficiencyViews.LastDayAsync(store, time, cancellationToken),
        });
    }

    private static PoolRow Row(string site, string resource, double capacity, double allocated) =>
        new(site, resource, capacity, allocated, capacity - allocated, capacity > 0 ? Math.Round(allocated / capacity, 4) : 0);
}
