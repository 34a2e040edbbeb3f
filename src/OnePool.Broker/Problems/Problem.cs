using Microsoft.AspNetCore.Http.HttpResults;
using OnePool.Core.Specs;

namespace OnePool.Broker.Problems;

/// <summary>RFC 9457 problem responses. Every user error names what is wrong; validation errors name the field.</summary>
internal static class Problem
{
    public static ValidationProblem Invalid(string title, IEnumerable<SpecError> errors)
    {
        var map = errors
            .GroupBy(e => e.Field.Length == 0 ? "body" : e.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
        return TypedResults.ValidationProblem(map, title: title, type: "https://onepool.dev/problems/invalid-input");
    }

    public static ValidationProblem Invalid(string field, string message, string title = "invalid request") =>
        Invalid(title, [new SpecError(field, message)]);

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, title: "not found");

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status403Forbidden, title: "forbidden");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status409Conflict, title: "conflict");
}
