using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace OnePool.Core.Importers.Kubernetes;

/// <summary>Turns a container's <c>command</c> and <c>args</c> into the bash a replica runs, and its <c>env</c> into
/// variables. <c>[bash, -c, SCRIPT]</c> becomes SCRIPT itself (readable, and what the container ran); anything else
/// becomes <c>exec</c> of the quoted words. Without a command the image's entrypoint would run, which OnePool cannot
/// know: that is an error.</summary>
internal static class ContainerScript
{
    private static readonly HashSet<string> Shells = new(StringComparer.Ordinal) { "bash", "sh", "/bin/bash", "/bin/sh", "/usr/bin/bash", "/usr/bin/env bash" };

    public static string? Read(YamlImport import, string path, JsonObject container)
    {
        var command = Words(import, YamlImport.Join(path, "command"), container["command"]);
        var args = Words(import, YamlImport.Join(path, "args"), container["args"]);
        if (command is null or { Count: 0 })
        {
            import.Error(args is { Count: > 0 } ? YamlImport.Join(path, "args") : path, args is { Count: > 0 }
                ? "has args but no command: the image's entrypoint would run them, and OnePool runs no images; give the command"
                : "has no command: the image's entrypoint would run, and OnePool runs no images; give the command");
            return null;
        }

        var words = command.Concat(args ?? []).ToList();
        if (words.Count == 3 && Shells.Contains(words[0]) && words[1] == "-c")
        {
            return words[2].TrimEnd('\n') + "\n";
        }

        return "exec " + string.Join(' ', words.Select(GangScript.Quote)) + "\n";
    }

    /// <summary>The container's <c>env</c> entries with a <c>value</c>; <c>valueFrom</c> ones get a note.</summary>
    public static IReadOnlyDictionary<string, string> Env(YamlImport import, string path, JsonObject container)
    {
        var env = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var list = import.List(YamlImport.Join(path, "env"), container["env"]);
        for (var i = 0; i < (list?.Count ?? 0); i++)
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"{path}.env[{i}]");
            if (import.Map(at, list![i]) is not { } entry || import.Text(YamlImport.Join(at, "name"), entry["name"]) is not { } name)
            {
                import.Error(at, "an env entry needs a name");
                continue;
            }

            if (entry.ContainsKey("valueFrom"))
            {
                import.Note(at, ImportNoteKind.Unsupported, $"{name} takes its value from a Kubernetes object, which OnePool cannot read; set it in the command");
                continue;
            }

            env[name] = import.Text(YamlImport.Join(at, "value"), entry["value"]) ?? "";
        }

        return env;
    }

    /// <summary>The exports of <paramref name="env"/>, one line each.</summary>
    public static string Exports(IReadOnlyDictionary<string, string> env)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in env)
        {
            text.Append("export ").Append(name).Append('=').Append(GangScript.Quote(value)).Append('\n');
        }

        return text.ToString();
    }

    private static List<string>? Words(YamlImport import, string path, JsonNode? node)
    {
        if (import.List(path, node) is not { } list)
        {
            return null;
        }

        var words = new List<string>();
        for (var i = 0; i < list.Count; i++)
        {
            words.Add(import.Text(string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), list[i]) ?? "");
        }

        return words;
    }
}
