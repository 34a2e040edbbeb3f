using System.Globalization;
using System.Text.Json.Nodes;

namespace OnePool.Core.Importers.Kubernetes;

/// <summary>A Volcano Job's <c>policies</c> (event → action) and <c>plugins</c>, and its scheduling fields, each
/// with a note saying what OnePool does instead.</summary>
internal static class VolcanoPolicies
{
    private static readonly string[] SchedulingFields = ["queue", "schedulerName", "priorityClassName"];

    public static void Read(YamlImport import, JsonObject? spec)
    {
        foreach (var key in SchedulingFields.Where(k => spec?.ContainsKey(k) == true))
        {
            import.Note($"spec.{key}", ImportNoteKind.Ignored, "OnePool schedules the job itself, by tenant and priority");
        }

        if (spec?.ContainsKey("ttlSecondsAfterFinished") == true)
        {
            import.Note("spec.ttlSecondsAfterFinished", ImportNoteKind.Ignored, "OnePool keeps ended jobs in its history");
        }

        if (spec?.ContainsKey("volumes") == true)
        {
            import.Note("spec.volumes", ImportNoteKind.Unsupported, "OnePool attaches no volumes: the job needs this data on its nodes already");
        }

        var policies = import.List("spec.policies", spec?["policies"]);
        for (var i = 0; i < (policies?.Count ?? 0); i++)
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"spec.policies[{i}]");
            if (import.Map(at, policies![i]) is not { } policy)
            {
                continue;
            }

            var trigger = import.Text($"{at}.event", policy["event"]) ?? import.Text($"{at}.exitCode", policy["exitCode"]) ?? "?";
            var action = import.Text($"{at}.action", policy["action"]) ?? "?";
            var (kind, message) = (trigger, action) switch
            {
                ("PodEvicted", "RestartJob") => (ImportNoteKind.Mapped, "OnePool requeues the whole gang by itself when a replica is preempted or loses its node"),
                ("PodFailed", "RestartJob") => (ImportNoteKind.Mapped, "a failed replica fails the gang's attempt, which OnePool retries (maxRetry)"),
                ("PodFailed" or "PodEvicted", "AbortJob" or "TerminateJob") => (ImportNoteKind.Mapped, "a failed replica stops the whole gang, as OnePool always does"),
                _ => (ImportNoteKind.Unsupported, $"{trigger} → {action} has no OnePool equivalent: a gang ends when every replica has ended, and fails when one fails"),
            };
            import.Note(at, kind, message);
        }
    }

    /// <summary>Notes for each plugin; says whether the svc and env plugins' variables are to be set.</summary>
    public static (bool Svc, bool Env) Plugins(YamlImport import, JsonObject? spec)
    {
        var svc = false;
        var env = false;
        foreach (var (plugin, _) in import.Map("spec.plugins", spec?["plugins"]) ?? [])
        {
            var at = $"spec.plugins.{plugin}";
            switch (plugin)
            {
                case "env":
                    env = true;
                    import.Note(at, ImportNoteKind.Honoured, "VK_TASK_INDEX and VC_TASK_INDEX are set from ONEPOOL_REPLICA_INDEX");
                    break;
                case "svc":
                    svc = true;
                    import.Note(at, ImportNoteKind.Mapped, "VC_<TASK>_HOSTS and VC_<TASK>_NUM are set (the hosts only on Slurm sites); there are no per-pod DNS names or /etc/volcano files");
                    break;
                case "ssh":
                    import.Note(at, ImportNoteKind.Unsupported, "OnePool sets up no SSH keys between replicas: mpirun over ssh needs them on the nodes already");
                    break;
                default:
                    import.Note(at, ImportNoteKind.Unsupported, "is a Volcano plugin with no OnePool equivalent; left out");
                    break;
            }
        }

        return (svc, env);
    }
}
