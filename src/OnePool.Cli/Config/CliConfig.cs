using System.Text.Json;
using System.Text.Json.Serialization;

namespace OnePool.Cli.Config;

/// <summary>
/// Where the broker is and which token to present. Each value is taken from the first place that has it:
/// the global <c>--url</c>/<c>--token</c> options, then <c>ONEPOOL_URL</c>/<c>ONEPOOL_TOKEN</c>, then the config file
/// (<see cref="DefaultPath()"/>).
/// </summary>
/// <param name="Url">The broker's base URL (absolute http or https); the first of <see cref="Urls"/>.</param>
/// <param name="Token">The bearer token, or null to send none.</param>
internal sealed record CliConfig(Uri Url, string? Token)
{
    /// <summary>Every broker replica's URL, <see cref="Url"/> first: a URL setting may list several separated by
    /// commas (replicas of one broker on PostgreSQL); the CLI and agents move to the next when one does not answer.</summary>
    public IReadOnlyList<Uri> Urls
    {
        get => _urls is { Count: > 0 } urls ? urls : [Url];
        init => _urls = value;
    }

    private readonly IReadOnlyList<Uri>? _urls;

    /// <summary>Equal when the URL, the token and every replica URL (in order) are: a value, whatever list holds the URLs.</summary>
    public bool Equals(CliConfig? other) =>
        other is not null && Url == other.Url && Token == other.Token && Urls.SequenceEqual(other.Urls);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Url, Token);

    /// <summary>Environment variable naming the broker URL.</summary>
    public const string UrlVariable = "ONEPOOL_URL";

    /// <summary>Environment variable holding the token.</summary>
    public const string TokenVariable = "ONEPOOL_TOKEN";

    /// <summary>Environment variable naming the config file, overriding the default path.</summary>
    public const string PathVariable = "ONEPOOL_CONFIG";

    private static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The config file of this process's environment: <c>$ONEPOOL_CONFIG</c>, else
    /// <c>$XDG_CONFIG_HOME/onepool/config.json</c>, else <c>~/.config/onepool/config.json</c>.</summary>
    public static string DefaultPath() => DefaultPath(Environment.GetEnvironmentVariable);

    /// <summary>The config file path as <see cref="DefaultPath()"/>, reading variables through <paramref name="getEnv"/>.</summary>
    public static string DefaultPath(Func<string, string?> getEnv)
    {
        ArgumentNullException.ThrowIfNull(getEnv);
        if (getEnv(PathVariable) is { Length: > 0 } explicitPath)
        {
            return explicitPath;
        }

        var configHome = getEnv("XDG_CONFIG_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(getEnv("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(configHome, "onepool", "config.json");
    }

    /// <summary>Writes <paramref name="url"/> and <paramref name="token"/> to <paramref name="path"/>, creating its folder.
    /// The file is readable by its owner only (mode 0600) and replaced atomically.</summary>
    public static void Save(string path, string url, string? token)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(url);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, options))
        {
            JsonSerializer.Serialize(stream, new ConfigFile(url, token), FileJson);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads the config file at <paramref name="path"/>; null when there is none.</summary>
    /// <exception cref="CliConfigException">The file exists but is not a valid config file.</exception>
    public static ConfigFile? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ConfigFile>(File.ReadAllText(path), FileJson)
                ?? throw new CliConfigException($"config file {path} is empty; run `onepool login URL --token TOKEN` to write it");
        }
        catch (JsonException e)
        {
            throw new CliConfigException($"config file {path} is not valid JSON ({e.Message.Split('\n')[0]}); fix it or run `onepool login`");
        }
        catch (IOException e)
        {
            throw new CliConfigException($"cannot read config file {path}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new CliConfigException($"cannot read config file {path}: {e.Message}");
        }
    }

    /// <summary>Resolves the URL and token by precedence (options, environment, file).</summary>
    /// <exception cref="CliConfigException">No URL anywhere, or the URL is not an absolute http(s) URL.</exception>
    public static CliConfig Resolve(string? urlOption, string? tokenOption, Func<string, string?> getEnv)
    {
        ArgumentNullException.ThrowIfNull(getEnv);
        var url = NonEmpty(urlOption) ?? NonEmpty(getEnv(UrlVariable));
        var token = NonEmpty(tokenOption) ?? NonEmpty(getEnv(TokenVariable));
        if (url is null || token is null)
        {
            var file = Load(DefaultPath(getEnv));
            url ??= NonEmpty(file?.Url);
            token ??= NonEmpty(file?.Token);
        }

        if (url is null)
        {
            throw new CliConfigException("no broker configured: run `onepool login URL --token TOKEN`, set ONEPOOL_URL, or start `onepool dev`");
        }

        var urls = ParseUrls(url);
        return urls.Count == 1 ? new CliConfig(urls[0], token) : new CliConfig(urls[0], token) { Urls = urls };
    }

    /// <summary>Parses one broker URL or several separated by commas.</summary>
    /// <exception cref="CliConfigException">One of them is not an absolute http or https URL.</exception>
    public static IReadOnlyList<Uri> ParseUrls(string urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        var parts = urls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length == 0 ? [ParseUrl(urls)] : parts.Select(ParseUrl).ToList();
    }

    /// <summary>Parses a broker URL given by a user.</summary>
    /// <exception cref="CliConfigException">It is not an absolute http or https URL.</exception>
    public static Uri ParseUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliConfigException($"'{url}' is not a broker URL; write e.g. http://127.0.0.1:7070");
        }

        return uri;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>The config file's contents.</summary>
/// <param name="Url">Broker URL.</param>
/// <param name="Token">Token, if saved.</param>
internal sealed record ConfigFile(string? Url, string? Token);

/// <summary>The CLI's configuration is missing or wrong; the message says how to fix it.</summary>
internal sealed class CliConfigException(string message) : Exception(message);
