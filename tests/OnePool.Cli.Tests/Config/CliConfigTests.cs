using OnePool.Cli.Config;
using OnePool.TestKit.Files;
using Shouldly;

namespace OnePool.Cli.Tests.Config;

public sealed class CliConfigTests : IDisposable
{
    private readonly TempDirectory _home = new();
    private readonly Dictionary<string, string> _env = new(StringComparer.Ordinal);

    public CliConfigTests() => _env["HOME"] = _home.Path;

    public void Dispose() => _home.Dispose();

    public sealed class TheDefaultPathMethod
    {
        [Fact]
        public void DefaultPath_OnlyHome_IsUnderDotConfig() =>
            CliConfig.DefaultPath(Env(("HOME", "/home/ann"))).ShouldBe("/home/ann/.config/onepool/config.json");

        [Fact]
        public void DefaultPath_XdgConfigHomeSet_IsUnderIt() =>
            CliConfig.DefaultPath(Env(("HOME", "/home/ann"), ("XDG_CONFIG_HOME", "/xdg"))).ShouldBe("/xdg/onepool/config.json");

        [Fact]
        public void DefaultPath_OnepoolConfigSet_WinsOverXdg() =>
            CliConfig.DefaultPath(Env(("XDG_CONFIG_HOME", "/xdg"), ("ONEPOOL_CONFIG", "/etc/op.json"))).ShouldBe("/etc/op.json");

        private static Func<string, string?> Env(params (string Name, string Value)[] vars) =>
            name => vars.FirstOrDefault(v => v.Name == name).Value;
    }

    [Fact]
    public void Save_ThenLoad_RoundTrips()
    {
        var path = _home.Combine("a", "b", "config.json");

        CliConfig.Save(path, "http://b:7070/", "secret");

        CliConfig.Load(path).ShouldBe(new ConfigFile("http://b:7070/", "secret"));
    }

    [Fact]
    public void Save_OnUnix_FileIsReadableByOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("file modes are a Unix notion");
            return;
        }

        var path = _home.Combine("config.json");

        CliConfig.Save(path, "http://b:7070/", "secret");

        File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public void Resolve_OnlyConfigFile_UsesIt()
    {
        CliConfig.Save(CliConfig.DefaultPath(Get), "http://file:1/", "file-token");

        CliConfig.Resolve(null, null, Get).ShouldBe(new CliConfig(new Uri("http://file:1/"), "file-token"));
    }

    [Fact]
    public void Resolve_EnvironmentSet_OverridesFile()
    {
        CliConfig.Save(CliConfig.DefaultPath(Get), "http://file:1/", "file-token");
        _env["ONEPOOL_URL"] = "http://env:2/";
        _env["ONEPOOL_TOKEN"] = "env-token";

        CliConfig.Resolve(null, null, Get).ShouldBe(new CliConfig(new Uri("http://env:2/"), "env-token"));
    }

    [Fact]
    public void Resolve_OptionsGiven_OverrideEnvironmentAndFile()
    {
        CliConfig.Save(CliConfig.DefaultPath(Get), "http://file:1/", "file-token");
        _env["ONEPOOL_URL"] = "http://env:2/";
        _env["ONEPOOL_TOKEN"] = "env-token";

        CliConfig.Resolve("http://opt:3/", "opt-token", Get).ShouldBe(new CliConfig(new Uri("http://opt:3/"), "opt-token"));
    }

    [Fact]
    public void Resolve_UrlFromEnvironmentTokenOnlyInFile_TakesEachFromItsSource()
    {
        CliConfig.Save(CliConfig.DefaultPath(Get), "http://file:1/", "file-token");
        _env["ONEPOOL_URL"] = "http://env:2/";

        CliConfig.Resolve(null, null, Get).ShouldBe(new CliConfig(new Uri("http://env:2/"), "file-token"));
    }

    [Fact]
    public void Resolve_NothingConfigured_ThrowsWithAdvice()
    {
        var error = Should.Throw<CliConfigException>(() => CliConfig.Resolve(null, null, Get));

        error.Message.ShouldBe("no broker configured: run `onepool login URL --token TOKEN`, set ONEPOOL_URL, or start `onepool dev`");
    }

    [Fact]
    public void Resolve_UrlIsNotHttp_ThrowsNamingIt() =>
        Should.Throw<CliConfigException>(() => CliConfig.Resolve("ftp://x", null, Get)).Message.ShouldContain("'ftp://x' is not a broker URL");

    [Fact]
    public void Load_FileIsNotJson_ThrowsOneLineErrorNamingTheFile()
    {
        var path = _home.Combine("config.json");
        File.WriteAllText(path, "url: http://x\n");

        var error = Should.Throw<CliConfigException>(() => CliConfig.Load(path));

        error.Message.ShouldStartWith($"config file {path} is not valid JSON");
        error.Message.ShouldNotContain("\n");
    }

    private string? Get(string name) => _env.GetValueOrDefault(name);
}
