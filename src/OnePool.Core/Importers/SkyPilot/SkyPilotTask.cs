using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OnePool.Core.Importers.SkyPilot;

/// <summary>The parts of a SkyPilot task that are not resources: its name, environment, the data it mounts and its
/// script.</summary>
internal static partial class SkyPilotTask
{
    private static readonly string[] EnvFields = ["envs", "secrets"];
    private static readonly string[] OptimizerHints = ["inputs", "outputs"];

    public static string? Name(YamlImport import, string? fileName)
    {
        var written = import.Text("name", import.Root["name"]);
        var name = JobName.Safe(written ?? JobName.FromFile(fileName) ?? "");
        if (written is null)
        {
            if (name.Length > 0)
            {
                import.Note("name", ImportNoteKind.Mapped, $"not given: the job is named after the file: {name}");
            }
        }
        else if (name == written)
        {
            import.Note("name", ImportNoteKind.Honoured, $"name {name}");
        }
        else
        {
            import.Note("name", ImportNoteKind.Mapped, name.Length == 0
                ? $"'{YamlImport.Short(written)}' has no letter or digit OnePool can use; the job is named 'job'"
                : $"name {name} (OnePool names are letters, digits, '-', '_' and '.')");
        }

        return name.Length > 0 ? name : null;
    }

    /// <summary><c>envs</c> and <c>secrets</c>; a name without a value takes the one given with <c>--env</c>, else it
    /// is an error naming it (as <c>sky launch</c> refuses it).</summary>
    public static SortedDictionary<string, string>? Env(YamlImport import, IReadOnlyDictionary<string, string>? supplied)
    {
        var env = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in EnvFields)
        {
            if (import.Map(field, import.Root[field]) is not { } map)
            {
                continue;
            }

            foreach (var (name, node) in map)
            {
                var path = YamlImport.Join(field, name);
                var value = import.Text(path, node);
                if (!EnvName().IsMatch(name))
                {
                    import.Error(path, "is not a valid environment variable name (letters, digits, '_'; not starting with a digit)");
                }
                else if (supplied?.GetValueOrDefault(name) is { } given)
                {
                    env[name] = given;
                    import.Note(path, ImportNoteKind.Honoured, "its value is the one given with --env");
                }
                else if (value is null)
                {
                    import.Error(path, $"has no value: give one with --env {name}=VALUE (as sky launch --env {name})");
                }
                else
                {
                    env[name] = value;
                }
            }

            if (field == "envs" && env.Count > 0)
            {
                import.Note(field, ImportNoteKind.Honoured, $"env: {string.Join(", ", env.Keys)}");
            }

            if (field == "secrets" && map.Count > 0)
            {
                import.Note(field, ImportNoteKind.Mapped, "passed as ordinary environment variables: OnePool has no secret store, so whoever can read the job can read them");
            }
        }

        return env.Count > 0 ? env : null;
    }

    /// <summary>One note per file mount, and for <c>workdir</c> and <c>volumes</c>: OnePool moves no data, so each is
    /// data the job needs on its nodes.</summary>
    public static void Mounts(YamlImport import)
    {
        var root = import.Root;
        if (import.Text("workdir", root["workdir"]) is { } workdir)
        {
            import.Note("workdir", ImportNoteKind.Unsupported,
                $"'{YamlImport.Short(workdir)}' is a local folder SkyPilot uploads to every node; OnePool copies nothing, so the job starts in a fresh folder: put the files on the nodes (or a shared file system) and cd there in run");
        }

        foreach (var (target, source) in import.Map("file_mounts", root["file_mounts"]) ?? [])
        {
            import.Note(YamlImport.Join("file_mounts", target), ImportNoteKind.Unsupported,
                $"{Describe(source)} at {target}: OnePool mounts and copies nothing, so the job needs this data on its nodes already");
        }

        if (root.ContainsKey("volumes"))
        {
            import.Note("volumes", ImportNoteKind.Unsupported, "OnePool attaches no volumes: the job needs this data on its nodes already");
        }

        foreach (var key in OptimizerHints.Where(root.ContainsKey))
        {
            import.Note(key, ImportNoteKind.Ignored, "an old SkyPilot hint about data size for the optimizer; not used");
        }
    }

    /// <summary>The replica script, with notes for the SkyPilot variables it reads that OnePool cannot give.</summary>
    public static string? Script(YamlImport import, int replicas)
    {
        var setup = import.Text("setup", import.Root["setup"]);
        var run = import.Text("run", import.Root["run"]);
        if (string.IsNullOrWhiteSpace(run))
        {
            import.Error("run", "is missing: without it SkyPilot only sets up the machines, and a OnePool job needs commands to run");
            return null;
        }

        var used = SkyPilotScript.VariablesUsed((setup ?? "") + "\n" + run);
        var missing = used.Where(v => !SkyPilotScript.Provided.Contains(v)).ToList();
        if (missing.Count > 0)
        {
            import.Note("run", ImportNoteKind.Unsupported, $"reads {string.Join(", ", missing)}, which OnePool does not set");
        }

        if (replicas > 1 && used.Contains("SKYPILOT_NODE_IPS"))
        {
            import.Note("run", ImportNoteKind.Mapped,
                "reads SKYPILOT_NODE_IPS: it lists the gang's hosts by node name (from ONEPOOL_REPLICA_HOSTS, or the Slurm job's node list), not by IP address; the names must resolve from the other nodes");
        }

        import.Note("run", ImportNoteKind.Mapped, (setup is null ? "run" : "setup, then run,")
            + " on every replica, after a preamble that sets SKYPILOT_NODE_RANK, SKYPILOT_NUM_NODES, SKYPILOT_NUM_GPUS_PER_NODE, SKYPILOT_NODE_IPS and SKYPILOT_TASK_ID from OnePool's variables");
        return SkyPilotScript.Build(setup, run);
    }

    private static string Describe(JsonNode? source) => source switch
    {
        JsonObject bucket => (bucket["source"] ?? bucket["name"]) is JsonValue name && name.ToString().Length > 0
            ? $"bucket {name}{Mode(bucket)}"
            : $"a bucket whose name is not filled in{Mode(bucket)}",
        JsonValue path => $"{path}",
        _ => "a mount",
    };

    private static string Mode(JsonObject bucket) => bucket["mode"] is JsonValue mode ? $" ({mode})" : "";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvName();
}
