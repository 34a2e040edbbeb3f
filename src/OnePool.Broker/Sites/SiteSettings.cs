using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using OnePool.Broker.Problems;
using OnePool.Broker.Scheduling;
using OnePool.Contracts.Sites;
using OnePool.Core.Specs;
using OnePool.Store;
using OnePool.Store.Records;

namespace OnePool.Broker.Sites;

/// <summary><c>PUT /v1/sites/{name}</c>: prices, draining, datasets, ingress bandwidth, throughput and labels, and
/// how they show in <see cref="SiteView"/>.</summary>
internal static class SiteSettings
{
    public static async Task<Results<Ok<SiteView>, ValidationProblem, ProblemHttpResult>> SetAsync(
        string name, HttpRequest request, IStateStore store, PoolState pool, SchedulerSignal signal, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<SiteSettingsRequest>(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var errors = Check(body);
        if (errors.Count > 0)
        {
            return Problem.Invalid("invalid site settings", errors);
        }

        var site = (await store.ListSitesAsync(cancellationToken)).FirstOrDefault(s => s.Name == name);
        if (site is null)
        {
            return Problem.NotFound($"there is no site {name}");
        }

        var updated = Apply(site, body);
        if (!await store.UpdateSiteSettingsAsync(updated, cancellationToken))
        {
            return Problem.NotFound($"there is no site {name}");
        }

        signal.Wake(); // an undrained site or a new price changes what the scheduler may decide
        return TypedResults.Ok(ToView(updated, await pool.NodesAsync(cancellationToken)));
    }

    public static List<SpecError> Check(SiteSettingsRequest request)
    {
        var errors = new List<SpecError>();
        FieldChecks.Amounts("prices", request.Prices, positive: false, errors);
        FieldChecks.Names("datasets", request.Datasets, "dataset", errors);
        FieldChecks.Amount("ingressMiBPerSecond", request.IngressMiBPerSecond, positive: true, errors);
        FieldChecks.Amounts("throughput", request.Throughput, positive: true, errors);
        FieldChecks.Labels("labels", request.Labels, errors);
        return errors;
    }

    /// <summary>Applies a checked request: given fields replace the stored ones, absent ones are kept.</summary>
    public static SiteRecord Apply(SiteRecord site, SiteSettingsRequest request) => new()
    {
        Name = site.Name,
        Kind = site.Kind,
        CreatedAt = site.CreatedAt,
        Labels = request.Labels is null ? site.Labels : JsonSerializer.Serialize(request.Labels),
        Prices = request.Prices is null ? site.Prices : JsonSerializer.Serialize(request.Prices),
        Draining = request.Draining is { } draining ? (draining ? 1 : 0) : site.Draining,
        Datasets = request.Datasets is null ? site.Datasets : JsonSerializer.Serialize(request.Datasets.Distinct(StringComparer.OrdinalIgnoreCase)),
        IngressMibPerS = request.IngressMiBPerSecond ?? site.IngressMibPerS,
        Throughput = request.Throughput is null ? site.Throughput : JsonSerializer.Serialize(request.Throughput),
    };

    /// <summary>The site's view from its row and the pool's nodes.</summary>
    public static SiteView ToView(SiteRecord site, IReadOnlyList<NodeView> nodes)
    {
        var mine = nodes.Where(n => n.Site == site.Name).ToList();
        var accelerators = mine.Where(n => n.State == "ready").SelectMany(n => n.Accelerators)
            .GroupBy(a => a.Key).ToDictionary(g => g.Key, g => g.Sum(a => a.Value));
        return new SiteView(site.Name, site.Kind, mine.Count(n => n.State == "ready"), mine.Count, accelerators, Time.FromMs(site.CreatedAt),
            JsonSerializer.Deserialize<Dictionary<string, string>>(site.Labels) ?? [])
        {
            Prices = Amounts(site.Prices),
            Draining = site.Draining != 0,
            Datasets = Datasets(site),
            IngressMiBPerSecond = site.IngressMibPerS,
            Throughput = Amounts(site.Throughput),
        };
    }

    public static Dictionary<string, double> Amounts(string json) =>
        new(JsonSerializer.Deserialize<Dictionary<string, double>>(json) ?? [], StringComparer.OrdinalIgnoreCase);

    public static string[] Datasets(SiteRecord site) => JsonSerializer.Deserialize<string[]>(site.Datasets) ?? [];
}
