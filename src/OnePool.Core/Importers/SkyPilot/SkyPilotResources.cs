using System.Globalization;
using System.Text.Json.Nodes;

namespace OnePool.Core.Importers.SkyPilot;

/// <summary>Reads a SkyPilot task's <c>resources</c>: accelerators, <c>cpus</c> and <c>memory</c> (<c>4+</c> is at
/// least 4; memory in GB), <c>use_spot</c> (OnePool's preemptible tier), recovery, and the <c>any_of</c> /
/// <c>ordered</c> lists of alternatives, which are merged over the top-level values. Cloud-only fields get an
/// ignored note each (<see cref="SkyPilotFields.CloudOnly"/>). One instance per import.</summary>
internal sealed class SkyPilotResources(YamlImport import)
{
    private static readonly HashSet<string> Known = new(SkyPilotFields.CloudOnly.Keys.Concat(
        ["accelerators", "cpus", "memory", "use_spot", "any_of", "ordered", "spot_recovery", "job_recovery"]), StringComparer.Ordinal);

    private static readonly string[] PerAlternativeUnsupported = ["cpus", "memory", "job_recovery", "spot_recovery"];
    private static readonly string[] Nested = ["any_of", "ordered"];

    /// <summary>Cores per replica, if asked for.</summary>
    public string? Cpu { get; private set; }

    /// <summary>Memory per replica, if asked for.</summary>
    public string? Memory { get; private set; }

    /// <summary>Accelerator alternatives per replica, best first; null when none.</summary>
    public IList<string>? Accelerators { get; private set; }

    /// <summary>True when every alternative runs on spot instances.</summary>
    public bool Preemptible { get; private set; }

    /// <summary>Retries of a failed attempt (<c>job_recovery.max_restarts_on_errors</c>), if given.</summary>
    public int? Retries { get; private set; }

    public void Read(JsonObject? resources)
    {
        const string path = "resources";
        if (resources is null)
        {
            return;
        }

        Accelerators = SkyPilotAccelerators.Read(import, "resources.accelerators", resources["accelerators"]);
        Cpu = Amount("resources.cpus", resources["cpus"], "cores", "", 1_000_000);
        Memory = Amount("resources.memory", resources["memory"], "GB of memory", "Gi", 1_000_000);
        var spot = import.Bool("resources.use_spot", resources["use_spot"]) ?? false;
        Preemptible = spot;
        if (spot)
        {
            import.Note("resources.use_spot", ImportNoteKind.Mapped, "spot instances: the job is preemptible (OnePool's cheaper tier: idle accelerators outside quota, preempted first)");
        }

        Recovery(resources);
        CloudOnly(resources, path);
        import.Unknown(resources, path, Known, "SkyPilot resources");
        var anyOf = import.List("resources.any_of", resources["any_of"]);
        var ordered = import.List("resources.ordered", resources["ordered"]);
        if (anyOf is not null && ordered is not null)
        {
            import.Error("resources.ordered", "cannot be given with any_of (SkyPilot refuses both)");
        }
        else if ((anyOf ?? ordered) is { } alternatives)
        {
            Alternatives(alternatives, anyOf is not null ? "resources.any_of" : "resources.ordered", spot);
        }
    }

    private void Alternatives(JsonArray list, string path, bool topSpot)
    {
        var accelerators = new List<string>();
        var spots = new HashSet<bool>();
        for (var i = 0; i < list.Count; i++)
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]");
            if (import.Map(at, list[i]) is not { } entry)
            {
                continue;
            }

            var own = SkyPilotAccelerators.Read(import, YamlImport.Join(at, "accelerators"), entry["accelerators"]) ?? Accelerators ?? [];
            accelerators.AddRange(own.Where(a => !accelerators.Any(b => SameModel(a, b))));
            spots.Add(import.Bool(YamlImport.Join(at, "use_spot"), entry["use_spot"]) ?? topSpot);
            foreach (var key in PerAlternativeUnsupported.Where(entry.ContainsKey))
            {
                import.Note(YamlImport.Join(at, key), ImportNoteKind.Unsupported, "differs per alternative, which OnePool cannot express; the top-level value counts");
            }

            foreach (var key in Nested.Where(entry.ContainsKey))
            {
                import.Error(YamlImport.Join(at, key), "cannot be nested in another list of alternatives");
            }

            CloudOnly(entry, at);
            import.Unknown(entry, at, Known, "SkyPilot resources");
        }

        Accelerators = accelerators.Count > 0 ? accelerators : Accelerators;
        var what = path.EndsWith("any_of", StringComparison.Ordinal)
            ? "alternatives SkyPilot picks the cheapest of"
            : "alternatives SkyPilot tries in order";
        import.Note(path, ImportNoteKind.Mapped, accelerators.Count > 1
            ? $"{what}: their accelerators become OnePool's list ({string.Join(", ", accelerators)}), the rest of each is merged over the top-level resources"
            : $"{what}: merged over the top-level resources; what differs between them is only cloud placement, which OnePool chooses itself");
        Preemptible = spots.Count == 1 && spots.Single();
        if (spots.Count > 1)
        {
            import.Note(path, ImportNoteKind.Mapped, "spot or on-demand: OnePool cannot fall back from one tier to the other, so the job is not preemptible (it runs within its tenant's quota)");
        }
    }

    private void Recovery(JsonObject resources)
    {
        if (resources["spot_recovery"] is { } legacy)
        {
            import.Note("resources.spot_recovery", ImportNoteKind.Mapped, $"recovery strategy {import.Text("resources.spot_recovery", legacy)}: OnePool requeues a preempted job or one that lost a node by itself");
        }

        switch (resources["job_recovery"])
        {
            case null:
                break;
            case JsonObject recovery:
                Retries = import.Int("resources.job_recovery.max_restarts_on_errors", recovery["max_restarts_on_errors"], 0, 100);
                if (Retries is not null)
                {
                    import.Note("resources.job_recovery.max_restarts_on_errors", ImportNoteKind.Honoured, $"retries: {Retries}");
                }

                import.Unknown(recovery, "resources.job_recovery", new HashSet<string>(["strategy", "max_restarts_on_errors"]), "SkyPilot job_recovery");
                if (recovery.ContainsKey("strategy"))
                {
                    import.Note("resources.job_recovery.strategy", ImportNoteKind.Mapped, "OnePool requeues a preempted job or one that lost a node by itself");
                }

                break;
            case var strategy:
                import.Note("resources.job_recovery", ImportNoteKind.Mapped, $"recovery strategy {import.Text("resources.job_recovery", strategy)}: OnePool requeues a preempted job or one that lost a node by itself");
                break;
        }
    }

    private void CloudOnly(JsonObject map, string path)
    {
        foreach (var (key, _) in map)
        {
            if (SkyPilotFields.CloudOnly.TryGetValue(key, out var why))
            {
                import.Note(YamlImport.Join(path, key), ImportNoteKind.Ignored, why);
            }
        }
    }

    /// <summary>A count of cores or GB: <c>4</c>, <c>4+</c> (at least), <c>0.5</c>; written in OnePool's form with
    /// <paramref name="unit"/> appended.</summary>
    private string? Amount(string path, JsonNode? node, string what, string unit, double max)
    {
        var text = import.Text(path, node)?.Trim();
        if (text is null)
        {
            return null;
        }

        var atLeast = text.EndsWith('+');
        var number = atLeast ? text[..^1].Trim() : text;
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || !double.IsFinite(value) || value <= 0 || value > max)
        {
            import.Error(path, $"'{YamlImport.Short(text)}' is not a number of {what} above 0 (write 4 or 4+)");
            return null;
        }

        var result = value.ToString("0.###", CultureInfo.InvariantCulture) + unit;
        import.Note(path, atLeast ? ImportNoteKind.Mapped : ImportNoteKind.Honoured, atLeast
            ? $"at least {number} {what}: OnePool reserves exactly {result} per replica"
            : $"{result} per replica");
        return result;
    }

    private static bool SameModel(string a, string b) =>
        string.Equals(a[..a.LastIndexOf(':')], b[..b.LastIndexOf(':')], StringComparison.OrdinalIgnoreCase);
}
