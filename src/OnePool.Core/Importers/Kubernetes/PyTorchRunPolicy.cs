using System.Globalization;
using System.Text.Json.Nodes;

namespace OnePool.Core.Importers.Kubernetes;

/// <summary>A PyTorchJob's <c>runPolicy</c> and its roles' <c>restartPolicy</c>. Kubernetes restarts a failed pod in
/// place; OnePool fails the gang's attempt and retries the whole gang <c>retries</c> times, which
/// <c>runPolicy.backoffLimit</c> gives (capped at OnePool's 100).</summary>
internal static class PyTorchRunPolicy
{
    private const string Path = "spec.runPolicy";

    private static readonly Dictionary<string, string> Ignored = new(StringComparer.Ordinal)
    {
        ["cleanPodPolicy"] = "OnePool keeps no pods: every replica's processes end with it",
        ["ttlSecondsAfterFinished"] = "OnePool keeps ended jobs in its history",
        ["managedBy"] = "not used",
    };

    /// <summary>The retries, with notes for the restart policies and the run policy's other fields.</summary>
    public static int? Read(YamlImport import, JsonObject? spec, IReadOnlyList<PodRole> roles)
    {
        var policy = import.Map(Path, spec?["runPolicy"]);
        int? retries = null;
        if (import.Int($"{Path}.backoffLimit", policy?["backoffLimit"], 0, int.MaxValue) is { } limit)
        {
            retries = Math.Min(limit, 100);
            import.Note($"{Path}.backoffLimit", limit > 100 ? ImportNoteKind.Mapped : ImportNoteKind.Honoured,
                string.Create(CultureInfo.InvariantCulture, $"retries: {retries}{(limit > 100 ? " (OnePool's most)" : "")}"));
        }

        foreach (var role in roles.Where(r => r.RestartPolicy is not null))
        {
            var at = $"{role.Path}.restartPolicy";
            import.Note(at, role.RestartPolicy == "Never" ? ImportNoteKind.Honoured : ImportNoteKind.Mapped, role.RestartPolicy == "Never"
                ? "a failed replica fails the job"
                : retries is { } r
                    ? string.Create(CultureInfo.InvariantCulture, $"{role.RestartPolicy}: OnePool does not restart one pod; a failed replica fails the gang's attempt, which is retried {r} times (runPolicy.backoffLimit)")
                    : $"{role.RestartPolicy}: OnePool does not restart one pod; a failed replica fails the gang's attempt, which is not retried unless runPolicy.backoffLimit is given");
        }

        foreach (var (key, _) in policy ?? [])
        {
            var at = $"{Path}.{key}";
            if (Ignored.TryGetValue(key, out var why))
            {
                import.Note(at, ImportNoteKind.Ignored, why);
            }
            else if (key == "schedulingPolicy")
            {
                import.Note(at, ImportNoteKind.Mapped, "OnePool always starts the whole gang together and orders jobs by tenant and priority (queue and priority class are not used)");
            }
            else if (key is not ("backoffLimit" or "activeDeadlineSeconds"))
            {
                import.Note(at, ImportNoteKind.Unsupported, "is a run policy field with no OnePool equivalent; left out");
            }
        }

        return retries;
    }

    /// <summary><c>runPolicy.activeDeadlineSeconds</c> as <c>maxRuntime</c>.</summary>
    public static string? Deadline(YamlImport import, JsonObject? spec)
    {
        var at = $"{Path}.activeDeadlineSeconds";
        if ((spec?["runPolicy"] as JsonObject)?["activeDeadlineSeconds"] is not { } node || import.Int(at, node, 1, int.MaxValue) is not { } seconds)
        {
            return null;
        }

        import.Note(at, ImportNoteKind.Mapped, "maxRuntime: the limit of each attempt (Kubernetes counts it over the whole job)");
        return string.Create(CultureInfo.InvariantCulture, $"{seconds}s");
    }
}
