using System.Diagnostics;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using OnePool.Core.Importers;
using OnePool.Core.Importers.Kubernetes;
using OnePool.Core.Importers.SkyPilot;
using OnePool.Core.Importers.Slurm;
using OnePool.Core.Specs;
using Shouldly;
using Xunit;

namespace OnePool.Core.Tests.Importers;

/// <summary>Random and hostile documents fed to every parser (OnePool spec, sbatch, SkyPilot, PyTorchJob, Volcano Job)
/// and to the detector: none throws, each answers within a second (measured around each parse, generous for a
/// loaded CI machine), and each gives either a valid job or at least one clear error.</summary>
public sealed class JobFileParserPropertyTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(1);

    private static readonly string[] Keys =
    [
        "name", "run", "setup", "num_nodes", "resources", "accelerators", "cpus", "memory", "use_spot", "any_of", "ordered", "envs",
        "file_mounts", "apiVersion", "kind", "spec", "pytorchReplicaSpecs", "Master", "Worker", "replicas", "template", "containers",
        "command", "args", "limits", "requests", "nvidia.com/gpu", "cpu", "tasks", "minAvailable", "maxRetry", "elasticPolicy",
        "minReplicas", "maxReplicas", "policies", "plugins", "metadata", "env", "retries", "preemptible",
    ];

    private static readonly string[] Scalars =
    [
        "", "~", "null", "0", "1", "-1", "8", "0.5", "-0.5", "4+", "1000+", ".nan", ".inf", "-.inf", "NaN", "Infinity", "1e308", "1e999",
        "99999999999999999999", "A100:8", "A100-80GB:8", "T4:0.5", "T4:-1", "T4:NaN", "{H100: 8, A100: 8}", "[V100:1, T4:1]", "500m",
        "16Gi", "-2Gi", "1e3", "\"1\"", "kubeflow.org/v1", "batch.volcano.sh/v1alpha1", "PyTorchJob", "Job", "true", "True", "[]", "{}",
        "[bash, -c, echo]", "\"\\uD800\"", "\"\\0\"", "é", "&a x", "*a", "!!binary AAAA", "'unclosed", "[[[", "]]]", "? x",
    ];

    [Property(MaxTest = 300)]
    public bool EveryParser_AnyText_NeverThrowsAndAnswersFast(string? text) => AllHold(text ?? "");

    [Property(MaxTest = 300)]
    public bool EveryParser_RandomYamlOfKnownFields_NeverThrowsAndAnswersFast(NonNegativeInt[] picks)
    {
        var text = new StringBuilder();
        for (var i = 0; i + 2 < picks.Length; i += 3)
        {
            var indent = new string(' ', 2 * (picks[i].Get % 4));
            text.Append(indent).Append(picks[i].Get % 5 == 0 ? "- " : "").Append(Keys[picks[i + 1].Get % Keys.Length]).Append(": ")
                .Append(Scalars[picks[i + 2].Get % Scalars.Length]).Append('\n');
        }

        return AllHold(text.ToString());
    }

    /// <summary>Every hostile document, each time (a random pick of them once let a failure through only now and then).</summary>
    public static TheoryData<int> Hostile() => new(Enumerable.Range(0, HostileDocuments().Count()));

    [Theory]
    [MemberData(nameof(Hostile))]
    public void EveryParser_HostileDocument_NeverThrowsAndAnswersFast(int index)
    {
        AllHold(HostileDocuments().ElementAt(index)).ShouldBeTrue();
    }

    [Property(MaxTest = 100)]
    public Property EveryParser_HostileDocumentsMangled_NeverThrowAndAnswerFast() =>
        Prop.ForAll(Gen.Elements(HostileDocuments().Where(d => d.Length < 10_000)).ToArbitrary(), ArbMap.Default.ArbFor<NonNegativeInt>(), (text, cut) =>
            AllHold(text[..(cut.Get % (text.Length + 1))]));

    /// <summary>Deep nesting, huge strings, alias bombs, absurd and non-finite quantities, bad Unicode, NUL, each wrapped
    /// in every format's outline so it reaches each importer's own fields.</summary>
    private static IEnumerable<string> HostileDocuments()
    {
        var laughs = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 10; i++)
        {
            laughs.Append('l').Append(i).Append(": &l").Append(i).Append(" [").Append(string.Join(", ", Enumerable.Repeat(i == 1 ? "*a" : $"*l{i - 1}", 10))).Append("]\n");
        }

        string[] bodies =
        [
            laughs.ToString(),
            "x: " + new string('[', 100_000) + new string(']', 100_000),
            "x: " + string.Concat(Enumerable.Repeat("{a: ", 50_000)) + "1" + new string('}', 50_000),
            string.Concat(Enumerable.Range(0, 2000).Select(i => new string(' ', i % 200) + "k" + i + ":\n")),
            "run: " + new string('x', 1_100_000),
            "run: \"" + new string('x', 900_000) + "\"",
            "name: \"\uD800\"\nrun: \"\uDFFF\0\"",
            "name: a\0b\nrun: echo",
            "\uFEFF\uFFFE\uFFFF: 1",
        ];
        foreach (var body in bodies)
        {
            yield return body;
            yield return "num_nodes: 2\n" + body;
            yield return "apiVersion: kubeflow.org/v1\nkind: PyTorchJob\n" + body;
            yield return "apiVersion: batch.volcano.sh/v1alpha1\nkind: Job\n" + body;
        }

        // JSON: the native reader parses it with System.Text.Json, the importers as YAML.
        yield return "{\"run\": " + new string('[', 100_000) + new string(']', 100_000) + "}";
        yield return "{\"run\": \"echo\", \"replicas\": 1e999, \"resources\": {\"cpu\": \"NaN\", \"memory\": \"-1Gi\"}}";
        yield return "{\"apiVersion\": \"kubeflow.org/v1\", \"kind\": \"PyTorchJob\", \"spec\": {\"pytorchReplicaSpecs\": {\"Worker\": {\"replicas\": \"\uD800\"}}}}";
        yield return "resources:\n  accelerators: T4:.nan\n  cpus: -4\n  memory: 1e999+\nnum_nodes: 99999999999\nrun: echo\n";
        yield return "resources:\n  accelerators: {A100: -1, H100: .inf, L4: 1e308}\nrun: echo\n";
        yield return "resources: {any_of: [{any_of: [{use_spot: maybe}]}], ordered: []}\nrun: echo\n";
        yield return "envs: {HF_TOKEN: {a: b}, '0BAD': x, ONEPOOL_JOB_ID: y}\nrun: echo\n";
        yield return """
            apiVersion: kubeflow.org/v1
            kind: PyTorchJob
            spec:
              elasticPolicy: {minReplicas: 5, maxReplicas: 1}
              pytorchReplicaSpecs:
                Master: {replicas: -1}
                Worker:
                  replicas: 99999999
                  template: {spec: {containers: [{command: [python], resources: {limits: {nvidia.com/gpu: "0.5", cpu: "-1", memory: ".nan"}}}]}}
            """;
        yield return """
            apiVersion: batch.volcano.sh/v1alpha1
            kind: Job
            spec:
              minAvailable: -3
              maxRetry: 1e999
              tasks:
                - {replicas: 1024, template: {spec: {containers: [{command: [sh], resources: {requests: {cpu: 1e21, memory: 1Ei}}}]}}}
                - {replicas: 1024, template: {spec: {containers: [{command: [sh]}]}}}
            """;
    }

    private static bool AllHold(string text)
    {
        var results = new List<(string Parser, bool Holds)>
        {
            ("spec", Timed(() => SpecHolds(text))),
            ("sbatch", Timed(() => ImportHolds(SbatchImporter.Import(text, "fuzz.sbatch")))),
            ("skypilot", Timed(() => ImportHolds(SkyPilotImporter.Import(text)))),
            ("pytorchjob", Timed(() => ImportHolds(PyTorchJobImporter.Import(text)))),
            ("volcano", Timed(() => ImportHolds(VolcanoJobImporter.Import(text)))),
            ("detector", Timed(() => Enum.IsDefined(JobFileDetector.Detect(text, null)))),
        };
        return results.All(r => r.Holds);
    }

    private static bool Timed(Func<bool> parse)
    {
        var clock = Stopwatch.StartNew();
        var holds = parse();
        return holds && clock.Elapsed < Deadline;
    }

    private static bool SpecHolds(string text)
    {
        var (spec, error) = JobSpecReader.Read(text);
        return spec is not null ? error is null : error is { Message.Length: > 0 };
    }

    private static bool ImportHolds(ImportResult result) => result.Succeeded
        ? result.Errors.Count == 0 && JobSpecValidator.Validate(result.Spec!).Errors.Count == 0
        : result.Errors.Count > 0 && result.Errors.All(e => e.Message.Length > 0 && e.Directive.Length > 0);
}
