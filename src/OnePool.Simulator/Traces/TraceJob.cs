namespace OnePool.Simulator.Traces;

/// <summary>One job of a workload trace, as the simulator replays it.</summary>
/// <param name="Id">The trace's job id (kept for output files).</param>
/// <param name="SubmitSeconds">Arrival, in seconds from the trace's start (after load scaling, when scaled).</param>
/// <param name="Gpus">Accelerators the job needs, all at once (a gang when more than one node is needed).</param>
/// <param name="V100Seconds">Its runtime on V100s, in seconds: the trace's duration, which every trace here records on
/// (or treats as) V100 hardware. Runtime on another model is scaled by <see cref="Speeds.ThroughputMatrix"/>.</param>
/// <param name="JobType">Model and batch size (a row of Gavel's throughput matrix); assigned when the trace has none.</param>
/// <param name="Tenant">Owner: the Philly virtual cluster, the CSV's tenant column, or <c>default</c>.</param>
internal sealed record TraceJob(string Id, double SubmitSeconds, int Gpus, double V100Seconds, string JobType, string Tenant);
