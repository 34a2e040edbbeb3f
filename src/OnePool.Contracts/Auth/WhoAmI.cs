namespace OnePool.Contracts.Auth;

/// <summary><c>GET /v1/whoami</c>: what the presented token is.</summary>
/// <param name="Role">admin, tenant or site.</param>
/// <param name="Subject">The tenant or site name; <c>admin</c> for admins.</param>
/// <param name="BrokerVersion">The broker's version.</param>
public sealed record WhoAmI(string Role, string Subject, string BrokerVersion);
