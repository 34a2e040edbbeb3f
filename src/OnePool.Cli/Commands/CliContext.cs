using OnePool.Cli.Output;

namespace OnePool.Cli.Commands;

/// <summary>
/// Everything a command touches outside itself: streams, clock, environment and HTTP transport. Production code uses
/// <see cref="FromConsole"/>; tests build one around <see cref="StringWriter"/>s, a fake clock and a stub handler.
/// </summary>
internal sealed class CliContext
{
    /// <summary>Standard output: results.</summary>
    public required TextWriter Out { get; init; }

    /// <summary>Standard error: errors, progress and advice.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>Standard input, read by <c>submit -</c>. Default: empty.</summary>
    public TextReader In { get; init; } = TextReader.Null;

    /// <summary>The clock, also giving the local time zone for displayed times. Default: the system clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Reads an environment variable. Default: the process environment.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Creates the HTTP transport for broker calls; null for the default sockets handler.</summary>
    public Func<HttpMessageHandler>? CreateHttpHandler { get; init; }

    /// <summary>Width tables are rendered at. Default: <see cref="TextTable.RedirectedWidth"/>.</summary>
    public int Width { get; init; } = TextTable.RedirectedWidth;

    /// <summary>Time between polls when following a job or its output. Default: 300 ms.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>First wait before retrying a submission after a connection failure; doubles each time. Default: 500 ms.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>True to let Ctrl-C cancel the running command's token (off in tests, which own no console).</summary>
    public bool HandleCtrlC { get; init; }

    /// <summary>Formats times with <see cref="Time"/>.</summary>
    public TimeText Times => new(Time);

    /// <summary>The context of a real process: console streams, system clock and environment.</summary>
    public static CliContext FromConsole() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        In = Console.In,
        Width = Console.IsOutputRedirected ? TextTable.RedirectedWidth : TerminalWidth(),
        HandleCtrlC = true,
    };

    private static int TerminalWidth()
    {
        try
        {
            return Console.WindowWidth > 20 ? Console.WindowWidth : TextTable.RedirectedWidth;
        }
        catch (IOException)
        {
            return TextTable.RedirectedWidth;
        }
    }
}
