using OnePool.Cli.Client;
using OnePool.Contracts.Jobs;

namespace OnePool.Cli.Commands.Jobs;

/// <summary>Reads a job's output page by page (<c>GET /v1/jobs/{id}/logs?after=CURSOR</c>) and writes it out;
/// when following, polls every <see cref="CliContext.PollInterval"/> until the broker says the output is complete.</summary>
/// <param name="broker">The broker.</param>
/// <param name="context">Clock and poll interval.</param>
internal sealed class LogFollower(BrokerClient broker, CliContext context)
{
    /// <summary>Copies job <paramref name="id"/>'s output to <paramref name="output"/>.</summary>
    /// <param name="id">The job.</param>
    /// <param name="output">Where the output goes.</param>
    /// <param name="prefixReplicas">Prefix each line with <c>[rN] </c> (for jobs with several replicas).</param>
    /// <param name="follow">Keep polling until the output is complete, instead of stopping at what exists now.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The last page read.</returns>
    public async Task<LogPage> CopyAsync(long id, TextWriter output, bool prefixReplicas, bool follow, CancellationToken cancellationToken)
    {
        var writer = new ReplicaLogWriter(output, prefixReplicas);
        long? cursor = null;
        try
        {
            while (true)
            {
                var page = await broker.GetLogsAsync(id, cursor, cancellationToken);
                foreach (var chunk in page.Chunks)
                {
                    await writer.WriteAsync(chunk, cancellationToken);
                }

                await output.FlushAsync(cancellationToken);
                cursor = page.NextCursor;
                if (page.Complete || (!follow && page.Chunks.Count == 0))
                {
                    return page;
                }

                if (page.Chunks.Count == 0)
                {
                    await Task.Delay(context.PollInterval, context.Time, cancellationToken);
                }
            }
        }
        finally
        {
            await writer.EndAsync(CancellationToken.None);
        }
    }
}

/// <summary>Writes output chunks as they come; with <c>prefix</c> on, starts every line with <c>[rN] </c> and breaks
/// a line that another replica interrupts, so lines of different replicas never run together.</summary>
/// <param name="output">Destination.</param>
/// <param name="prefix">Whether to prefix lines with the replica.</param>
internal sealed class ReplicaLogWriter(TextWriter output, bool prefix)
{
    private int? _openLineReplica;

    /// <summary>Writes one chunk.</summary>
    public async Task WriteAsync(LogChunk chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        if (!prefix)
        {
            await output.WriteAsync(chunk.Data.AsMemory(), cancellationToken);
            return;
        }

        if (_openLineReplica is { } open && open != chunk.Replica)
        {
            await output.WriteAsync("\n".AsMemory(), cancellationToken);
            _openLineReplica = null;
        }

        var data = chunk.Data.AsMemory();
        while (data.Length > 0)
        {
            if (_openLineReplica is null)
            {
                await output.WriteAsync($"[r{chunk.Replica}] ".AsMemory(), cancellationToken);
                _openLineReplica = chunk.Replica;
            }

            var newline = data.Span.IndexOf('\n');
            var line = newline < 0 ? data : data[..(newline + 1)];
            await output.WriteAsync(line, cancellationToken);
            data = data[line.Length..];
            if (newline >= 0)
            {
                _openLineReplica = null;
            }
        }
    }

    /// <summary>Ends an unfinished last line, so the shell prompt starts on its own line.</summary>
    public async Task EndAsync(CancellationToken cancellationToken)
    {
        if (_openLineReplica is not null)
        {
            await output.WriteAsync("\n".AsMemory(), cancellationToken);
            _openLineReplica = null;
        }
    }
}
