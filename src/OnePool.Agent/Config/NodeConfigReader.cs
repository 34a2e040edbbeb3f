using System.Globalization;
using OnePool.Core.Resources;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OnePool.Agent.Config;

/// <summary>Reads the node config YAML (camelCase keys, all optional). Every error is one line that names the file,
/// the key and the problem.</summary>
internal static class NodeConfigReader
{
    private const int MaxFileBytes = 1024 * 1024;

    /// <summary>Reads and parses the file at <paramref name="path"/>.</summary>
    public static async Task<(NodeConfig? Config, string? Error)> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            if (new FileInfo(path).Length > MaxFileBytes)
            {
                return (null, $"node config {path}: the file is larger than 1 MiB");
            }

            text = await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"node config {path}: cannot read the file: {e.Message}");
        }

        return Parse(text, path);
    }

    /// <summary>Parses <paramref name="text"/>; <paramref name="fileName"/> only goes into error messages.</summary>
    public static (NodeConfig? Config, string? Error) Parse(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            return (null, $"node config {fileName}: invalid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return (NodeConfig.Empty, null);
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return (null, $"node config {fileName}: the file must be a mapping of keys (node, cpu, memory, accelerators, extended, labels)");
        }

        try
        {
            return (Bind(root), null);
        }
        catch (ConfigKeyException e)
        {
            return (null, $"node config {fileName}: key '{e.Key}': {e.Message}");
        }
    }

    private static NodeConfig Bind(YamlMappingNode root)
    {
        var config = NodeConfig.Empty;
        foreach (var (keyNode, value) in root.Children)
        {
            var key = KeyOf(keyNode);
            config = key switch
            {
                "node" => config with { Node = ReadName(key, value) },
                "cpu" => config with { CpuMillis = ReadCpu(key, value) },
                "memory" => config with { MemoryMiB = ReadMemory(key, value) },
                "accelerators" => config with { Accelerators = ReadAccelerators(key, value) },
                "extended" => config with { Extended = ReadMap(key, value, v => (long)ReadCount(key + "." + v.Key, v.Value, 0)) },
                "labels" => config with { Labels = ReadMap(key, value, v => Scalar(key + "." + v.Key, v.Value)) },
                "checkpointRoot" => config with { CheckpointRoot = ReadPath(key, value) },
                "storageDomain" => config with { StorageDomain = ReadName(key, value) },
                "healthCheck" => ReadHealthCheck(config, key, value),
                _ => throw new ConfigKeyException(key, "unknown key; expected node, cpu, memory, accelerators, extended, labels, checkpointRoot, storageDomain or healthCheck"),
            };
        }

        return config;
    }

    private static string ReadName(string key, YamlNode node)
    {
        var name = Scalar(key, node);
        return ModelName.IsValid(name) ? name
            : throw new ConfigKeyException(key, $"'{name}' is not a valid name (1-63 letters, digits, '-', '_' or '.', starting with a letter or digit)");
    }

    private static NodeConfig ReadHealthCheck(NodeConfig config, string key, YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            throw new ConfigKeyException(key, "must be a mapping with command and optional interval");
        }

        foreach (var (k, v) in map.Children)
        {
            var name = KeyOf(k);
            config = name switch
            {
                "command" => config with { HealthCheckCommand = Scalar($"{key}.command", v) },
                "interval" => config with
                {
                    HealthCheckInterval = DurationText.TryParse(Scalar($"{key}.interval", v), out var every, out var error)
                        ? every : throw new ConfigKeyException($"{key}.interval", error),
                },
                _ => throw new ConfigKeyException($"{key}.{name}", "unknown key; expected command or interval"),
            };
        }

        return config.HealthCheckCommand is null ? throw new ConfigKeyException($"{key}.command", "is required") : config;
    }

    private static string ReadPath(string key, YamlNode node)
    {
        var path = Scalar(key, node);
        return Path.IsPathFullyQualified(path) ? path : throw new ConfigKeyException(key, $"'{path}' must be an absolute path");
    }

    private static int ReadCpu(string key, YamlNode node) =>
        Quantity.TryParseCpuMillis(Scalar(key, node), out var millis, out var error) && millis > 0 ? millis
            : throw new ConfigKeyException(key, error.Length > 0 ? error : "must be more than 0");

    private static long ReadMemory(string key, YamlNode node) =>
        Quantity.TryParseMemoryMiB(Scalar(key, node), out var mib, out var error) && mib > 0 ? mib
            : throw new ConfigKeyException(key, error.Length > 0 ? error : "must be more than 0");

    private static int ReadCount(string key, YamlNode node, int min) =>
        int.TryParse(Scalar(key, node), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min ? n
            : throw new ConfigKeyException(key, $"'{Scalar(key, node)}' is not a whole number of at least {min}");

    private static List<DeclaredAccelerator> ReadAccelerators(string key, YamlNode node)
    {
        if (node is YamlScalarNode { Value: null or "" })
        {
            return [];
        }

        if (node is not YamlSequenceNode list)
        {
            throw new ConfigKeyException(key, "must be a list of {model, count, memory}");
        }

        var result = new List<DeclaredAccelerator>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            var at = $"{key}[{i}]";
            if (list.Children[i] is not YamlMappingNode entry)
            {
                throw new ConfigKeyException(at, "must be a mapping with model, count and optional memory");
            }

            string? model = null;
            int count = 1;
            long memory = 0;
            foreach (var (k, v) in entry.Children)
            {
                var name = KeyOf(k);
                switch (name)
                {
                    case "model": model = ReadName($"{at}.model", v); break;
                    case "count": count = ReadCount($"{at}.count", v, 1); break;
                    case "memory": memory = ReadMemory($"{at}.memory", v); break;
                    default: throw new ConfigKeyException($"{at}.{name}", "unknown key; expected model, count or memory");
                }
            }

            result.Add(new DeclaredAccelerator(model ?? throw new ConfigKeyException($"{at}.model", "is required"), count, memory));
        }

        return result;
    }

    private static Dictionary<string, T> ReadMap<T>(string key, YamlNode node, Func<KeyValuePair<string, YamlNode>, T> read)
    {
        if (node is YamlScalarNode { Value: null or "" })
        {
            return [];
        }

        if (node is not YamlMappingNode map)
        {
            throw new ConfigKeyException(key, "must be a mapping of names to values");
        }

        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var (k, v) in map.Children)
        {
            var name = KeyOf(k);
            if (!ModelName.IsValid(name))
            {
                throw new ConfigKeyException($"{key}.{name}", "is not a valid name");
            }

            result[name] = read(new KeyValuePair<string, YamlNode>(name, v));
        }

        return result;
    }

    private static string KeyOf(YamlNode node) => node is YamlScalarNode { Value: { } value } ? value : node.ToString();

    private static string Scalar(string key, YamlNode node) =>
        node is YamlScalarNode { Value: { } value } ? value : throw new ConfigKeyException(key, "must be a single value");

    private sealed class ConfigKeyException(string key, string message) : Exception(message)
    {
        public string Key { get; } = key;
    }
}
