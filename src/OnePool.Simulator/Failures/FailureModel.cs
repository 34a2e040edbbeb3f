using System.Globalization;
using OnePool.Simulator.Traces;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace OnePool.Simulator.Failures;

/// <summary>
/// What goes wrong in a simulation. Node failures are a Poisson process per node, at a rate proportional to its
/// accelerators; a failed node is repaired after <see cref="RepairHours"/>. A user failure ends a job for good,
/// drawn once per job. Rates are from shared/traces/FAILURES.md; see docs/simulator.md.
/// </summary>
/// <param name="Name">Preset name or file path, for reports.</param>
/// <param name="NodeFailuresPerGpuDay">Node failures per accelerator per day (a node of n accelerators fails at n times this rate).</param>
/// <param name="RepairHours">Time a failed node is out.</param>
/// <param name="UserFailureProbability">Chance that a job fails for reasons of its own (0..1).</param>
internal sealed record FailureModel(string Name, double NodeFailuresPerGpuDay, double RepairHours, double UserFailureProbability)
{
    /// <summary>Repair time used by the presets: the sources give none, so a working day is assumed.</summary>
    public const double DefaultRepairHours = 8;

    public static FailureModel None { get; } = new("none", 0, DefaultRepairHours, 0);

    /// <summary>Llama 3: 419 unexpected interruptions on 16,384 H100s in 54 days = 4.7e-4 per GPU-day.</summary>
    public static FailureModel Llama3 { get; } = new("llama3", 419.0 / (16_384 * 54), DefaultRepairHours, 0);

    /// <summary>Meta RSC-1: about 6.5 failures per 1,000 node-days on 8-GPU nodes = 8.1e-4 per GPU-day (approximate).</summary>
    public static FailureModel Rsc { get; } = new("rsc", 6.5 / 1000 / 8, DefaultRepairHours, 0);

    public bool FailsNodes => NodeFailuresPerGpuDay > 0;

    /// <summary><c>none</c>, <c>llama3</c>, <c>rsc</c>, or a YAML file with <c>node_failures_per_gpu_day</c>,
    /// <c>repair_hours</c> and <c>user_failure_probability</c>.</summary>
    public static FailureModel Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        switch (text.Trim().ToLowerInvariant())
        {
            case "none":
                return None;
            case "llama3":
                return Llama3;
            case "rsc":
                return Rsc;
        }

        if (!File.Exists(text))
        {
            throw new TraceFormatException($"--failures '{text}' is neither none, llama3, rsc nor an existing file");
        }

        FailureFile? file;
        try
        {
            file = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build()
                .Deserialize<FailureFile>(File.ReadAllText(text));
        }
        catch (YamlException e)
        {
            throw new TraceFormatException($"{text}:{e.Start.Line}: {e.InnerException?.Message ?? e.Message}", e);
        }

        file ??= new FailureFile();
        if (file.NodeFailuresPerGpuDay is < 0 || file.RepairHours is <= 0 || file.UserFailureProbability is < 0 or > 1)
        {
            throw new TraceFormatException($"{text}: node_failures_per_gpu_day must be >= 0, repair_hours > 0 and user_failure_probability 0..1");
        }

        return new FailureModel(text, file.NodeFailuresPerGpuDay, file.RepairHours, file.UserFailureProbability);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name} ({NodeFailuresPerGpuDay:G3}/GPU-day, repair {RepairHours} h, user {UserFailureProbability:P0})");

    private sealed class FailureFile
    {
        public double NodeFailuresPerGpuDay { get; set; }

        public double RepairHours { get; set; } = DefaultRepairHours;

        public double UserFailureProbability { get; set; }
    }
}
