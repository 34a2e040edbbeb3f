using OnePool.Core.Specs;

namespace OnePool.Core.Importers;

/// <summary>The outcome of importing a foreign job description: a valid OnePool job, or none when any note is an
/// <see cref="ImportNoteKind.Error"/>. Notes come in source order; notes about absent directives (line 0) come last.</summary>
public sealed class ImportResult
{
    /// <summary>Creates a result; <paramref name="spec"/> is dropped when <paramref name="notes"/> hold an error.</summary>
    public ImportResult(JobSpec? spec, IReadOnlyList<ImportNote> notes, JobArray? array = null, CheckpointSignal? signal = null)
    {
        ArgumentNullException.ThrowIfNull(notes);
        Notes = notes;
        var failed = notes.Any(n => n.Kind == ImportNoteKind.Error) || spec is null;
        Spec = failed ? null : spec;
        Array = failed ? null : array;
        Signal = signal;
    }

    /// <summary>The job (for an array, the template every element is made from); null when the import failed.</summary>
    public JobSpec? Spec { get; }

    /// <summary>The job array the source asks for, if any: one job per index, see <see cref="JobArray.Expand"/>.</summary>
    public JobArray? Array { get; }

    /// <summary>The signal the source asks for before its time limit, if any (reported, not delivered by OnePool).</summary>
    public CheckpointSignal? Signal { get; }

    /// <summary>Every note, errors included.</summary>
    public IReadOnlyList<ImportNote> Notes { get; }

    /// <summary>True when <see cref="Spec"/> is set.</summary>
    public bool Succeeded => Spec is not null;

    /// <summary>The error notes (empty when the import succeeded).</summary>
    public IReadOnlyList<ImportNote> Errors => Notes.Where(n => n.Kind == ImportNoteKind.Error).ToList();
}

/// <summary>A signal a batch script asks for ahead of its time limit (Slurm's <c>--signal</c>), so it can checkpoint.</summary>
/// <param name="Signal">Signal name without <c>SIG</c> (<c>USR1</c>), or its number as written (<c>15</c>).</param>
/// <param name="SecondsBeforeEnd">How long before the time limit it is sent. Slurm's default: 60.</param>
/// <param name="BatchShellOnly">True for <c>B:</c>: only the batch shell gets it (a bash <c>trap</c>), not the job steps.</param>
public sealed record CheckpointSignal(string Signal, int SecondsBeforeEnd, bool BatchShellOnly);
