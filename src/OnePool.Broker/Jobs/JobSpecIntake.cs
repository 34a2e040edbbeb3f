using System.Buffers;
using System.Text;
using OnePool.Broker.Auth;
using OnePool.Broker.Problems;
using OnePool.Core.Specs;
using OnePool.Store;

namespace OnePool.Broker.Jobs;

/// <summary>
/// The checks a job spec passes before anything is done with it: read the body (any format
/// <see cref="JobSpecReader"/> reads, at most its size limit), parse, validate with <see cref="JobSpecValidator"/>,
/// and settle the tenant (a tenant's token may only name itself; an admin's must name an existing tenant).
/// Used by <c>POST /v1/jobs</c> and <c>POST /v1/jobs/plan</c>, so both answer the same input the same way.
/// </summary>
internal static class JobSpecIntake
{
    /// <summary>The spec (tenant filled in) and its requirements, or the problem to answer with.</summary>
    public static async Task<(JobSpec? Spec, JobRequirements? Requirements, IResult? Problem)> ReadAsync(
        HttpContext http, IStateStore store, CancellationToken cancellationToken)
    {
        var (text, tooLarge) = await ReadTextAsync(http.Request, cancellationToken);
        if (tooLarge)
        {
            return Fail(Problem.Invalid("body", $"the job spec is larger than {JobSpecReader.MaxDocumentLength / 1024} KiB"));
        }

        var (spec, parseError) = JobSpecReader.Read(text);
        if (spec is null)
        {
            return Fail(Problem.Invalid("invalid job spec", [parseError!]));
        }

        var (requirements, errors) = JobSpecValidator.Validate(spec);
        if (requirements is null)
        {
            return Fail(Problem.Invalid("invalid job spec", errors));
        }

        var caller = Caller.From(http.User);
        if (!caller.IsAdmin && spec.Tenant is not null && spec.Tenant != caller.Subject)
        {
            return Fail(Problem.Forbidden($"a token of tenant {caller.Subject} cannot submit jobs for tenant {spec.Tenant} (field: tenant)"));
        }

        spec.Tenant ??= caller.IsAdmin ? TenantDefaults.Default : caller.Subject;
        if (caller.IsAdmin && !(await store.ListTenantsAsync(cancellationToken)).Any(t => t.Name == spec.Tenant))
        {
            return Fail(Problem.Invalid("tenant", $"tenant '{spec.Tenant}' does not exist; create it with `onepool tenants add {spec.Tenant}`"));
        }

        return (spec, requirements, null);
    }

    private static (JobSpec?, JobRequirements?, IResult?) Fail(IResult problem) => (null, null, problem);

    private static async Task<(string Text, bool TooLarge)> ReadTextAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        // The body's bytes go into one pooled buffer (sized from Content-Length when given) and are decoded once:
        // a StreamReader and a builder cost several KiB per request, and a buffer of the largest allowed spec would put
        // every submission on the large-object heap. UTF-8 takes at most 3 bytes per UTF-16 unit.
        const int MaxBytes = (JobSpecReader.MaxDocumentLength * 3) + 3;
        var pool = ArrayPool<byte>.Shared;
        var buffer = pool.Rent(request.ContentLength is > 0 and <= MaxBytes ? (int)request.ContentLength.Value : 4096);
        var total = 0;
        try
        {
            while (true)
            {
                if (total == buffer.Length)
                {
                    if (total >= MaxBytes)
                    {
                        return ("", true);
                    }

                    var larger = pool.Rent(Math.Min(MaxBytes, buffer.Length * 2));
                    buffer.AsSpan(0, total).CopyTo(larger);
                    pool.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(total), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }

            var bytes = buffer.AsSpan(0, total);
            var text = Encoding.UTF8.GetString(bytes.StartsWith(Encoding.UTF8.Preamble) ? bytes[3..] : bytes);
            return text.Length > JobSpecReader.MaxDocumentLength ? ("", true) : (text, false);
        }
        finally
        {
            pool.Return(buffer);
        }
    }
}
