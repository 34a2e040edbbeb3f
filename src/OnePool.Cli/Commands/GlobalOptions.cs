using System.CommandLine;
using OnePool.Cli.Client;
using OnePool.Cli.Config;

namespace OnePool.Cli.Commands;

/// <summary>The options every command accepts (<c>--url</c>, <c>--token</c>) and how a command gets its broker from them.</summary>
/// <param name="context">The process context.</param>
internal sealed class GlobalOptions(CliContext context)
{
    /// <summary><c>--url</c>: the broker's base URL.</summary>
    public Option<string?> Url { get; } = new("--url")
    {
        Description = "Broker URL (default: $ONEPOOL_URL, then the config file)",
        Recursive = true,
    };

    /// <summary><c>--token</c>: the bearer token.</summary>
    public Option<string?> Token { get; } = new("--token")
    {
        Description = "Access token (default: $ONEPOOL_TOKEN, then the config file)",
        Recursive = true,
    };

    /// <summary>The process context commands run in.</summary>
    public CliContext Context { get; } = context;

    /// <summary>Resolves the configuration for this invocation.</summary>
    public CliConfig Resolve(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        return CliConfig.Resolve(parseResult.GetValue(Url), parseResult.GetValue(Token), Context.GetEnvironmentVariable);
    }

    /// <summary>Creates a broker client for this invocation.</summary>
    public BrokerClient Connect(ParseResult parseResult) => BrokerClient.Create(Resolve(parseResult), Context.CreateHttpHandler?.Invoke());
}
