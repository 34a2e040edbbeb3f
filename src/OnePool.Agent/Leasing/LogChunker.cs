using System.Text;
using OnePool.Contracts.Agents;

namespace OnePool.Agent.Leasing;

/// <summary>Cuts a replica's log file into <see cref="LogUpload"/> chunks that end on a UTF-8 character boundary.</summary>
internal static class LogChunker
{
    /// <summary>Most bytes of one replica's output sent in one lease: 256 KiB.</summary>
    public const int MaxChunkBytes = 256 * 1024;

    /// <summary>How many of <paramref name="bytes"/> to send so the chunk does not end inside a UTF-8 sequence.
    /// When <paramref name="final"/> (nothing more will be written) or when no cut point exists, all of them.</summary>
    public static int CompleteLength(ReadOnlySpan<byte> bytes, bool final)
    {
        if (final)
        {
            return bytes.Length;
        }

        // Look back at most 3 bytes for the lead byte of the last sequence and check that it is complete.
        for (var back = 1; back <= Math.Min(4, bytes.Length); back++)
        {
            var b = bytes[^back];
            if ((b & 0b1100_0000) == 0b1000_0000)
            {
                continue; // continuation byte
            }

            var needed = b switch
            {
                < 0x80 => 1,
                >= 0b1111_0000 => 4,
                >= 0b1110_0000 => 3,
                >= 0b1100_0000 => 2,
                _ => 1,
            };
            return needed > back ? bytes.Length - back : bytes.Length;
        }

        return bytes.Length;
    }

    /// <summary>Reads the output of a replica from <paramref name="offset"/> (at most <see cref="MaxChunkBytes"/>),
    /// or null when there is nothing new. <paramref name="final"/>: the file will not grow any more.</summary>
    public static async Task<LogUpload?> ReadAsync(string path, long attemptId, int replicaIndex, long offset, bool final,
        CancellationToken cancellationToken)
    {
        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (offset >= file.Length)
            {
                return null;
            }

            var buffer = new byte[(int)Math.Min(MaxChunkBytes, file.Length - offset)];
            file.Position = offset;
            await file.ReadExactlyAsync(buffer, cancellationToken);
            var length = CompleteLength(buffer, final && offset + buffer.Length == file.Length);
            return length == 0 ? null
                : new LogUpload(attemptId, replicaIndex, offset, length, Encoding.UTF8.GetString(buffer, 0, length));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}
