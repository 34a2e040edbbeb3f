using System.Globalization;
using OnePool.Core.Specs;

namespace OnePool.Core.Importers.Slurm;

/// <summary>Turns the directives of one script into a <see cref="JobSpec"/> and notes. One instance per import.
/// This part handles the options that are not resources; <c>SbatchMapper.Resources.cs</c> and
/// <c>SbatchMapper.Gpus.cs</c> the rest.</summary>
internal sealed partial class SbatchMapper
{
    /// <summary>Options whose values reach the job; a placeholder in one of them is an error.</summary>
    private static readonly HashSet<string> Used = new(StringComparer.Ordinal)
    {
        "nodes", "ntasks", "ntasks-per-node", "cpus-per-task", "cpus-per-gpu", "mem", "mem-per-cpu", "mem-per-gpu", "gres",
        "gpus", "gpus-per-node", "gpus-per-task", "time", "job-name", "chdir", "array", "signal", "partition", "constraint", "export",
    };

    private readonly List<ImportNote> _notes;
    private readonly Dictionary<string, SbatchDirective> _options = new(StringComparer.Ordinal);
    private readonly JobSpec _spec = new();
    private readonly SortedDictionary<string, string> _env = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> _labels = new(StringComparer.Ordinal);

    public SbatchMapper(IReadOnlyList<SbatchDirective> directives, List<ImportNote> notes)
    {
        _notes = notes;
        foreach (var directive in directives)
        {
            if (_options.TryGetValue(directive.Option.Name, out var earlier))
            {
                Note(earlier, ImportNoteKind.Ignored, string.Create(CultureInfo.InvariantCulture,
                    $"is given again on line {directive.Line}; the last one counts, as in sbatch"));
            }

            _options[directive.Option.Name] = directive;
        }
    }

    public JobArray? Array { get; private set; }

    public CheckpointSignal? Signal { get; private set; }

    /// <summary>Maps every option; returns the spec without its script (the importer adds it).</summary>
    public JobSpec Map(string? fileName)
    {
        var usable = new Dictionary<string, SbatchDirective>(StringComparer.Ordinal);
        foreach (var (name, directive) in _options)
        {
            var placeholder = directive.Value is null ? null : Placeholders.Find(directive.Value, name);
            if (placeholder is not null && Used.Contains(name))
            {
                Note(directive, ImportNoteKind.Error, $"{placeholder}; fill it in or delete the line");
            }
            else if (Used.Contains(name) || name is "requeue" or "no-requeue" or "account" or "qos" or "output" or "error")
            {
                if (placeholder is null)
                {
                    usable[name] = directive;
                }
                else
                {
                    Note(directive, ImportNoteKind.Ignored, $"is left out: {placeholder}");
                }
            }
            else
            {
                var (kind, message) = SbatchOptionNotes.For(name);
                Note(directive, kind, placeholder is null ? message : $"{message} (its value: {placeholder})");
            }
        }

        if (usable.ContainsKey("job-name") || !_options.ContainsKey("job-name"))
        {
            MapName(usable.GetValueOrDefault("job-name"), fileName);
        }

        MapTime(usable.GetValueOrDefault("time"));
        MapResources(usable);
        MapSiteHints(usable);
        MapRest(usable);

        _env["SLURM_JOB_NAME"] = _spec.Name ?? "job";
        _spec.Env = _env.Count > 0 ? new Dictionary<string, string>(_env, StringComparer.Ordinal) : null;
        _spec.Labels = _labels.Count > 0 ? new Dictionary<string, string>(_labels, StringComparer.Ordinal) : null;
        if (_spec.Resources is { Cpu: null, Memory: null, Accelerators: null })
        {
            _spec.Resources = null;
        }

        return _spec;
    }

    private void MapName(SbatchDirective? directive, string? fileName)
    {
        // Slurm's default job name is the script's file name.
        var written = directive?.Value ?? (fileName is null ? null : Path.GetFileName(fileName));
        if (written is null)
        {
            return;
        }

        var name = JobName.Safe(written);
        _spec.Name = name.Length > 0 ? name : null;
        var source = directive is null ? "not given: named after the file, as sbatch does: " : "";
        var kind = name == written ? ImportNoteKind.Honoured : ImportNoteKind.Mapped;
        var message = name.Length == 0 ? $"'{written}' has no letter or digit OnePool can use; the job is named 'job'"
            : name == written ? $"{source}name {name}" : $"{source}name {name} (OnePool names are letters, digits, '-', '_' and '.')";
        Add(directive?.Line ?? 0, directive?.Written ?? "--job-name", name.Length == 0 ? ImportNoteKind.Mapped : kind, message);
    }

    private void MapTime(SbatchDirective? directive)
    {
        if (directive is null)
        {
            Add(0, "--time", ImportNoteKind.Mapped,
                "not given: under Slurm the partition's default limit applies, which OnePool cannot know; the job has no maxRuntime");
            return;
        }

        if (!SlurmTime.TryParse(directive.Value, out var limit, out var error))
        {
            Note(directive, ImportNoteKind.Error, error);
            return;
        }

        _spec.MaxRuntime = limit is { } l ? SlurmTime.ToMaxRuntime(l) : null;
        Note(directive, ImportNoteKind.Honoured, _spec.MaxRuntime is { } max ? $"maxRuntime {max}" : "no time limit");
    }

    private void MapSiteHints(Dictionary<string, SbatchDirective> usable)
    {
        if (usable.TryGetValue("partition", out var partition))
        {
            _labels["slurm.partition"] = partition.Value!;
            Note(partition, ImportNoteKind.Mapped,
                "kept as the label slurm.partition; OnePool picks the site and nodes itself, so it does not narrow placement");
        }

        if (usable.TryGetValue("account", out var account))
        {
            _labels["slurm.account"] = account.Value!;
            Note(account, ImportNoteKind.Ignored, "kept as the label slurm.account; OnePool meters the job's tenant instead");
        }

        if (usable.TryGetValue("qos", out var qos))
        {
            _labels["slurm.qos"] = qos.Value!;
            var hint = qos.Value!.Contains("preempt", StringComparison.OrdinalIgnoreCase) || qos.Value.Contains("spot", StringComparison.OrdinalIgnoreCase)
                ? "; for OnePool's cheaper preemptible tier set preemptible: true" : "";
            Note(qos, ImportNoteKind.Ignored, $"kept as the label slurm.qos; OnePool orders jobs by the spec's priority and tenant quotas{hint}");
        }
    }

    private void MapRest(Dictionary<string, SbatchDirective> usable)
    {
        foreach (var name in new[] { "output", "error" })
        {
            if (usable.TryGetValue(name, out var output))
            {
                Note(output, ImportNoteKind.Mapped,
                    "not used: OnePool keeps stdout and stderr together, in order, and ships them to the broker (`onepool logs ID`)");
            }
        }

        if (usable.TryGetValue("requeue", out var requeue))
        {
            Note(requeue, ImportNoteKind.Mapped, "OnePool requeues the job itself when a node is lost or the job is preempted; "
                + "an attempt that exits non-zero is retried only with retries: N (SLURM_RESTART_COUNT is not set)");
        }

        if (usable.TryGetValue("no-requeue", out var noRequeue))
        {
            Note(noRequeue, ImportNoteKind.Unsupported, "OnePool always requeues a job whose node is lost; a job that must not run twice should check for its own output");
        }

        if (usable.TryGetValue("signal", out var signal))
        {
            MapSignal(signal);
        }

        if (usable.TryGetValue("array", out var array))
        {
            MapArray(array);
        }

        if (usable.TryGetValue("chdir", out var chdir))
        {
            if (chdir.Value!.StartsWith('/'))
            {
                _spec.Workdir = chdir.Value;
                Note(chdir, ImportNoteKind.Honoured, $"workdir {chdir.Value}");
            }
            else
            {
                Note(chdir, ImportNoteKind.Unsupported, $"'{chdir.Value}' is relative to the submit folder, which OnePool nodes do not have; give an absolute path");
            }
        }

        if (usable.TryGetValue("export", out var export))
        {
            MapExport(export);
        }
    }

    private void MapSignal(SbatchDirective directive)
    {
        if (!SlurmSignal.TryParse(directive.Value, out var signal, out var error))
        {
            Note(directive, ImportNoteKind.Error, error);
            return;
        }

        Signal = signal;
        var target = signal!.BatchShellOnly ? " to the batch shell" : "";
        Note(directive, ImportNoteKind.Unsupported, string.Create(CultureInfo.InvariantCulture,
            $"SIG{signal.Signal} {signal.SecondsBeforeEnd} s before the time limit{target} is not sent: OnePool sends SIGTERM, then SIGKILL after the stop grace (10 s by default), when it stops, preempts or times out a job; trap TERM as well to checkpoint"));
    }

    private void MapArray(SbatchDirective directive)
    {
        if (!SlurmArray.TryParse(directive.Value, out var array, out var error))
        {
            Note(directive, ImportNoteKind.Error, error);
            return;
        }

        Array = array;
        Note(directive, ImportNoteKind.Mapped, string.Create(CultureInfo.InvariantCulture,
            $"a job array: submitted as {array!.Indices.Count} jobs, one per index, each with SLURM_ARRAY_TASK_ID and the label {JobArray.IndexLabel}"));
        if (array.MaxRunning is { } max)
        {
            Note(directive, ImportNoteKind.Unsupported, string.Create(CultureInfo.InvariantCulture,
                $"the throttle %{max} is not enforced: all {array.Indices.Count} jobs are queued at once"));
        }
    }

    private void MapExport(SbatchDirective directive)
    {
        foreach (var item in directive.Value!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (item.Equals("ALL", StringComparison.OrdinalIgnoreCase))
            {
                Note(directive, ImportNoteKind.Ignored, "ALL: the job gets the agent's environment and the spec's env");
            }
            else if (item.Equals("NONE", StringComparison.OrdinalIgnoreCase) || item.Equals("NIL", StringComparison.OrdinalIgnoreCase))
            {
                Note(directive, ImportNoteKind.Unsupported, $"{item}: OnePool always passes the agent's environment");
            }
            else if (eq > 0)
            {
                _env[item[..eq]] = item[(eq + 1)..];
                Note(directive, ImportNoteKind.Honoured, $"env {item[..eq]}");
            }
            else
            {
                Note(directive, ImportNoteKind.Unsupported, $"{item}: the submitting shell's value is not known; add it to env");
            }
        }
    }

    private void Note(SbatchDirective directive, ImportNoteKind kind, string message) => Add(directive.Line, directive.Written, kind, message);

    private void Add(int line, string directive, ImportNoteKind kind, string message) => _notes.Add(new ImportNote(line, directive, kind, message));
}
