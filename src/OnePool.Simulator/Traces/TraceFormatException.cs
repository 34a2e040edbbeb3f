namespace OnePool.Simulator.Traces;

/// <summary>A trace or pool file the simulator cannot read; the message names the file and, where it applies, the line.</summary>
internal sealed class TraceFormatException : Exception
{
    public TraceFormatException(string message)
        : base(message)
    {
    }

    public TraceFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>An error at one line of a file: <c>FILE:LINE: MESSAGE</c>.</summary>
    public static TraceFormatException At(string file, int line, string message) => new($"{file}:{line}: {message}");
}
