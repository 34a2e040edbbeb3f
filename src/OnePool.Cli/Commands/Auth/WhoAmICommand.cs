using System.CommandLine;
using OnePool.Cli.Output;

namespace OnePool.Cli.Commands.Auth;

/// <summary><c>onepool whoami</c>: which broker this CLI talks to and as whom.</summary>
internal static class WhoAmICommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(GlobalOptions globals)
    {
        var output = JsonOutput.CreateOption();
        var command = new Command("whoami", "Show the broker this CLI uses and who its token is") { output };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var broker = globals.Connect(parseResult);
            var who = await broker.WhoAmIAsync(cancellationToken);
            if (JsonOutput.Wanted(parseResult, output))
            {
                JsonOutput.Write(globals.Context.Out, who);
            }
            else
            {
                await globals.Context.Out.WriteLineAsync(
                    $"{LoginCommand.Describe(who)} at {broker.BaseUrl} (broker {who.BrokerVersion})".AsMemory(), cancellationToken);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
