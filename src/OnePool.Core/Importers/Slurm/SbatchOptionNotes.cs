namespace OnePool.Core.Importers.Slurm;

/// <summary>What OnePool says about the sbatch options it does not map, by option. An option missing here and from
/// the mapped ones gets the generic unsupported message.</summary>
internal static class SbatchOptionNotes
{
    private const string Tuning = "is a node-level tuning knob that OnePool's agents do not apply";
    private const string Printing = "only changes what sbatch prints";
    private const string Placement = "is a Slurm placement detail; OnePool places the gang itself and starts all replicas together";
    private const string Nodes = "OnePool picks nodes itself; narrow with constraints.sites or constraints.labels instead";

    private static readonly Dictionary<string, string> IgnoredOptions = new(StringComparer.Ordinal)
    {
        ["hint"] = Tuning, ["acctg-freq"] = Tuning, ["profile"] = Tuning, ["cpu-freq"] = Tuning, ["gpu-freq"] = Tuning,
        ["gpu-bind"] = Tuning, ["mem-bind"] = Tuning, ["tres-bind"] = Tuning, ["distribution"] = Tuning,
        ["threads-per-core"] = Tuning, ["cores-per-socket"] = Tuning, ["sockets-per-node"] = Tuning,
        ["ntasks-per-core"] = Tuning, ["ntasks-per-socket"] = Tuning,
        ["overcommit"] = Placement, ["oversubscribe"] = Placement, ["spread-job"] = Placement, ["use-min-nodes"] = Placement,
        ["wait-all-nodes"] = Placement, ["contiguous"] = Placement,
        ["parsable"] = Printing, ["quiet"] = Printing, ["verbose"] = Printing, ["usage"] = Printing, ["help"] = Printing,
        ["version"] = Printing, ["wait"] = "makes sbatch wait for the job; use `onepool submit --wait`",
        ["test-only"] = "only checks the script under sbatch; `onepool convert` shows the job without submitting it",
        ["mail-type"] = "is not used: OnePool sends no mail; follow the job with `onepool submit --wait` or `onepool jobs`",
        ["mail-user"] = "is not used: OnePool sends no mail; follow the job with `onepool submit --wait` or `onepool jobs`",
        ["open-mode"] = "is not used: OnePool keeps the output of every attempt in the job's log (`onepool logs ID`)",
        ["comment"] = "is kept only in the script",
        ["time-min"] = "is not used: OnePool has no shrinkable time limit; maxRuntime comes from --time",
        ["nice"] = "is not used: set the spec's priority (-1000..1000) instead",
        ["priority"] = "is not used: set the spec's priority (-1000..1000) instead",
        ["get-user-env"] = "is not used: the job gets the agent's environment and the spec's env",
        ["propagate"] = "is not used: the job gets the agent's resource limits",
        ["kill-on-invalid-dep"] = "is not used: OnePool has no job dependencies", ["no-kill"] = "is not used: OnePool stops the whole gang when a replica's node is lost, and requeues it",
        ["wckey"] = "is Slurm accounting; OnePool meters the job's tenant", ["mcs-label"] = "is Slurm accounting; OnePool meters the job's tenant",
        ["extra"] = "is site-specific Slurm data",
    };

    private static readonly Dictionary<string, string> UnsupportedOptions = new(StringComparer.Ordinal)
    {
        ["exclusive"] = "has no OnePool equivalent: nodes are shared; ask for the cpu and memory the job needs instead of the whole node",
        ["dependency"] = "has no OnePool equivalent: there are no job dependencies; submit the next job when this one ends (`onepool submit --wait`)",
        ["reservation"] = "has no OnePool equivalent: there are no reservations",
        ["nodelist"] = Nodes, ["exclude"] = Nodes, ["nodefile"] = Nodes,
        ["clusters"] = "has no OnePool equivalent: OnePool picks the site; narrow with constraints.sites",
        ["cluster-constraint"] = "has no OnePool equivalent: OnePool picks the site; narrow with constraints.sites",
        ["licenses"] = "has no OnePool equivalent: there are no licenses (filesystems, software seats)",
        ["begin"] = "has no OnePool equivalent: jobs start as soon as they fit; submit later instead",
        ["deadline"] = "has no OnePool equivalent: jobs are not dropped after a deadline",
        ["hold"] = "has no OnePool equivalent: jobs start as soon as they fit; submit later instead",
        ["tmp"] = "has no OnePool equivalent: local disk is not reserved",
        ["ntasks-per-gpu"] = "is not mapped: give --ntasks-per-node and GPUs per node instead",
        ["gpus-per-socket"] = "is not mapped: give GPUs per node instead",
        ["mincpus"] = "is not mapped: give --cpus-per-task instead",
        ["container"] = "has no OnePool equivalent: the script runs directly on the node",
        ["container-id"] = "has no OnePool equivalent: the script runs directly on the node",
        ["input"] = "has no OnePool equivalent: the job's stdin is empty",
        ["reboot"] = "has no OnePool equivalent: nodes are not rebooted for a job",
    };

    /// <summary>The note for an option OnePool does not map, with its kind.</summary>
    public static (ImportNoteKind Kind, string Message) For(string optionName) =>
        IgnoredOptions.TryGetValue(optionName, out var ignored) ? (ImportNoteKind.Ignored, ignored)
        : UnsupportedOptions.TryGetValue(optionName, out var unsupported) ? (ImportNoteKind.Unsupported, unsupported)
        : (ImportNoteKind.Unsupported, "has no OnePool equivalent; it is left out");
}
