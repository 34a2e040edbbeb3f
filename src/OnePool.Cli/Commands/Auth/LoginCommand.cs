using System.CommandLine;
using OnePool.Cli.Client;
using OnePool.Cli.Config;
using OnePool.Contracts.Auth;

namespace OnePool.Cli.Commands.Auth;

/// <summary><c>onepool login URL --token TOKEN</c>: checks the token against the broker and saves both to the config file.</summary>
internal static class LoginCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(GlobalOptions globals)
    {
        var urlArgument = new Argument<string>("URL") { Description = "The broker's base URL, e.g. http://127.0.0.1:7070, or every replica's separated by commas" };
        var command = new Command("login", "Check a token against a broker and save both to the config file") { urlArgument };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Context;
            var urls = CliConfig.ParseUrls(parseResult.GetValue(urlArgument)!);
            var token = parseResult.GetValue(globals.Token) ?? context.GetEnvironmentVariable(CliConfig.TokenVariable);
            if (string.IsNullOrWhiteSpace(token))
            {
                throw new UsageException("login needs a token: `onepool login URL --token TOKEN`");
            }

            using var broker = new BrokerClient(urls, token, context.CreateHttpHandler?.Invoke());
            var who = await broker.WhoAmIAsync(cancellationToken);
            var path = CliConfig.DefaultPath(context.GetEnvironmentVariable);
            var saved = string.Join(",", urls.Select(u => u.AbsoluteUri)); // every replica, so later commands can move on
            CliConfig.Save(path, saved, token);
            await context.Out.WriteLineAsync($"logged in to {saved} as {Describe(who)} (saved to {path})".AsMemory(), cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Who a token is, in words: <c>admin</c>, <c>tenant alice</c>, <c>site edge</c>.</summary>
    public static string Describe(WhoAmI who)
    {
        ArgumentNullException.ThrowIfNull(who);
        return who.Role == "admin" ? "admin" : $"{who.Role} {who.Subject}";
    }
}
