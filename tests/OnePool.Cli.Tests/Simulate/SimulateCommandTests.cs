using OnePool.TestKit.Files;
using Shouldly;

namespace OnePool.Cli.Tests.Simulate;

public sealed class SimulateCommandTests : IDisposable
{
    // The generic CSV of docs/simulator.md: two types given, one assigned; two tenants named, one default.
    private const string Jobs = """
        job_id,submit_time_s,num_gpus,duration_s,job_type,tenant
        j1,0,1,3600,"ResNet-50 (batch size 64)",vision
        j2,30.5,8,7200,,nlp
        j3,60,2,1800
        j4,600,4,900,"Transformer (batch size 64)",nlp
        """;

    private readonly CliHarness _cli = new();
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Simulate_GenericCsvTwoPolicies_PrintsARowForEachAndWritesTheReports()
    {
        var outDir = _dir.Combine("results");

        var (exitCode, output, error) = await _cli.RunAsync("simulate", "--trace", Write("jobs.csv", Jobs), "--policy", "fifo,onepool", "--out", outDir);

        exitCode.ShouldBe(0, error);
        var rows = output.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()).ToList();
        rows.ShouldContain("fifo");
        rows.ShouldContain("onepool");
        rows.ShouldNotContain("las");
        output.ShouldContain("no policy can beat avg JCT");
        Directory.GetFiles(outDir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ShouldBe(
            ["jct-cdf.svg", "jobs-fifo.csv", "jobs-onepool.csv", "summary.csv", "summary.json", "utilisation.csv", "utilisation.svg"]);
        File.ReadAllLines(Path.Combine(outDir, "jobs-fifo.csv")).Length.ShouldBe(1 + 4);
    }

    [Fact]
    public async Task Simulate_Hetero_RunsFromTheCommandLine()
    {
        var (exitCode, output, error) = await _cli.RunAsync("simulate", "--trace", Write("jobs.csv", Jobs), "--policy", "hetero");

        exitCode.ShouldBe(0, error);
        output.Split('\n').ShouldContain(l => l.StartsWith("hetero ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Simulate_MissingTraceFile_IsOneErrorLineAndExit2()
    {
        var missing = _dir.Combine("nowhere.csv");

        var (exitCode, output, error) = await _cli.RunAsync("simulate", "--trace", missing);

        exitCode.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldBe($"error: {missing}: no such file or folder\n");
    }

    [Fact]
    public async Task Simulate_UnknownPolicy_IsOneErrorLineNamingItAndExit2()
    {
        var (exitCode, output, error) = await _cli.RunAsync("simulate", "--trace", Write("jobs.csv", Jobs), "--policy", "fifo,srtf");

        exitCode.ShouldBe(2);
        output.ShouldBeEmpty();
        ErrorLines(error).ShouldHaveSingleItem().ShouldStartWith("error: --policy: unknown policy 'srtf'");
    }

    [Fact]
    public async Task Simulate_MalformedLine_IsOneErrorLineNamingFileAndLineAndExit2()
    {
        var file = Write("bad.csv", "job_id,submit_time_s,num_gpus,duration_s\nj1,0,1,3600\nj2,10,two,3600\n");

        var (exitCode, output, error) = await _cli.RunAsync("simulate", "--trace", file);

        exitCode.ShouldBe(2);
        output.ShouldBeEmpty();
        ErrorLines(error).ShouldHaveSingleItem().ShouldStartWith($"error: {file}:3: ");
    }

    private static string[] ErrorLines(string error) => error.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private string Write(string name, string text)
    {
        var path = _dir.Combine(name);
        File.WriteAllText(path, text);
        return path;
    }
}
