using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OnePool.Store;
using OnePool.Store.Records;

namespace OnePool.Broker.Auth;

/// <summary>Authenticates <c>Authorization: Bearer TOKEN</c> against the stored token hashes.</summary>
internal sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IStateStore store)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    // Tokens cannot be revoked yet, so a hit can be cached for the life of the process; misses are not cached
    // so a freshly created token works at once.
    private static readonly ConcurrentDictionary<string, TokenRecord> Known = new(StringComparer.Ordinal);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header["Bearer ".Length..].Trim();
        if (token.Length is 0 or > 200)
        {
            return AuthenticateResult.Fail("malformed token");
        }

        var hash = Tokens.Hash(token);
        if (!Known.TryGetValue(hash, out var record))
        {
            record = await store.FindTokenAsync(hash, Context.RequestAborted);
            if (record is null)
            {
                return AuthenticateResult.Fail("unknown token");
            }

            Known[hash] = record;
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Role, record.Role), new Claim(ClaimTypes.Name, record.Subject)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}

/// <summary>Who is calling.</summary>
/// <param name="Role">admin, tenant or site.</param>
/// <param name="Subject">Tenant or site name.</param>
internal sealed record Caller(string Role, string Subject)
{
    public bool IsAdmin => Role == Roles.Admin;

    public static Caller From(ClaimsPrincipal user) =>
        new(user.FindFirstValue(ClaimTypes.Role) ?? "", user.FindFirstValue(ClaimTypes.Name) ?? "");

    /// <summary>True when this caller may see and act on a job of <paramref name="tenant"/>.</summary>
    public bool CanSee(string tenant) => IsAdmin || (Role == Roles.Tenant && Subject == tenant);
}
