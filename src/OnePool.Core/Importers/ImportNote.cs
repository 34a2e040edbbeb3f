using System.Globalization;

namespace OnePool.Core.Importers;

/// <summary>How an importer treated one directive of a foreign job description.</summary>
public enum ImportNoteKind
{
    /// <summary>Carried over with the same meaning (<c>--nodes</c> becomes <c>replicas</c>).</summary>
    Honoured,

    /// <summary>Carried over to a OnePool mechanism that behaves differently, or filled in by a stated rule
    /// (an untyped GPU request becomes a list of models; <c>--requeue</c> is OnePool's own requeue).</summary>
    Mapped,

    /// <summary>Dropped with no effect on where or how the job runs (<c>--mail-type</c>, <c>--hint</c>).</summary>
    Ignored,

    /// <summary>Dropped although it changes how the job runs under its original scheduler (<c>--dependency</c>,
    /// <c>--exclusive</c>); the job may behave differently.</summary>
    Unsupported,

    /// <summary>The description cannot be imported as written; the import gives no job.</summary>
    Error,
}

/// <summary>What an importer did with one directive, located in the source text.</summary>
/// <param name="Line">1-based line of the directive; 0 when the note is about something the source leaves out.</param>
/// <param name="Directive">The directive as the source names it (<c>--gres</c>, <c>-N</c>, <c>#!</c>), or for a YAML
/// file the field's dotted path (<c>resources.accelerators</c>, <c>spec.tasks[1].replicas</c>).</param>
/// <param name="Kind">How it was treated.</param>
/// <param name="Message">One sentence for people, without the location.</param>
public sealed record ImportNote(int Line, string Directive, ImportNoteKind Kind, string Message)
{
    /// <summary>The lower-case name of <see cref="Kind"/> as printed and documented (<c>honoured</c>, <c>error</c>, ...).</summary>
    public string KindName => Kind.ToString().ToLowerInvariant();

    /// <summary>The note as one line, <c>FILE:LINE: directive: message</c> (<c>FILE: directive: message</c> for line 0).</summary>
    public string Format(string file) => Line > 0
        ? string.Create(CultureInfo.InvariantCulture, $"{file}:{Line}: {Directive}: {Message}")
        : $"{file}: {Directive}: {Message}";
}
