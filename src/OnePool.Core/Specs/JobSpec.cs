using System.Text.Json.Serialization;

namespace OnePool.Core.Specs;

/// <summary>
/// A job as a user writes it (YAML or JSON, see docs/jobspec.md and docs/jobspec.schema.json).
/// Everything is optional except one of <see cref="Command"/> or <see cref="Run"/>;
/// <see cref="JobSpecValidator"/> turns it into checked <see cref="JobRequirements"/>.
/// </summary>
public sealed class JobSpec
{
    /// <summary>Display name. Default: <c>job</c>.</summary>
    public string? Name { get; set; }

    /// <summary>Tenant the job belongs to. A tenant token may only name its own tenant; an admin token defaults to <c>default</c>.</summary>
    public string? Tenant { get; set; }

    /// <summary>Higher runs first. Range -1000..1000. Default: 0.</summary>
    public int? Priority { get; set; }

    /// <summary>Number of replicas in the gang: all start together or none does. Range 1..1024. Default: 1.</summary>
    public int? Replicas { get; set; }

    /// <summary>What each replica needs.</summary>
    public ResourceSpec? Resources { get; set; }

    /// <summary>Program and arguments, run without a shell.</summary>
    public IList<string>? Command { get; set; }

    /// <summary>A bash script, the alternative to <see cref="Command"/>.</summary>
    public string? Run { get; set; }

    /// <summary>Extra environment variables.</summary>
    [JsonConverter(typeof(ScalarMapConverter))]
    public IDictionary<string, string>? Env { get; set; }

    /// <summary>Working directory on the node. Default: a fresh folder per attempt.</summary>
    public string? Workdir { get; set; }

    /// <summary>Wall-clock limit of one attempt (<c>2h</c>, <c>30m</c>, <c>01:00:00</c>). Default: none.</summary>
    public string? MaxRuntime { get; set; }

    /// <summary>How many times a failed attempt (non-zero exit) is retried. Range 0..100. Default: 0.</summary>
    public int? Retries { get; set; }

    /// <summary>True when the job writes checkpoints under <c>$ONEPOOL_CHECKPOINT_DIR</c> and can resume from them.</summary>
    public bool? Resumable { get; set; }

    /// <summary>Where the job may run.</summary>
    public ConstraintSpec? Constraints { get; set; }

    /// <summary>True when the job accepts being preempted at any time in exchange for the lower preemptible price:
    /// it may use idle accelerators anywhere, outside its tenant's quota, and is the first to make room. Default: false.</summary>
    public bool? Preemptible { get; set; }

    /// <summary>training, fine-tuning, inference or batch: picks the column of the relative-speed table used to
    /// compare accelerator models. Default: training when accelerators are asked for, else batch.</summary>
    public string? Workload { get; set; }

    /// <summary>This job's own relative speed per accelerator model (any unit, higher is faster), overriding the
    /// built-in table, e.g. <c>{H100: 3.1, A100-80G: 1.7}</c>.</summary>
    public IDictionary<string, double>? Throughput { get; set; }

    /// <summary>A dataset the job reads. Sites that do not hold it pay its transfer time in the placement choice.</summary>
    public DatasetSpec? Dataset { get; set; }

    /// <summary>Free-form labels for people and tools.</summary>
    [JsonConverter(typeof(ScalarMapConverter))]
    public IDictionary<string, string>? Labels { get; set; }
}

/// <summary>Per-replica resources.</summary>
public sealed class ResourceSpec
{
    /// <summary>Cores (<c>2</c>, <c>0.5</c>) or millicores (<c>500m</c>). Default: 1.</summary>
    [JsonConverter(typeof(ScalarAsStringConverter))]
    public string? Cpu { get; set; }

    /// <summary>Memory (<c>512Mi</c>, <c>16Gi</c>, <c>8GB</c>; a bare number is MiB). Default: 1Gi.</summary>
    [JsonConverter(typeof(ScalarAsStringConverter))]
    public string? Memory { get; set; }

    /// <summary>Accelerators as <c>MODEL:COUNT</c>, or a list of acceptable alternatives in order of preference.</summary>
    [JsonConverter(typeof(OneOrManyStringsConverter))]
    public IList<string>? Accelerators { get; set; }

    /// <summary>Named extended resources (<c>dpu: 1</c>, <c>npu: 2</c>) and their counts.</summary>
    public IDictionary<string, long>? Extended { get; set; }
}

/// <summary>A dataset a job needs.</summary>
public sealed class DatasetSpec
{
    /// <summary>Dataset name, as sites list the datasets they hold.</summary>
    public string? Name { get; set; }

    /// <summary>Size (<c>150Gi</c>, <c>2T</c>), used to estimate the transfer to a site that lacks it.</summary>
    [JsonConverter(typeof(ScalarAsStringConverter))]
    public string? Size { get; set; }
}

/// <summary>Placement constraints.</summary>
public sealed class ConstraintSpec
{
    /// <summary>Only these sites (any of them). Default: any site.</summary>
    [JsonConverter(typeof(OneOrManyStringsConverter))]
    public IList<string>? Sites { get; set; }

    /// <summary>Only nodes whose labels include all of these.</summary>
    [JsonConverter(typeof(ScalarMapConverter))]
    public IDictionary<string, string>? Labels { get; set; }
}
