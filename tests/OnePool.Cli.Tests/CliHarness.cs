using Microsoft.Extensions.Time.Testing;
using OnePool.Cli.Commands;
using OnePool.TestKit.Http;

namespace OnePool.Cli.Tests;

/// <summary>Runs the CLI in-process with captured output, a fake clock, a stub broker and a private environment.</summary>
internal sealed class CliHarness
{
    public const string BrokerUrl = "http://broker.test:7070";

    public StubHttpHandler Broker { get; } = new();

    public FakeTimeProvider Time { get; } = Samples.Clock();

    public Dictionary<string, string> Env { get; } = new(StringComparer.Ordinal)
    {
        ["ONEPOOL_URL"] = BrokerUrl,
        ["ONEPOOL_TOKEN"] = "t0ken",
        ["ONEPOOL_CONFIG"] = Path.Combine(Path.GetTempPath(), "onepool-tests-nonexistent", "config.json"),
    };

    public string StandardInput { get; set; } = "";

    public Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args) =>
        RunAsync(TestContext.Current.CancellationToken, args);

    public async Task<(int ExitCode, string Out, string Error)> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext
        {
            Out = output,
            Error = error,
            In = new StringReader(StandardInput),
            Time = Time,
            GetEnvironmentVariable = name => Env.GetValueOrDefault(name),
            CreateHttpHandler = () => Broker,
            PollInterval = TimeSpan.Zero,
            RetryDelay = TimeSpan.Zero,
        };
        var exitCode = await CliApp.RunAsync(args, context, cancellationToken);
        return (exitCode, output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal), error.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
    }
}
