using System.Text.Json.Nodes;
using OnePool.Core.Yaml;
using Shouldly;
using Xunit;

namespace OnePool.Core.Tests.Yaml;

public sealed class LocatedYamlTests
{
    [Fact]
    public void LineOf_KeysAndItems_AreTheirOwnLines()
    {
        var document = Parse("a: 1\nb:\n  c: [x,\n    y]\n  d:\n    - e: 2\n");

        (document.LineOf("a"), document.LineOf("b.c"), document.LineOf("b.c[1]"), document.LineOf("b.d[0].e")).ShouldBe((1, 3, 4, 6));
    }

    [Fact]
    public void LineOf_UnknownPath_IsItsNearestKnownAncestor()
    {
        Parse("a:\n  b: 1\n").LineOf("a.b.nvidia.com/gpu").ShouldBe(2);
    }

    [Fact]
    public void Parse_Aliases_AreCopiesOfWhatTheyName()
    {
        var root = Parse("a: &x {b: 1}\nc: *x\n").Root!;

        root["c"]!["b"]!.GetValue<long>().ShouldBe(1);
    }

    [Fact]
    public void Parse_BillionLaughs_IsRefusedWithALocation()
    {
        var yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + string.Concat(Enumerable.Range(1, 9).Select(i =>
            $"l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat(i == 1 ? "*a" : $"*l{i - 1}", 10))}]\n"));

        var (document, error) = LocatedYaml.Parse(yaml);

        document.ShouldBeNull();
        error!.Message.ShouldContain("more than 100000 values");
        error.Line.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Parse_NestingDeeperThanTheLimit_IsRefusedWithoutRecursing()
    {
        var (_, error) = LocatedYaml.Parse("a: " + new string('[', 200_000) + new string(']', 200_000));

        error!.Message.ShouldContain("nested deeper than 64");
    }

    [Fact]
    public void Parse_TrailingEmptyDocument_IsSkipped()
    {
        Parse("a: 1\n---\n").Root!["a"]!.GetValue<long>().ShouldBe(1);
    }

    [Fact]
    public void Parse_TwoDocuments_IsAnError()
    {
        LocatedYaml.Parse("a: 1\n---\nb: 2\n").Error!.Message.ShouldContain("found several");
    }

    [Fact]
    public void Parse_DuplicateKey_IsALocatedError()
    {
        var error = LocatedYaml.Parse("a: 1\nb: 2\na: 3\n").Error!;

        (error.Line, error.Message).ShouldBe((3, "line 3, column 1: 'a' is given twice"));
    }

    [Theory]
    [InlineData(".nan")]
    [InlineData(".inf")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    public void Parse_NonFiniteNumbers_StayText(string text)
    {
        Parse($"a: {text}\n").Root!["a"]!.GetValueKind().ShouldBe(System.Text.Json.JsonValueKind.String);
    }

    [Fact]
    public void Parse_InvalidYaml_GivesLineAndColumn()
    {
        var error = LocatedYaml.Parse("a: 1\nrun: |\n  echo\n\n4\n").Error!;

        (error.Line, error.Column).ShouldBe((5, 1));
        error.Message.ShouldStartWith("invalid YAML at line 5, column 1: ");
    }

    private static LocatedYaml Parse(string text)
    {
        var (document, error) = LocatedYaml.Parse(text);
        error.ShouldBeNull();
        document!.Root.ShouldBeOfType<JsonObject>();
        return document;
    }
}
