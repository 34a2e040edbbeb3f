using System.Diagnostics;
using System.Text;
using FsCheck.Xunit;
using OnePool.Core.Specs;
using Shouldly;
using Xunit;

namespace OnePool.Core.Tests.Specs;

public sealed class JobSpecReaderTests
{
    [Fact]
    public void Read_YamlWithEveryField_BindsThem()
    {
        const string yaml = """
            name: train-llama
            tenant: vision
            priority: 10
            replicas: 2
            resources:
              cpu: 16
              memory: 128Gi
              accelerators: [H100:8, A100-80G:8]
              extended: { dpu: 1 }
            run: |
              echo hello
            env:
              PORT: 8080
              MODE: fast
            maxRuntime: 2h
            retries: 3
            resumable: true
            constraints:
              sites: gpu-centre
            """;

        var (spec, error) = JobSpecReader.Read(yaml);

        error.ShouldBeNull();
        spec!.Name.ShouldBe("train-llama");
        spec.Replicas.ShouldBe(2);
        spec.Resources!.Cpu.ShouldBe("16");
        spec.Resources.Accelerators.ShouldBe(["H100:8", "A100-80G:8"]);
        spec.Resources.Extended!["dpu"].ShouldBe(1);
        spec.Env!["PORT"].ShouldBe("8080");
        spec.Run.ShouldBe("echo hello\n");
        spec.Constraints!.Sites.ShouldBe(["gpu-centre"]);
        spec.Resumable.ShouldBe(true);
    }

    [Fact]
    public void Read_Json_BindsTheSameModel()
    {
        var (spec, error) = JobSpecReader.Read("""{"name":"x","command":["python3","-c","print(42)"],"resources":{"accelerators":"T4:1"}}""");

        error.ShouldBeNull();
        spec!.Command.ShouldBe(["python3", "-c", "print(42)"]);
        spec.Resources!.Accelerators.ShouldBe(["T4:1"]);
    }

    [Fact]
    public void Read_UnknownField_NamesIt()
    {
        var (_, error) = JobSpecReader.Read("name: x\nrun: echo\nresources:\n  gpus: 2\n");

        error!.Field.ShouldBe("resources.gpus");
        error.Message.ShouldContain("not a known field");
    }

    [Fact]
    public void Read_WrongType_NamesTheField()
    {
        var (_, error) = JobSpecReader.Read("run: echo\nreplicas: many\n");

        error!.Field.ShouldBe("replicas");
    }

    [Fact]
    public void Read_InvalidYaml_GivesLineAndColumn()
    {
        var (_, error) = JobSpecReader.Read("name: x\nrun: [unclosed\n");

        error!.Message.ShouldStartWith("invalid YAML at line");
    }

    [Fact]
    public void Read_YamlTheParserRejectsWithoutALocation_IsStillAnError()
    {
        // Shrunk from a failure of Read_AnyText_NeverThrows: YamlDotNet throws InvalidOperationException here.
        var (spec, error) = JobSpecReader.Read(": [\na");

        spec.ShouldBeNull();
        error!.Message.ShouldStartWith("invalid YAML");
    }

    [Fact]
    public void Read_BillionLaughs_IsRefusedQuickly()
    {
        var yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 10; i++)
        {
            yaml.Append(CultureInfo(i)).Append(": &l").Append(i).Append(" [");
            yaml.Append(string.Join(", ", Enumerable.Repeat(i == 1 ? "*a" : $"*l{i - 1}", 10)));
            yaml.Append("]\n");
        }

        var watch = Stopwatch.StartNew();
        var (spec, error) = JobSpecReader.Read(yaml.ToString());

        spec.ShouldBeNull();
        error!.Message.ShouldContain("more than");
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Read_DeepNesting_IsRefused()
    {
        var yaml = "run: echo\nlabels: " + new string('[', 200) + new string(']', 200);

        var (spec, error) = JobSpecReader.Read(yaml);

        spec.ShouldBeNull();
        error.ShouldNotBeNull();
    }

    [Fact]
    public void Read_JsonWithALoneSurrogate_IsAnErrorNotAnException()
    {
        var (spec, error) = JobSpecReader.Read("{\"run\": \"\uD800\"}");

        spec.ShouldBeNull();
        error!.Message.ShouldContain("not valid Unicode");
    }

    [Fact]
    public void Read_DocumentOverOneMebibyte_IsRefused()
    {
        var (spec, error) = JobSpecReader.Read("run: " + new string('x', JobSpecReader.MaxDocumentLength + 1));

        spec.ShouldBeNull();
        error!.Message.ShouldContain("larger than");
    }

    [Fact]
    public void Read_EnvWithoutValue_SaysHowToGiveOne()
    {
        var (_, error) = JobSpecReader.Read("run: echo\nenv:\n  HF_TOKEN:\n");

        error!.Message.ShouldContain("HF_TOKEN");
    }

    [Property(MaxTest = 300)]
    public bool Read_AnyText_NeverThrows(string? text)
    {
        var (spec, error) = JobSpecReader.Read(text ?? "");
        return spec is not null ^ error is not null;
    }

    private static string CultureInfo(int i) => $"l{i}x";
}
