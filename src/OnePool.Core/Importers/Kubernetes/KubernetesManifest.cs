namespace OnePool.Core.Importers.Kubernetes;

/// <summary>The parts every Kubernetes object has: <c>apiVersion</c>, <c>kind</c>, <c>metadata</c> (its name names the
/// job; namespace, labels and annotations are ignored) and <c>spec</c>.</summary>
internal static class KubernetesManifest
{
    private static readonly HashSet<string> TopLevel = new(StringComparer.Ordinal) { "apiVersion", "kind", "metadata", "spec", "status" };

    /// <summary>The job's name (from <c>metadata.name</c>, else the file's), with notes for the other top-level fields.</summary>
    public static string? Header(YamlImport import, string? fileName)
    {
        var root = import.Root;
        var metadata = import.Map("metadata", root["metadata"]);
        string? name = null;
        foreach (var (key, value) in metadata ?? [])
        {
            var path = YamlImport.Join("metadata", key);
            if (key is "name" or "generateName")
            {
                var written = import.Text(path, value) ?? "";
                name ??= JobName.Safe(written);
                import.Note(path, name == written ? ImportNoteKind.Honoured : ImportNoteKind.Mapped, name.Length == 0
                    ? "has no letter or digit OnePool can use; the job is named 'job'"
                    : $"name {name}");
            }
            else
            {
                import.Note(path, ImportNoteKind.Ignored, key == "namespace" ? "OnePool has tenants, not namespaces: the job runs for the tenant that submits it" : "not used");
            }
        }

        if (name is null && JobName.FromFile(fileName) is { } file)
        {
            name = JobName.Safe(file);
            import.Note("metadata.name", ImportNoteKind.Mapped, $"not given: the job is named after the file: {name}");
        }

        if (root.ContainsKey("status"))
        {
            import.Note("status", ImportNoteKind.Ignored, "the state of a job that ran under Kubernetes; not used");
        }

        import.Unknown(root, "", TopLevel, "Kubernetes object");
        if (root["spec"] is null)
        {
            import.Error("spec", "is missing: the object describes no job");
        }

        return string.IsNullOrEmpty(name) ? null : name;
    }
}
