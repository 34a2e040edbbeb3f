using OnePool.Core.Importers;
using OnePool.Core.Importers.Slurm;
using Shouldly;

namespace OnePool.Core.Tests.Importers.Slurm;

/// <summary>Builds small scripts for the importer tests: a shebang, the given #SBATCH lines, then one command.</summary>
internal static class SbatchTestScripts
{
    public static string Script(params string[] directiveLines) =>
        "#!/bin/bash\n" + string.Concat(directiveLines.Select(d => "#SBATCH " + d + "\n")) + "echo hello\n";

    public static ImportResult Import(params string[] directiveLines) => SbatchImporter.Import(Script(directiveLines));

    public static ImportResult ImportOk(params string[] directiveLines)
    {
        var result = Import(directiveLines);
        result.Succeeded.ShouldBeTrue(string.Join("; ", result.Errors.Select(e => $"{e.Line}: {e.Directive}: {e.Message}")));
        return result;
    }

    /// <summary>The only error of a refused import.</summary>
    public static ImportNote SingleError(params string[] directiveLines)
    {
        var result = Import(directiveLines);
        result.Succeeded.ShouldBeFalse();
        return result.Errors.ShouldHaveSingleItem();
    }

    public static ImportNote NoteFor(this ImportResult result, string directive) =>
        result.Notes.Where(n => n.Directive == directive).ShouldHaveSingleItem();
}
