using System.CommandLine;

namespace OnePool.Cli.Commands.Service;

/// <summary>The commands that run OnePool's services: <c>server</c>, <c>agent</c> and <c>dev</c>.</summary>
/// <remarks>Owned by the service wiring; the client commands do not depend on it.</remarks>
internal static class ServiceCommands
{
    /// <summary>Creates the service commands.</summary>
    public static IEnumerable<Command> Create() => [];
}
