using OnePool.Simulator.Pools;

namespace OnePool.Simulator.Traces;

/// <summary>A trace, and the pool it came with when the format has one (Alibaba's node list).</summary>
internal sealed record LoadedTrace(Trace Trace, PoolSpec? Pool);

/// <summary>
/// Reads <c>--trace DIR|FILE</c>. A folder holding <c>philly_gavel_jobs.csv</c> or <c>openb_pods.csv</c> is read in
/// that format; a file is recognised by its header (Philly has <c>vc</c>, OpenB has <c>gpu_milli</c> and <c>qos</c>);
/// anything else is the generic CSV.
/// </summary>
internal static class TraceLoader
{
    public static LoadedTrace Load(string path, int seed)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (Directory.Exists(path))
        {
            var philly = Path.Combine(path, PhillyTraceReader.FileName);
            var pods = Path.Combine(path, AlibabaTraceReader.PodsFile);
            if (File.Exists(philly))
            {
                return new LoadedTrace(PhillyTraceReader.Read(philly, seed), null);
            }

            if (File.Exists(pods))
            {
                return LoadAlibaba(pods, seed);
            }

            throw new TraceFormatException($"{path}: folder holds neither {PhillyTraceReader.FileName} nor {AlibabaTraceReader.PodsFile}; pass the CSV file itself");
        }

        if (!File.Exists(path))
        {
            throw new TraceFormatException($"{path}: no such file or folder");
        }

        var header = CsvTable.Read(path);
        if (AlibabaTraceReader.Recognises(header))
        {
            return LoadAlibaba(path, seed);
        }

        return PhillyTraceReader.Recognises(header)
            ? new LoadedTrace(PhillyTraceReader.Read(path, seed), null)
            : new LoadedTrace(GenericCsvTraceReader.Read(path, seed), null);
    }

    private static LoadedTrace LoadAlibaba(string pods, int seed)
    {
        var nodes = Path.Combine(Path.GetDirectoryName(pods) ?? ".", AlibabaTraceReader.NodesFile);
        return new LoadedTrace(AlibabaTraceReader.ReadPods(pods, seed), File.Exists(nodes) ? AlibabaTraceReader.ReadNodes(nodes) : null);
    }
}
