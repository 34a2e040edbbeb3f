using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using OnePool.Broker.Auth;
using OnePool.Broker.Problems;
using OnePool.Broker.Scheduling;
using OnePool.Contracts.Jobs;
using OnePool.Core.Specs;
using OnePool.Store;
using OnePool.Store.Records;

namespace OnePool.Broker.Jobs;

/// <summary><c>POST /v1/jobs</c>: parse, validate, authorise, commit, then acknowledge.</summary>
internal static class JobSubmission
{
    private const int MaxIdempotencyKeyLength = 200;

    public static async Task<Results<Created<SubmitJobResponse>, Ok<SubmitJobResponse>, ProblemHttpResult, ValidationProblem>> SubmitAsync(
        HttpContext http, IStateStore store, SubmissionBatcher batcher, TimeProvider time, SchedulerSignal signal, CancellationToken cancellationToken)
    {
        var (text, tooLarge) = await ReadTextAsync(http.Request, cancellationToken);
        if (tooLarge)
        {
            return Problem.Invalid("body", $"the job spec is larger than {JobSpecReader.MaxDocumentLength / 1024} KiB");
        }

        var (spec, parseError) = JobSpecReader.Read(text);
        if (spec is null)
        {
            return Problem.Invalid("invalid job spec", [parseError!]);
        }

        var (requirements, errors) = JobSpecValidator.Validate(spec);
        if (requirements is null)
        {
            return Problem.Invalid("invalid job spec", errors);
        }

        var caller = Caller.From(http.User);
        if (!caller.IsAdmin && spec.Tenant is not null && spec.Tenant != caller.Subject)
        {
            return Problem.Forbidden($"a token of tenant {caller.Subject} cannot submit jobs for tenant {spec.Tenant} (field: tenant)");
        }

        spec.Tenant ??= caller.IsAdmin ? TenantDefaults.Default : caller.Subject;
        if (caller.IsAdmin && !(await store.ListTenantsAsync(cancellationToken)).Any(t => t.Name == spec.Tenant))
        {
            return Problem.Invalid("tenant", $"tenant '{spec.Tenant}' does not exist; create it with `onepool tenants add {spec.Tenant}`");
        }

        var key = http.Request.Headers["Idempotency-Key"].ToString();
        if (key.Length > MaxIdempotencyKeyLength)
        {
            return Problem.Invalid("Idempotency-Key", $"must be at most {MaxIdempotencyKeyLength} characters");
        }

        var record = new JobRecord
        {
            Tenant = spec.Tenant,
            Name = spec.Name ?? "job",
            Priority = spec.Priority ?? 0,
            Spec = JsonSerializer.Serialize(spec, JobSpecReader.JsonOptions),
            Resources = requirements.Describe(),
            SubmittedAt = Time.ToMs(time.GetUtcNow()),
        };
        var (id, state, duplicate) = await batcher.SubmitAsync(record, key.Length == 0 ? null : key, cancellationToken);
        var response = new SubmitJobResponse(id, state, duplicate);
        if (duplicate)
        {
            return TypedResults.Ok(response);
        }

        signal.Wake();
        return TypedResults.Created($"/v1/jobs/{id}", response);
    }

    private static async Task<(string Text, bool TooLarge)> ReadTextAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        // Read in pooled chunks up to the limit: a buffer of the largest allowed spec per request (2 MiB) would put
        // every submission on the large-object heap.
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = new StringBuilder();
        var chunk = System.Buffers.ArrayPool<char>.Shared.Rent(4096);
        try
        {
            int read;
            while (text.Length <= JobSpecReader.MaxDocumentLength && (read = await reader.ReadAsync(chunk.AsMemory(), cancellationToken)) > 0)
            {
                text.Append(chunk, 0, read);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<char>.Shared.Return(chunk);
        }

        return text.Length > JobSpecReader.MaxDocumentLength ? ("", true) : (text.ToString(), false);
    }
}

/// <summary>Names the broker creates on first start.</summary>
internal static class TenantDefaults
{
    /// <summary>The tenant an admin's jobs go to when the spec names none.</summary>
    public const string Default = "default";
}
