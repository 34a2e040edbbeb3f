using Microsoft.AspNetCore.Http.HttpResults;

namespace OnePool.Broker.Leadership;

/// <summary>The answer of a standby replica to a call only the leader serves (agent leases).</summary>
internal static class NotLeader
{
    /// <summary>Response header naming the leader's URL.</summary>
    public const string LeaderHeader = "OnePool-Leader";

    public static ProblemHttpResult Answer(HttpContext http, Leadership leadership)
    {
        var leader = leadership.Last is { } last && last.Holder != leadership.ReplicaId ? last.Url : null;
        if (leader is null)
        {
            return TypedResults.Problem(
                detail: "no broker replica leads yet (an election is under way); retry in a second",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "no leader", type: "https://onepool.dev/problems/no-leader");
        }

        http.Response.Headers[LeaderHeader] = leader;
        return TypedResults.Problem(
            detail: $"this broker replica is a standby; agents lease from the leader at {leader}",
            statusCode: StatusCodes.Status421MisdirectedRequest, title: "not the leader", type: "https://onepool.dev/problems/not-leader",
            extensions: new Dictionary<string, object?> { ["leader"] = leader });
    }
}
