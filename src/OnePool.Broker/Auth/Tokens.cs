using System.Security.Cryptography;
using System.Text;

namespace OnePool.Broker.Auth;

/// <summary>Makes bearer tokens and their stored form. Tokens carry 256 random bits; only SHA-256 hashes are
/// stored, so a copy of the database gives no usable token (a slow hash adds nothing at this entropy).</summary>
internal static class Tokens
{
    /// <summary>A new token, prefixed by role so a leaked one is easy to recognise (<c>op_site_...</c>).</summary>
    public static string New(string role) =>
        $"op_{role}_{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}";

    /// <summary>The stored form.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}

/// <summary>The three roles a token can have.</summary>
internal static class Roles
{
    public const string Admin = "admin";
    public const string Tenant = "tenant";
    public const string Site = "site";

    /// <summary>Authorization policy: admins and tenants (people who submit work).</summary>
    public const string Users = "users";
}
