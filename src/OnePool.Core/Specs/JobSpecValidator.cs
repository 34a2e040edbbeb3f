using System.Text.RegularExpressions;
using OnePool.Core.Resources;

namespace OnePool.Core.Specs;

/// <summary>Checks a <see cref="JobSpec"/> field by field and normalises it. Pure; every limit is stated here.</summary>
public static partial class JobSpecValidator
{
    /// <summary>Largest gang.</summary>
    public const int MaxReplicas = 1024;

    /// <summary>Longest script or joined command line, in characters.</summary>
    public const int MaxCommandLength = 256 * 1024;

    private const int MaxEnvEntries = 256;
    private const int MaxValueLength = 32 * 1024;

    /// <summary>Validates <paramref name="spec"/>. Returns the requirements, or every error found (never both).</summary>
    public static (JobRequirements? Requirements, IReadOnlyList<SpecError> Errors) Validate(JobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var errors = new List<SpecError>();
        void Fail(string field, string message) => errors.Add(new SpecError(field, message));

        if (spec.Name is { } name && !IsJobName(name))
        {
            Fail("name", "must be 1 to 100 characters of letters, digits, '-', '_' or '.'");
        }

        if (spec.Tenant is { } tenant && !ModelName.IsValid(tenant))
        {
            Fail("tenant", $"'{tenant}' is not a valid tenant name");
        }

        if (spec.Priority is < -1000 or > 1000)
        {
            Fail("priority", "must be between -1000 and 1000");
        }

        if (spec.Replicas is < 1 or > MaxReplicas)
        {
            Fail("replicas", $"must be between 1 and {MaxReplicas}");
        }

        if (spec.Retries is < 0 or > 100)
        {
            Fail("retries", "must be between 0 and 100");
        }

        CheckCommand(spec, Fail);
        CheckEnv(spec.Env, "env", Fail, requireEnvNames: true);
        CheckEnv(spec.Labels, "labels", Fail, requireEnvNames: false);
        if (spec.Workdir is { } workdir && (workdir.Length == 0 || workdir.Length > 4096 || workdir.Contains('\0', StringComparison.Ordinal)))
        {
            Fail("workdir", "must be a path of 1 to 4096 characters");
        }

        if (spec.MaxRuntime is { } maxRuntime && !DurationText.TryParse(maxRuntime, out _, out var durationError))
        {
            Fail("maxRuntime", durationError);
        }

        var (cpu, memory, accelerators, extended) = CheckResources(spec.Resources, Fail);
        var sites = CheckConstraints(spec.Constraints, Fail);
        var workload = CheckWorkload(spec.Workload, accelerators.Count > 0, Fail);
        var throughput = CheckThroughput(spec.Throughput, Fail);
        var dataset = CheckDataset(spec.Dataset, Fail);

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new JobRequirements(
            spec.Replicas ?? 1, cpu, memory, accelerators, extended, sites,
            spec.Constraints?.Labels is { } labels ? new Dictionary<string, string>(labels, StringComparer.Ordinal) : new Dictionary<string, string>())
        {
            Workload = workload,
            Preemptible = spec.Preemptible ?? false,
            Resumable = spec.Resumable ?? false,
            MaxRuntime = MaxRuntimeOf(spec),
            Throughput = throughput,
            Dataset = dataset,
        }, errors);
    }

    /// <summary>The maximum runtime of a valid spec, if it sets one.</summary>
    public static TimeSpan? MaxRuntimeOf(JobSpec spec) =>
        spec?.MaxRuntime is { } text && DurationText.TryParse(text, out var d, out _) ? d : null;

    private static void CheckCommand(JobSpec spec, Action<string, string> fail)
    {
        var hasCommand = spec.Command is { Count: > 0 };
        var hasRun = !string.IsNullOrWhiteSpace(spec.Run);
        if (hasCommand == hasRun)
        {
            fail(hasCommand ? "run" : "command", hasCommand
                ? "give either command (a program and its arguments) or run (a script), not both"
                : "is required: give command (a program and its arguments) or run (a bash script)");
            return;
        }

        if (hasCommand && (spec.Command!.Any(a => a is null || a.Contains('\0', StringComparison.Ordinal)) || spec.Command!.Sum(a => a?.Length ?? 0) > MaxCommandLength || string.IsNullOrWhiteSpace(spec.Command![0])))
        {
            fail("command", $"must be a non-empty program name followed by arguments, without NUL characters, at most {MaxCommandLength} characters in all");
        }

        if (hasRun && (spec.Run!.Length > MaxCommandLength || spec.Run.Contains('\0', StringComparison.Ordinal)))
        {
            fail("run", $"must be at most {MaxCommandLength} characters without NUL characters");
        }
    }

    private static void CheckEnv(IDictionary<string, string>? map, string field, Action<string, string> fail, bool requireEnvNames)
    {
        if (map is null)
        {
            return;
        }

        if (map.Count > MaxEnvEntries)
        {
            fail(field, $"has more than {MaxEnvEntries} entries");
            return;
        }

        foreach (var (key, value) in map)
        {
            var keyOk = requireEnvNames ? EnvName().IsMatch(key) : key.Length is > 0 and <= 253 && !key.Contains('\0', StringComparison.Ordinal);
            if (!keyOk)
            {
                fail($"{field}.{key}", requireEnvNames ? "is not a valid environment variable name (letters, digits, '_'; not starting with a digit)" : "is not a valid label name");
            }
            else if (value is null || value.Length > MaxValueLength || value.Contains('\0', StringComparison.Ordinal))
            {
                fail($"{field}.{key}", $"must be a string of at most {MaxValueLength} characters without NUL characters");
            }
            else if (requireEnvNames && key.StartsWith("ONEPOOL_", StringComparison.Ordinal))
            {
                fail($"{field}.{key}", "names starting with ONEPOOL_ are set by OnePool itself");
            }
        }
    }

    private static (int Cpu, long Memory, IReadOnlyList<AcceleratorRequest> Accelerators, IReadOnlyDictionary<string, long> Extended) CheckResources(
        ResourceSpec? resources, Action<string, string> fail)
    {
        var cpu = 1000;
        if (resources?.Cpu is { } cpuText && (!Quantity.TryParseCpuMillis(cpuText, out cpu, out var cpuError) || cpu <= 0))
        {
            fail("resources.cpu", cpu <= 0 && cpuError.Length == 0 ? "must be more than 0" : cpuError);
        }

        long memory = 1024;
        if (resources?.Memory is { } memText && (!Quantity.TryParseMemoryMiB(memText, out memory, out var memError) || memory <= 0))
        {
            fail("resources.memory", memory <= 0 && memError.Length == 0 ? "must be more than 0" : memError);
        }

        var accelerators = new List<AcceleratorRequest>();
        if (resources?.Accelerators is { } list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                var field = list.Count == 1 ? "resources.accelerators" : $"resources.accelerators[{i}]";
                if (!AcceleratorRequest.TryParse(list[i], out var request, out var error))
                {
                    fail(field, error);
                }
                else if (accelerators.Any(a => string.Equals(a.Model, request.Model, StringComparison.OrdinalIgnoreCase)))
                {
                    fail(field, $"lists {request.Model} twice");
                }
                else
                {
                    accelerators.Add(request);
                }
            }
        }

        var extended = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in resources?.Extended ?? new Dictionary<string, long>())
        {
            if (!ModelName.IsValid(key))
            {
                fail($"resources.extended.{key}", "is not a valid resource name");
            }
            else if (value is < 1 or > 1_000_000)
            {
                fail($"resources.extended.{key}", "must be between 1 and 1000000");
            }
            else
            {
                extended[key] = value;
            }
        }

        return (cpu, memory, accelerators, extended);
    }

    private static List<string> CheckConstraints(ConstraintSpec? constraints, Action<string, string> fail)
    {
        var sites = constraints?.Sites ?? [];
        foreach (var site in sites)
        {
            if (!ModelName.IsValid(site))
            {
                fail("constraints.sites", $"'{site}' is not a valid site name");
            }
        }

        return sites.ToList();
    }

    private static WorkloadClass CheckWorkload(string? workload, bool hasAccelerators, Action<string, string> fail)
    {
        switch (workload)
        {
            case null:
                return hasAccelerators ? WorkloadClass.Training : WorkloadClass.Batch;
            case "training":
                return WorkloadClass.Training;
            case "fine-tuning":
                return WorkloadClass.FineTuning;
            case "inference":
                return WorkloadClass.Inference;
            case "batch":
                return WorkloadClass.Batch;
            default:
                fail("workload", $"'{workload}' is not a workload class (training, fine-tuning, inference, batch)");
                return WorkloadClass.Batch;
        }
    }

    private static Dictionary<string, double> CheckThroughput(IDictionary<string, double>? throughput, Action<string, string> fail)
    {
        var result = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var (model, speed) in throughput ?? new Dictionary<string, double>())
        {
            if (!ModelName.IsValid(model))
            {
                fail($"throughput.{model}", "is not a valid accelerator model name");
            }
            else if (!double.IsFinite(speed) || speed <= 0 || speed > 1_000_000)
            {
                fail($"throughput.{model}", "must be a relative speed above 0");
            }
            else
            {
                result[model] = speed;
            }
        }

        return result;
    }

    private static DatasetNeed? CheckDataset(DatasetSpec? dataset, Action<string, string> fail)
    {
        if (dataset is null)
        {
            return null;
        }

        if (!ModelName.IsValid(dataset.Name))
        {
            fail("dataset.name", $"'{dataset.Name}' is not a valid dataset name");
            return null;
        }

        long size = 0;
        if (dataset.Size is { } text && !Quantity.TryParseMemoryMiB(text, out size, out var error))
        {
            fail("dataset.size", error);
            return null;
        }

        return new DatasetNeed(dataset.Name!, size);
    }

    private static bool IsJobName(string name) => name.Length is > 0 and <= 100 && JobName().IsMatch(name);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvName();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")]
    private static partial Regex JobName();
}
