namespace OnePool.Core.Importers;

/// <summary>Tells a batch script from a YAML or JSON job file; <see cref="JobFileDetector"/> tells the rest apart.</summary>
public static class BatchScriptDetector
{
    /// <summary>True when <paramref name="text"/> is a batch script: its file name ends in <c>.sbatch</c> or
    /// <c>.slurm</c>, or the text starts with <c>#!</c>, or it has a <c>#SBATCH</c> line before its first line that is
    /// neither blank nor a comment. Anything else (including <c>.sh</c> files without either) is not.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="fileName">The file's name or path, if known (null for stdin).</param>
    public static bool IsBatchScript(string text, string? fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        var extension = Path.GetExtension(fileName ?? "");
        if (extension.Equals(".sbatch", StringComparison.OrdinalIgnoreCase) || extension.Equals(".slurm", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var body = text.StartsWith('\uFEFF') ? text[1..] : text;
        if (body.StartsWith("#!", StringComparison.Ordinal))
        {
            return true;
        }

        using var reader = new StringReader(body);
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith("#SBATCH", StringComparison.Ordinal))
            {
                return true;
            }

            if (!line.StartsWith('#') && !string.IsNullOrWhiteSpace(line))
            {
                return false;
            }
        }

        return false;
    }
}
