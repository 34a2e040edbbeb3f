using OnePool.Core.Specs;

namespace OnePool.Core.Importers.SkyPilot;

/// <summary>Imports a SkyPilot task YAML as a OnePool job: <c>num_nodes</c> becomes the gang's replicas,
/// <c>resources</c> the per-replica resources (<see cref="SkyPilotResources"/>), <c>envs</c> the environment, and
/// <c>setup</c> + <c>run</c> one replica script (<see cref="SkyPilotScript"/>). Every field gets a note; cloud-only
/// ones are ignored, unknown ones reported. Pure, never throws on any text (docs/importers.md).</summary>
public static class SkyPilotImporter
{
    private static readonly HashSet<string> Known = new(SkyPilotFields.IgnoredTopLevel.Keys.Concat(
    [
        "name", "workdir", "num_nodes", "resources", "envs", "secrets", "file_mounts", "setup", "run", "volumes", "inputs", "outputs",
    ]), StringComparer.Ordinal);

    /// <summary>Imports <paramref name="text"/>.</summary>
    public static ImportResult Import(string text, ImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= new ImportOptions();
        var (import, failure) = YamlImport.Open(text, "SkyPilot task");
        if (import is null)
        {
            return failure!;
        }

        var root = import.Root;
        var spec = new JobSpec { Name = SkyPilotTask.Name(import, options.FileName) };
        spec.Replicas = import.Int("num_nodes", root["num_nodes"], 1, JobSpecValidator.MaxReplicas);
        if (spec.Replicas is { } nodes)
        {
            import.Note("num_nodes", ImportNoteKind.Honoured, $"replicas: {nodes}, a gang: all start together or none does");
        }

        var resources = new SkyPilotResources(import);
        resources.Read(import.Map("resources", root["resources"]));
        if (resources.Cpu is not null || resources.Memory is not null || resources.Accelerators is { Count: > 0 })
        {
            spec.Resources = new ResourceSpec
            {
                Cpu = resources.Cpu, Memory = resources.Memory, Accelerators = resources.Accelerators is { Count: > 0 } a ? a : null,
            };
        }

        spec.Preemptible = resources.Preemptible ? true : null;
        spec.Retries = resources.Retries;
        spec.Env = SkyPilotTask.Env(import, options.Env);
        SkyPilotTask.Mounts(import);
        foreach (var (key, why) in SkyPilotFields.IgnoredTopLevel)
        {
            if (root.ContainsKey(key))
            {
                import.Note(key, ImportNoteKind.Ignored, why);
            }
        }

        import.Unknown(root, "", Known, "SkyPilot task");
        spec.Run = SkyPilotTask.Script(import, spec.Replicas ?? 1);
        return import.Finish(spec);
    }
}
