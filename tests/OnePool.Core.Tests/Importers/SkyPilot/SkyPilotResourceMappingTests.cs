using OnePool.Core.Importers;
using OnePool.Core.Importers.SkyPilot;
using Shouldly;
using Xunit;

namespace OnePool.Core.Tests.Importers.SkyPilot;

public sealed class SkyPilotResourceMappingTests
{
    public sealed class TheAcceleratorsField
    {
        [Theory]
        [InlineData("A100:8", "A100-40G:8")]
        [InlineData("A100-80GB:8", "A100-80G:8")]
        [InlineData("L4", "L4:1")]
        [InlineData("h100:4", "H100:4")]
        [InlineData("tpu-v4-8", "tpu-v4-8:1")]
        public void Import_OneAccelerator_BecomesOnePoolsModelAndCount(string written, string expected)
        {
            var result = Import($"resources:\n  accelerators: {written}\nrun: echo\n");

            result.Spec!.Resources!.Accelerators.ShouldBe([expected]);
        }

        [Fact]
        public void Import_FractionalCount_IsRoundedUpToAWholeDeviceWithAMappedNote()
        {
            var result = Import("resources:\n  accelerators: T4:0.5\nrun: echo\n");

            result.Spec!.Resources!.Accelerators.ShouldBe(["T4:1"]);
            result.Notes.ShouldContain(n => n.Line == 2 && n.Kind == ImportNoteKind.Mapped && n.Message.Contains("whole devices", StringComparison.Ordinal));
        }

        [Fact]
        public void Import_Mapping_IsAnyOfInWrittenOrder()
        {
            var result = Import("resources:\n  accelerators: {H200: 8, A100-80GB: 8}\nrun: echo\n");

            result.Spec!.Resources!.Accelerators.ShouldBe(["H200:8", "A100-80G:8"]);
        }

        [Fact]
        public void Import_List_IsAnOrderedPreferenceHonoured()
        {
            var result = Import("resources:\n  accelerators: ['V100:1', 'T4:1']\nrun: echo\n");

            result.Spec!.Resources!.Accelerators.ShouldBe(["V100:1", "T4:1"]);
            result.Notes.ShouldContain(n => n.Directive == "resources.accelerators" && n.Kind == ImportNoteKind.Honoured);
        }

        [Theory]
        [InlineData("T4:0")]
        [InlineData("T4:-1")]
        [InlineData("T4:.nan")]
        [InlineData("T4:65")]
        [InlineData("'bad name!:1'")]
        public void Import_BadAccelerator_IsALocatedError(string written)
        {
            var result = Import($"resources:\n  accelerators: {written}\nrun: echo\n");

            result.Succeeded.ShouldBeFalse();
            result.Errors.ShouldHaveSingleItem().Line.ShouldBe(2);
        }
    }

    public sealed class TheAlternatives
    {
        [Fact]
        public void Import_AnyOfWithAccelerators_ListsTheirAcceleratorsAndIgnoresClouds()
        {
            var result = Import("resources:\n  any_of:\n    - {accelerators: H100:8, cloud: aws}\n    - {accelerators: A100-80GB:8, cloud: gcp}\nrun: echo\n");

            result.Spec!.Resources!.Accelerators.ShouldBe(["H100:8", "A100-80G:8"]);
            result.Notes.Count(n => n.Kind == ImportNoteKind.Ignored && n.Directive.EndsWith(".cloud", StringComparison.Ordinal)).ShouldBe(2);
        }

        [Fact]
        public void Import_OrderedList_KeepsTheOrder()
        {
            var result = Import("resources:\n  ordered:\n    - accelerators: L4\n    - accelerators: T4\nrun: echo\n");

            result.Spec!.Resources!.Accelerators.ShouldBe(["L4:1", "T4:1"]);
        }

        [Fact]
        public void Import_AnyOfAndOrdered_IsAnError()
        {
            var result = Import("resources:\n  any_of: [{cloud: aws}]\n  ordered: [{cloud: gcp}]\nrun: echo\n");

            result.Errors.ShouldHaveSingleItem().Directive.ShouldBe("resources.ordered");
        }

        [Fact]
        public void Import_SpotOrOnDemand_IsNotPreemptible()
        {
            var result = Import("resources:\n  accelerators: A100:1\n  any_of: [{use_spot: true}, {use_spot: false}]\nrun: echo\n");

            result.Spec!.Preemptible.ShouldBeNull();
            result.Notes.ShouldContain(n => n.Message.StartsWith("spot or on-demand", StringComparison.Ordinal));
        }

        [Fact]
        public void Import_UseSpot_IsPreemptible()
        {
            Import("resources:\n  use_spot: True\nrun: echo\n").Spec!.Preemptible.ShouldBe(true);
        }
    }

    public sealed class TheCpusAndMemory
    {
        [Fact]
        public void Import_AtLeastForms_ReserveExactlyThatWithAMappedNote()
        {
            var result = Import("resources:\n  cpus: 4+\n  memory: 32+\nrun: echo\n");

            (result.Spec!.Resources!.Cpu, result.Spec.Resources.Memory).ShouldBe(("4", "32Gi"));
            result.Notes.Count(n => n.Kind == ImportNoteKind.Mapped && n.Message.StartsWith("at least", StringComparison.Ordinal)).ShouldBe(2);
        }

        [Theory]
        [InlineData("-4")]
        [InlineData("0")]
        [InlineData(".nan")]
        [InlineData(".inf")]
        [InlineData("lots")]
        public void Import_BadCpus_IsALocatedError(string written)
        {
            var result = Import($"resources:\n  cpus: {written}\nrun: echo\n");

            result.Errors.ShouldHaveSingleItem().ShouldSatisfyAllConditions(e => e.Line.ShouldBe(2), e => e.Directive.ShouldBe("resources.cpus"));
        }
    }

    private static ImportResult Import(string text) => SkyPilotImporter.Import(text);
}
