using System.Text;

namespace OnePool.Simulator.Traces;

/// <summary>
/// Assigns a job type to a job whose trace has none, the way Gavel did for Philly: uniformly at random over the
/// 26 types of its throughput matrix. The draw is a stable hash of the seed and the job id (FNV-1a), so a job keeps
/// its type whatever else is in the trace and whatever the run order.
/// </summary>
internal static class JobTypes
{
    public static string Assign(string jobId, int seed)
    {
        var types = Speeds.ThroughputMatrix.Default.JobTypes;
        return types[(int)(StableHash($"{seed}:{jobId}") % (ulong)types.Count)];
    }

    /// <summary>64-bit FNV-1a of the UTF-8 bytes, finished with SplitMix64's mixer so that every bit depends on every
    /// byte (plain FNV leaves the high bits of near-equal strings nearly equal). string.GetHashCode differs per
    /// process, so it cannot be used.</summary>
    public static ulong StableHash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        hash = (hash ^ (hash >> 30)) * 0xBF58476D1CE4E5B9UL;
        hash = (hash ^ (hash >> 27)) * 0x94D049BB133111EBUL;
        return hash ^ (hash >> 31);
    }
}
