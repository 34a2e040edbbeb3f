using System.Reflection;
using System.Text.Json;
using OnePool.Core.Specs;
using Shouldly;
using Xunit;

namespace OnePool.Core.Tests.Specs;

/// <summary>Keeps the published schema, the examples and the model in step.</summary>
public sealed class JobSpecSchemaTests
{
    private static readonly string Root = FindRoot();

    [Theory]
    [InlineData(typeof(JobSpec), "")]
    [InlineData(typeof(ResourceSpec), "resources")]
    [InlineData(typeof(ConstraintSpec), "constraints")]
    public void Schema_ListsExactlyTheModelsFields(Type type, string path)
    {
        var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "docs", "jobspec.schema.json"))).RootElement;
        var node = path.Length == 0 ? schema : schema.GetProperty("properties").GetProperty(path);

        var inSchema = node.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order();
        var inModel = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).Order();

        inSchema.ShouldBe(inModel);
    }

    [Fact]
    public void Examples_AreAllValidJobs()
    {
        var files = Directory.GetFiles(Path.Combine(Root, "examples"), "*.yaml");
        files.ShouldNotBeEmpty();

        foreach (var file in files)
        {
            var (spec, error) = JobSpecReader.Read(File.ReadAllText(file));
            error.ShouldBeNull($"{file}: {error}");
            var (requirements, errors) = JobSpecValidator.Validate(spec!);
            requirements.ShouldNotBeNull($"{file}: {string.Join("; ", errors)}");
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OnePool.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("the repository root (OnePool.slnx) is not above the test's folder");
    }
}
