namespace OnePool.Core.Importers.Slurm;

/// <summary>Whether an sbatch option takes a value.</summary>
internal enum SbatchArity
{
    /// <summary>A flag (<c>--requeue</c>).</summary>
    None,

    /// <summary>A value only after '=' (<c>--exclusive=user</c>); alone it is a flag.</summary>
    Optional,

    /// <summary>A value after '=' or as the next word (<c>--time=1:00:00</c>, <c>--time 1:00:00</c>, <c>-t1:00:00</c>).</summary>
    Required,
}

/// <summary>One sbatch option: its long name (without dashes), short letter and arity.</summary>
internal sealed record SbatchOption(string Name, char? Short, SbatchArity Arity);

/// <summary>The options of sbatch(1) (Slurm 24.05), so that short forms and abbreviations resolve as sbatch resolves them.</summary>
internal static class SbatchOptionTable
{
    private static readonly SbatchOption[] All =
    [
        R("account", 'A'), R("acctg-freq"), R("array", 'a'), R("batch"), R("bb"), R("bbf"), R("begin", 'b'), R("chdir", 'D'),
        R("cluster-constraint"), R("clusters", 'M'), R("comment"), R("constraint", 'C'), R("container"), R("container-id"),
        F("contiguous"), R("core-spec", 'S'), R("cores-per-socket"), R("cpu-freq"), R("cpus-per-gpu"), R("cpus-per-task", 'c'),
        R("deadline"), R("delay-boot"), R("dependency", 'd'), R("distribution", 'm'), R("error", 'e'), R("exclude", 'x'),
        O("exclusive"), R("export"), R("export-file"), R("extra"), R("extra-node-info", 'B'), O("get-user-env"), R("gid"),
        R("gpu-bind"), R("gpu-freq"), R("gpus", 'G'), R("gpus-per-node"), R("gpus-per-socket"), R("gpus-per-task"), R("gres"),
        R("gres-flags"), F("help", 'h'), R("hint"), F("hold", 'H'), F("ignore-pbs"), R("input", 'i'), R("job-name", 'J'),
        R("kill-on-invalid-dep"), R("licenses", 'L'), R("mail-type"), R("mail-user"), R("mcs-label"), R("mem"), R("mem-bind"),
        R("mem-per-cpu"), R("mem-per-gpu"), R("mincpus"), R("network"), O("nice"), O("no-kill", 'k'), F("no-requeue"),
        R("nodefile", 'F'), R("nodelist", 'w'), R("nodes", 'N'), R("ntasks", 'n'), R("ntasks-per-core"), R("ntasks-per-gpu"),
        R("ntasks-per-node"), R("ntasks-per-socket"), R("open-mode"), R("output", 'o'), F("overcommit", 'O'),
        F("oversubscribe", 's'), F("parsable"), R("partition", 'p'), R("prefer"), R("priority"), R("profile"), O("propagate"),
        R("qos", 'q'), F("quiet", 'Q'), F("reboot"), F("requeue"), R("reservation"), R("segment"), R("signal"),
        R("sockets-per-node"), F("spread-job"), R("switches"), F("test-only"), R("thread-spec"), R("threads-per-core"),
        R("time", 't'), R("time-min"), R("tmp"), R("tres-bind"), R("tres-per-task"), R("uid"), F("usage"), F("use-min-nodes"),
        F("verbose", 'v'), F("version", 'V'), F("wait", 'W'), R("wait-all-nodes"), R("wckey"), R("wrap"),
    ];

    /// <summary>Finds a long option by its exact name or by an unambiguous prefix (<c>err</c> is <c>error</c>).</summary>
    /// <returns>The option, or null with the candidates (empty for an unknown name, several for an ambiguous one).</returns>
    public static SbatchOption? FindLong(string name, out IReadOnlyList<string> candidates)
    {
        candidates = [];
        if (name.Length == 0)
        {
            return null;
        }

        var exact = Array.Find(All, o => o.Name == name);
        if (exact is not null)
        {
            return exact;
        }

        var matches = All.Where(o => o.Name.StartsWith(name, StringComparison.Ordinal)).ToList();
        candidates = matches.Select(o => o.Name).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }

    /// <summary>Finds an option by its short letter (case matters: <c>-n</c> is ntasks, <c>-N</c> nodes).</summary>
    public static SbatchOption? FindShort(char letter) => Array.Find(All, o => o.Short == letter);

    private static SbatchOption R(string name, char? letter = null) => new(name, letter, SbatchArity.Required);

    private static SbatchOption O(string name, char? letter = null) => new(name, letter, SbatchArity.Optional);

    private static SbatchOption F(string name, char? letter = null) => new(name, letter, SbatchArity.None);
}
