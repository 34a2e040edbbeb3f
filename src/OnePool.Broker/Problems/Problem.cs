using OnePool.Core.Specs;

namespace OnePool.Broker.Problems;

/// <summary>RFC 9457 problem responses. Every user error names what is wrong; validation errors name the field.</summary>
internal static class Problem
{
    public static IResult Invalid(string title, IEnumerable<SpecError> errors)
    {
        var map = errors
            .GroupBy(e => e.Field.Length == 0 ? "body" : e.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
        return Results.ValidationProblem(map, title: title, type: "https://onepool.dev/problems/invalid-input");
    }

    public static IResult Invalid(string field, string message, string title = "invalid request") =>
        Invalid(title, [new SpecError(field, message)]);

    public static IResult NotFound(string detail) =>
        Results.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, title: "not found");

    public static IResult Forbidden(string detail) =>
        Results.Problem(detail: detail, statusCode: StatusCodes.Status403Forbidden, title: "forbidden");

    public static IResult Conflict(string detail) =>
        Results.Problem(detail: detail, statusCode: StatusCodes.Status409Conflict, title: "conflict");
}
