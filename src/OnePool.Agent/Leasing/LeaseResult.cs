using OnePool.Contracts.Agents;

namespace OnePool.Agent.Leasing;

/// <summary>How one lease call went.</summary>
internal abstract record LeaseResult
{
    /// <summary>The broker answered with the desired state.</summary>
    public sealed record Ok(LeaseResponse Response) : LeaseResult;

    /// <summary>401 or 403: the broker does not accept the site token.</summary>
    public sealed record Refused(int StatusCode) : LeaseResult;

    /// <summary>No answer (connection failure, timeout) or a 5xx. <paramref name="BrokerDown"/> is true when the
    /// connection was refused: the broker's host answered that nothing listens, so the broker is down rather than cut
    /// off (which matters for self-fencing).</summary>
    public sealed record Unreachable(string Reason, bool BrokerDown = false) : LeaseResult;

    /// <summary>Another 4xx; <paramref name="Problem"/> is the problem+json title and detail.</summary>
    public sealed record Rejected(int StatusCode, string Problem) : LeaseResult;
}
