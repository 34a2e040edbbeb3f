using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using OnePool.Core.Specs;

namespace OnePool.Core.Importers.Kubernetes;

/// <summary>Imports a Volcano <c>Job</c> (<c>batch.volcano.sh/v1alpha1</c>) as one OnePool gang: its tasks in order
/// (replica 0 is the first task's first pod), each running its pod's command; <c>minAvailable</c> is OnePool's
/// all-or-nothing gang, <c>maxRetry</c> its retries; the <c>env</c> and <c>svc</c> plugins' variables
/// (<c>VK_TASK_INDEX</c>, <c>VC_TASK_INDEX</c>, <c>VC_&lt;TASK&gt;_HOSTS</c>, <c>VC_&lt;TASK&gt;_NUM</c>) are set from
/// OnePool's. Pure, never throws on any text (docs/importers.md).</summary>
public static class VolcanoJobImporter
{
    private static readonly HashSet<string> SpecFields = new(StringComparer.Ordinal)
    {
        "minAvailable", "tasks", "maxRetry", "queue", "schedulerName", "policies", "plugins", "volumes", "priorityClassName", "ttlSecondsAfterFinished",
    };

    private static readonly string[] PerTaskFields = ["minAvailable", "policies", "maxRetry"];

    private static readonly HashSet<string> TaskFields = new(StringComparer.Ordinal) { "name", "replicas", "template", "minAvailable", "policies", "maxRetry" };

    /// <summary>Imports <paramref name="text"/>.</summary>
    public static ImportResult Import(string text, ImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (import, failure) = YamlImport.Open(text, "Volcano Job");
        if (import is null)
        {
            return failure!;
        }

        var name = KubernetesManifest.Header(import, options?.FileName);
        var spec = import.Map("spec", import.Root["spec"]);
        var (roles, declared) = Tasks(import, spec);
        Gang(import, spec, declared);
        int? retries = null;
        if (import.Int("spec.maxRetry", spec?["maxRetry"], 0, 100) is { } maxRetry)
        {
            retries = maxRetry;
            import.Note("spec.maxRetry", ImportNoteKind.Honoured, string.Create(CultureInfo.InvariantCulture, $"retries: {maxRetry}"));
        }

        VolcanoPolicies.Read(import, spec);
        var (svc, env) = VolcanoPolicies.Plugins(import, spec);
        if (spec is not null)
        {
            import.Unknown(spec, "spec", SpecFields, "Volcano Job spec");
        }

        if (import.Failed || roles.Count == 0)
        {
            if (!import.Failed)
            {
                import.Error("spec.tasks", "has no pods to run");
            }

            return import.Finish(new JobSpec());
        }

        var preamble = new StringBuilder();
        if (svc)
        {
            preamble.Append(GangScript.Hosts("VC_<TASK>_HOSTS"));
            var start = 0;
            foreach (var role in roles)
            {
                var variable = role.Name.ToUpperInvariant().Replace('-', '_');
                preamble.Append(CultureInfo.InvariantCulture,
                    $"export VC_{variable}_HOSTS=\"$(printf '%s\\n' \"$_onepool_hosts\" | sed -n '{start + 1},{start + role.Replicas}p' | paste -sd, -)\" VC_{variable}_NUM={role.Replicas}\n");
                start += role.Replicas;
            }
        }

        foreach (var role in roles.Where(r => r.Script.Contains("/etc/volcano/", StringComparison.Ordinal)))
        {
            import.Note($"{role.Path}.template.spec.containers[0].command", ImportNoteKind.Unsupported,
                "reads /etc/volcano/ files, which OnePool does not write; VC_<TASK>_HOSTS holds the same hosts, comma-separated");
        }

        var job = KubernetesGang.Build(import, roles, preamble.ToString(), (role, start) => env
            ? string.Create(CultureInfo.InvariantCulture, $"export VK_TASK_INDEX=$(( _onepool_index - {start} )) VC_TASK_INDEX=$(( _onepool_index - {start} ))\n")
            : "") ?? new JobSpec();
        job.Name = name;
        job.Retries = retries;
        return import.Finish(job);
    }

    /// <summary>The tasks that could be read, and how many pods all tasks declare (read or not).</summary>
    private static (List<PodRole> Roles, int Declared) Tasks(YamlImport import, JsonObject? spec)
    {
        var roles = new List<PodRole>();
        var declared = 0;
        var tasks = import.List("spec.tasks", spec?["tasks"]);
        if (spec is not null && tasks is not { Count: > 0 })
        {
            import.Error("spec.tasks", "is missing: the job has no pods");
        }

        for (var i = 0; i < (tasks?.Count ?? 0); i++)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"spec.tasks[{i}]");
            if (import.Map(path, tasks![i]) is not { } task)
            {
                continue;
            }

            var name = import.Text($"{path}.name", task["name"]) ?? string.Create(CultureInfo.InvariantCulture, $"task{i}");
            var replicas = import.Int($"{path}.replicas", task["replicas"], 0, JobSpecValidator.MaxReplicas) ?? 1;
            foreach (var key in PerTaskFields.Where(task.ContainsKey))
            {
                import.Note($"{path}.{key}", ImportNoteKind.Unsupported, $"per-task {key} has no OnePool equivalent: the job's own counts for every replica");
            }

            import.Unknown(task, path, TaskFields, "Volcano task");
            declared += replicas;
            if (replicas > 0 && PodTemplate.Read(import, path, task, name, replicas, null) is { } role)
            {
                roles.Add(role);
                if (role.RestartPolicy is { } restart)
                {
                    import.Note($"{path}.template.spec.restartPolicy", restart == "Never" ? ImportNoteKind.Honoured : ImportNoteKind.Mapped, restart == "Never"
                        ? "a failed replica fails the gang's attempt"
                        : $"{restart}: OnePool does not restart one pod; a failed replica fails the gang's attempt, which is retried maxRetry times");
                }
            }
        }

        return (roles, declared);
    }

    private static void Gang(YamlImport import, JsonObject? spec, int total)
    {
        if (import.Int("spec.minAvailable", spec?["minAvailable"], 0, int.MaxValue) is not { } min)
        {
            return;
        }

        if (min > total)
        {
            import.Error("spec.minAvailable", string.Create(CultureInfo.InvariantCulture, $"is {min}, more than the job's {total} pods (Volcano would never start it)"));
        }
        else
        {
            import.Note("spec.minAvailable", min == total ? ImportNoteKind.Honoured : ImportNoteKind.Mapped, min == total
                ? string.Create(CultureInfo.InvariantCulture, $"a gang of {total}: all start together or none does")
                : string.Create(CultureInfo.InvariantCulture, $"Volcano may start with {min} of the {total} pods; OnePool starts all {total} together or none"));
        }
    }
}
