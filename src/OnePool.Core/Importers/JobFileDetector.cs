using System.Text.Json.Nodes;
using OnePool.Core.Yaml;

namespace OnePool.Core.Importers;

/// <summary>Tells which kind of job file a text is, so <c>submit</c>, <c>convert</c> and <c>validate</c> take any of
/// them (docs/importers.md, "Formats"):
/// <list type="number">
/// <item>a batch script by <see cref="BatchScriptDetector"/> (<c>.sbatch</c>/<c>.slurm</c>, <c>#!</c>, <c>#SBATCH</c>);</item>
/// <item>a Kubernetes object by <c>apiVersion</c> and <c>kind</c>: <c>kubeflow.org/*</c> <c>PyTorchJob</c>,
/// <c>batch.volcano.sh/*</c> <c>Job</c>, anything else <see cref="JobFileFormat.OtherKubernetes"/>;</item>
/// <item>a SkyPilot task when it has a field only SkyPilot has: <c>num_nodes</c>, <c>setup</c>, <c>envs</c>,
/// <c>secrets</c>, <c>file_mounts</c>, <c>service</c>, <c>volumes</c>, <c>config</c>, or under <c>resources</c>
/// <c>cpus</c>, <c>use_spot</c>, <c>any_of</c>, <c>ordered</c>, a cloud field, or accelerators as a mapping;</item>
/// <item>anything else a OnePool spec. A task using only fields both share (<c>name</c>, <c>run</c>,
/// <c>resources.accelerators</c> as text or list, <c>resources.memory</c>) reads the same either way, except model
/// names, which a OnePool spec takes as written.</item>
/// </list>
/// Text that is not valid YAML is told by its top-level lines, so the right importer reports where it breaks.</summary>
public static class JobFileDetector
{
    private static readonly HashSet<string> SkyPilotOnly = new(StringComparer.Ordinal)
    {
        "num_nodes", "setup", "envs", "secrets", "file_mounts", "service", "volumes", "config", "event_callback",
    };

    private static readonly HashSet<string> SkyPilotResources = new(StringComparer.Ordinal)
    {
        "cpus", "use_spot", "any_of", "ordered", "spot_recovery", "job_recovery", "cloud", "infra", "region", "zone", "instance_type",
        "image_id", "disk_size", "disk_tier", "ports", "accelerator_args",
    };

    /// <summary>The format of <paramref name="text"/>.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="fileName">Its name or path, if known (null for stdin).</param>
    public static JobFileFormat Detect(string text, string? fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (BatchScriptDetector.IsBatchScript(text, fileName))
        {
            return JobFileFormat.Sbatch;
        }

        var (document, _) = LocatedYaml.Parse(text);
        return document?.Root is JsonObject root ? FromFields(root) : FromLines(text);
    }

    private static JobFileFormat FromFields(JsonObject root)
    {
        if (root.ContainsKey("apiVersion") || root.ContainsKey("kind"))
        {
            var api = (root["apiVersion"] as JsonValue)?.ToString() ?? "";
            var kind = (root["kind"] as JsonValue)?.ToString() ?? "";
            return Kubernetes(api, kind);
        }

        var resources = root["resources"] as JsonObject;
        var skyPilot = root.Any(f => SkyPilotOnly.Contains(f.Key))
            || (resources?.Any(f => SkyPilotResources.Contains(f.Key)) ?? false)
            || resources?["accelerators"] is JsonObject;
        return skyPilot ? JobFileFormat.SkyPilot : JobFileFormat.OnePool;
    }

    private static JobFileFormat FromLines(string text)
    {
        string? api = null;
        string? kind = null;
        foreach (var line in text.Split('\n').Take(10_000))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || char.IsWhiteSpace(line[0]))
            {
                continue;
            }

            var key = line[..colon].Trim().Trim('"', '\'');
            var value = line[(colon + 1)..].Split('#')[0].Trim().Trim('"', '\'');
            if (SkyPilotOnly.Contains(key))
            {
                return JobFileFormat.SkyPilot;
            }

            (api, kind) = key switch { "apiVersion" => (value, kind), "kind" => (api, value), _ => (api, kind) };
        }

        return api is null && kind is null ? JobFileFormat.OnePool : Kubernetes(api ?? "", kind ?? "");
    }

    private static JobFileFormat Kubernetes(string api, string kind) => (api.Split('/')[0], kind) switch
    {
        ("kubeflow.org", "PyTorchJob") => JobFileFormat.PyTorchJob,
        ("batch.volcano.sh", "Job") => JobFileFormat.VolcanoJob,
        _ => JobFileFormat.OtherKubernetes,
    };
}
