using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
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
        var (spec, requirements, problem) = await JobSpecIntake.ReadAsync(http, store, cancellationToken);
        if (spec is null || requirements is null)
        {
            return problem switch
            {
                ValidationProblem invalid => invalid,
                ProblemHttpResult other => other,
                _ => throw new InvalidOperationException($"unexpected intake answer {problem?.GetType().Name ?? "none"}"),
            };
        }

        var key = http.Request.Headers["Idempotency-Key"].ToString();
        if (key.Length > MaxIdempotencyKeyLength)
        {
            return Problem.Invalid("Idempotency-Key", $"must be at most {MaxIdempotencyKeyLength} characters");
        }

        var record = new JobRecord
        {
            Tenant = spec.Tenant!, // settled by the intake
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
}

/// <summary>Names the broker creates on first start.</summary>
internal static class TenantDefaults
{
    /// <summary>The tenant an admin's jobs go to when the spec names none.</summary>
    public const string Default = "default";
}
