using Microsoft.AspNetCore.Http.HttpResults;
using OnePool.Broker.Auth;
using OnePool.Broker.Problems;
using OnePool.Broker.Scheduling;
using OnePool.Contracts.Sites;
using OnePool.Core.Resources;
using OnePool.Store;

namespace OnePool.Broker.Drain;

/// <summary><c>POST /v1/drain</c> and <c>POST /v1/undrain</c>: a site (<c>gpu-centre</c>) or a node (<c>gpu-centre/node-1</c>).</summary>
internal static class DrainEndpoints
{
    public static void MapDrainEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/drain", DrainAsync).RequireAuthorization(Roles.Admin).WithTags("sites");
        app.MapPost("/v1/undrain", UndrainAsync).RequireAuthorization(Roles.Admin).WithTags("sites");
    }

    private static async Task<Results<Ok<DrainState>, ValidationProblem, ProblemHttpResult>> DrainAsync(
        HttpRequest request, IStateStore store, TimeProvider time, SchedulerSignal scheduler, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<DrainRequest>(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        if (body.GraceSeconds is < 0 or > 7 * 86400)
        {
            return Problem.Invalid("graceSeconds", "must be between 0 and 604800 (7 days)");
        }

        var deadline = time.GetUtcNow().AddSeconds(body.GraceSeconds ?? 300);
        return await ApplyAsync(body.Target, deadline, store, scheduler, cancellationToken);
    }

    private static async Task<Results<Ok<DrainState>, ValidationProblem, ProblemHttpResult>> UndrainAsync(
        HttpRequest request, IStateStore store, SchedulerSignal scheduler, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<DrainRequest>(request, cancellationToken);
        return body is null ? problem! : await ApplyAsync(body.Target, null, store, scheduler, cancellationToken);
    }

    private static async Task<Results<Ok<DrainState>, ValidationProblem, ProblemHttpResult>> ApplyAsync(
        string? target, DateTimeOffset? deadline, IStateStore store, SchedulerSignal scheduler, CancellationToken cancellationToken)
    {
        var parts = (target ?? "").Split('/');
        if (parts.Length > 2 || !parts.All(ModelName.IsValid))
        {
            return Problem.Invalid("target", $"'{target}' is not a site (gpu-centre) or a node (gpu-centre/node-1)");
        }

        var nodeId = parts.Length == 2 ? target : null;
        if (!await store.SetDrainAsync(parts[0], nodeId, deadline, cancellationToken))
        {
            return Problem.NotFound($"{(nodeId is null ? "site" : "node")} {target} does not exist");
        }

        scheduler.Wake();
        return TypedResults.Ok(new DrainState(target!, deadline is not null, deadline));
    }
}
