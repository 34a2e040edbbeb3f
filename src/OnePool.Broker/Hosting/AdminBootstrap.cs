using OnePool.Broker.Auth;
using OnePool.Broker.Jobs;
using OnePool.Store;
using OnePool.Store.Records;

namespace OnePool.Broker.Hosting;

/// <summary>
/// First start: creates the <c>default</c> tenant and an admin token, and writes the token to
/// <c>DATA/admin.token</c> (mode 0600): the only place it exists in clear, for the operator and for
/// <c>onepool dev</c> to hand to the CLI.
/// </summary>
public static class AdminBootstrap
{
    /// <summary>The admin token file inside the data folder.</summary>
    public static string TokenPath(string dataDirectory) => Path.Combine(dataDirectory, "admin.token");

    /// <summary>Ensures the default tenant and an admin token exist. Returns the token when its file is readable.</summary>
    public static async Task<string?> EnsureAsync(IStateStore store, string dataDirectory, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        var now = Time.ToMs(time.GetUtcNow());
        await store.AddTenantAsync(new TenantRecord { Name = TenantDefaults.Default, CreatedAt = now }, null, cancellationToken);
        var path = TokenPath(dataDirectory);
        if (await store.HasAdminTokenAsync(cancellationToken))
        {
            return File.Exists(path) ? (await File.ReadAllTextAsync(path, cancellationToken)).Trim() : null;
        }

        var token = Tokens.New(Roles.Admin);
        await File.WriteAllTextAsync(path, token + "\n", cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        await store.AddTokenAsync(new TokenRecord { Hash = Tokens.Hash(token), Role = Roles.Admin, Subject = Roles.Admin, CreatedAt = now }, cancellationToken);
        return token;
    }
}
