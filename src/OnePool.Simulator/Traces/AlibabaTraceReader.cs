using OnePool.Simulator.Pools;

namespace OnePool.Simulator.Traces;

/// <summary>
/// Reads Alibaba's OpenB GPU trace (<c>openb_pods.csv</c> and <c>openb_nodes.csv</c>, see
/// <c>shared/traces/alibaba-openb-2023/README.md</c>). Only GPU pods that ran are replayed: CPU-only pods and pods
/// never scheduled (no duration) or of zero duration are left out, and a fractional GPU (<c>gpu_milli</c> &lt; 1000)
/// counts as a whole one, since the simulator does not share devices. Durations were measured on the pod's own GPU
/// type, which is not recorded; they are read as V100-seconds. Every pod is tenant <c>default</c>.
/// </summary>
internal static class AlibabaTraceReader
{
    public const string PodsFile = "openb_pods.csv";
    public const string NodesFile = "openb_nodes.csv";

    public static bool Recognises(CsvTable table) => table.Has("gpu_milli") && table.Has("qos");

    public static Trace ReadPods(string path, int seed)
    {
        var table = CsvTable.Read(path, "job_id", "submit_time_s", "duration_s", "num_gpus");
        var jobs = new List<TraceJob>();
        foreach (var row in table.Rows)
        {
            if (row.Text("duration_s").Length == 0 || row.Whole("num_gpus") == 0 || row.Number("duration_s") <= 0)
            {
                continue;
            }

            jobs.Add(JobRows.Job(row, row.Text("job_id"), row.Number("submit_time_s"), row.Whole("num_gpus"),
                row.Number("duration_s"), jobType: "", tenant: "", seed));
        }

        return Trace.Sorted("alibaba-openb-2023", jobs);
    }

    /// <summary>The production cluster as one site; CPU-only nodes are kept (they hold no GPU work).</summary>
    public static PoolSpec ReadNodes(string path)
    {
        var table = CsvTable.Read(path, "node_id", "num_gpus", "gpu_type", "cpu_milli", "memory_mib");
        var nodes = table.Rows.Select(row =>
        {
            var gpus = row.Whole("num_gpus");
            var model = row.Text("gpu_type");
            if (gpus < 0 || (gpus > 0 && model.Length == 0))
            {
                throw row.Error("num_gpus must be 0 or more, with a gpu_type when above 0");
            }

            return new NodeSpec("openb", row.Text("node_id"), model.Length > 0 ? model : "none", gpus,
                row.Whole("cpu_milli"), (long)row.Number("memory_mib"), null);
        }).ToList();
        return new PoolSpec([new SiteSpec("openb", nodes, new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase))]);
    }
}
