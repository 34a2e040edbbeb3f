using System.CommandLine;
using OnePool.Cli.Commands.Service.Dev;

namespace OnePool.Cli.Commands.Service;

/// <summary>The commands that run OnePool's services: <c>server</c>, <c>agent</c> and <c>dev</c>.</summary>
internal static class ServiceCommands
{
    /// <summary>Creates the service commands.</summary>
    public static IEnumerable<Command> Create(GlobalOptions globals) =>
        [ServerCommand.Create(globals), AgentCommand.Create(globals), DevCommand.Create(globals)];
}
