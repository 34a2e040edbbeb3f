using Microsoft.AspNetCore.Http.HttpResults;
using OnePool.Broker.Auth;
using OnePool.Broker.Problems;
using OnePool.Broker.Scheduling;
using OnePool.Contracts.Auth;
using OnePool.Contracts.Tenants;
using OnePool.Core.Resources;
using OnePool.Store;
using OnePool.Store.Records;

namespace OnePool.Broker.Tenants;

/// <summary><c>/v1/tenants</c> and <c>/v1/whoami</c>.</summary>
internal static class TenantEndpoints
{
    public static void MapTenantEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/tenants", ListAsync).RequireAuthorization(Roles.Admin).WithTags("tenants");
        app.MapPost("/v1/tenants", AddAsync).RequireAuthorization(Roles.Admin).WithTags("tenants")
            .Accepts<CreateTenantRequest>("application/json").Produces<TenantCreated>(StatusCodes.Status201Created);
        app.MapPut("/v1/tenants/{name}", SetPolicyAsync).RequireAuthorization(Roles.Admin).WithTags("tenants")
            .Accepts<TenantPolicyRequest>("application/json").Produces<TenantView>().ProducesValidationProblem();
        app.MapGet("/v1/whoami", (HttpContext http) =>
        {
            var caller = Caller.From(http.User);
            return TypedResults.Ok(new WhoAmI(caller.Role, caller.Subject, typeof(TenantEndpoints).Assembly.GetName().Version?.ToString() ?? "0"));
        }).RequireAuthorization().WithTags("auth");
    }

    private static async Task<Ok<TenantList>> ListAsync(IStateStore store, TenantUsage usage, CancellationToken cancellationToken)
    {
        var held = await usage.ByTenantAsync(cancellationToken);
        return TypedResults.Ok(new TenantList((await store.ListTenantsAsync(cancellationToken))
            .Select(t => TenantPolicies.ToView(t, held.GetValueOrDefault(t.Name))).ToList()));
    }

    private static async Task<Results<Ok<TenantView>, ValidationProblem, ProblemHttpResult>> SetPolicyAsync(
        string name, HttpRequest request, IStateStore store, TenantUsage usage, SchedulerSignal signal, CancellationToken cancellationToken)
    {
        var (body, present, problem) = await JsonBody.ReadWithFieldsAsync<TenantPolicyRequest>(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var errors = TenantPolicies.Check(body);
        if (errors.Count > 0)
        {
            return Problem.Invalid("invalid tenant policy", errors);
        }

        var tenant = (await store.ListTenantsAsync(cancellationToken)).FirstOrDefault(t => t.Name == name);
        if (tenant is null)
        {
            return Problem.NotFound($"there is no tenant {name}");
        }

        var updated = TenantPolicies.Apply(tenant, body, present.Contains(TenantPolicies.CohortField));
        if (!await store.UpdateTenantPolicyAsync(updated, cancellationToken))
        {
            return Problem.NotFound($"there is no tenant {name}");
        }

        signal.Wake(); // a larger quota may let waiting jobs start
        return TypedResults.Ok(TenantPolicies.ToView(updated, (await usage.ByTenantAsync(cancellationToken)).GetValueOrDefault(name)));
    }

    private static async Task<Results<Created<TenantCreated>, ValidationProblem, ProblemHttpResult>> AddAsync(
        HttpRequest request, IStateStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<CreateTenantRequest>(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        if (!ModelName.IsValid(body.Name))
        {
            return Problem.Invalid("name", $"'{body.Name}' is not a valid tenant name (letters, digits, '-', '_', '.'; at most {ModelName.MaxLength})");
        }

        var token = Tokens.New(Roles.Tenant);
        var now = Time.ToMs(time.GetUtcNow());
        var added = await store.AddTenantAsync(
            new TenantRecord { Name = body.Name, CreatedAt = now },
            new TokenRecord { Hash = Tokens.Hash(token), Role = Roles.Tenant, Subject = body.Name, CreatedAt = now },
            cancellationToken);
        return added
            ? TypedResults.Created($"/v1/tenants/{body.Name}", new TenantCreated(body.Name, token))
            : Problem.Conflict($"tenant {body.Name} already exists");
    }
}
