namespace OnePool.Cli.Client;

/// <summary>A broker call failed. <see cref="Exception.Message"/> is one line, fit to print after <c>error: </c>.</summary>
internal class BrokerException : Exception
{
    /// <summary>Creates an error for an answer with <paramref name="statusCode"/>, or no answer when it is null.</summary>
    public BrokerException(string message, int? statusCode, Exception? inner = null)
        : base(message, inner)
    {
        StatusCode = statusCode;
    }

    /// <summary>The HTTP status the broker answered with; null when there was no usable answer.</summary>
    public int? StatusCode { get; }
}

/// <summary>The broker could not be reached at all (refused, unknown host, timed out), so the request may be retried.</summary>
internal sealed class BrokerUnreachableException(string message, Exception inner) : BrokerException(message, null, inner);
