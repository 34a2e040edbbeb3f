using OnePool.Core.Importers.Slurm;
using OnePool.Core.Resources;
using Shouldly;
using Xunit;

namespace OnePool.Core.Tests.Importers.Slurm;

public sealed class SlurmValueParserTests
{
    public sealed class TheTimeParser
    {
        [Theory]
        [InlineData("30", 30 * 60)]                       // a bare number is minutes
        [InlineData("4320", 4320 * 60)]
        [InlineData("20:00", 20 * 60)]                    // MM:SS, not HH:MM
        [InlineData("90:30", (90 * 60) + 30)]             // minutes past 59
        [InlineData("04:00:00", 4 * 3600)]
        [InlineData("4:05:06", (4 * 3600) + (5 * 60) + 6)]
        [InlineData("100:00:00", 100 * 3600)]             // hours past 24
        [InlineData("3-00:00:00", 3 * 86400)]
        [InlineData("04-00:00:00", 4 * 86400)]
        [InlineData("0-00:04:00", 4 * 60)]
        [InlineData("2-12", (2 * 86400) + (12 * 3600))]   // D-H
        [InlineData("1-02:30", 86400 + (2 * 3600) + (30 * 60))] // D-H:M
        [InlineData(" 10 ", 600)]
        public void TryParse_EachSlurmForm_GivesItsLength(string text, int seconds)
        {
            SlurmTime.TryParse(text, out var limit, out _).ShouldBeTrue();

            limit.ShouldBe(TimeSpan.FromSeconds(seconds));
        }

        [Theory]
        [InlineData("0")]
        [InlineData("00:00:00")]
        [InlineData("UNLIMITED")]
        [InlineData("infinite")]
        public void TryParse_NoLimitForms_GiveNull(string text)
        {
            SlurmTime.TryParse(text, out var limit, out _).ShouldBeTrue();

            limit.ShouldBeNull();
        }

        [Theory]
        [InlineData("")]
        [InlineData("2h")]
        [InlineData("1:2:3:4")]
        [InlineData("-5")]
        [InlineData("1-")]
        [InlineData("99999999999")]
        [InlineData("3651-00:00:00")]
        public void TryParse_NotATimeOrTooLong_FailsWithAReason(string text)
        {
            SlurmTime.TryParse(text, out _, out var error).ShouldBeFalse();

            error.ShouldNotBeNullOrWhiteSpace();
        }

        [Theory]
        [InlineData("3-00:00:00")]
        [InlineData("100:00:00")]
        [InlineData("20:00")]
        [InlineData("1:00:30")]
        [InlineData("1-00:00:01")]
        [InlineData("45")]
        public void ToMaxRuntime_ReadsBackAsTheSameDuration(string text)
        {
            SlurmTime.TryParse(text, out var limit, out _).ShouldBeTrue();

            var written = SlurmTime.ToMaxRuntime(limit!.Value);

            DurationText.TryParse(written, out var back, out _).ShouldBeTrue(written);
            back.ShouldBe(limit.Value);
        }
    }

    public sealed class TheMemoryParser
    {
        [Theory]
        [InlineData("31000", 31000)]        // no unit: megabytes
        [InlineData("31000MB", 31000)]
        [InlineData("1875m", 1875)]
        [InlineData("16g", 16 * 1024)]
        [InlineData("128G", 128 * 1024)]
        [InlineData("2T", 2 * 1024 * 1024)]
        [InlineData("1024K", 1)]
        [InlineData("1025K", 2)]            // rounded up
        [InlineData("90GiB", 90 * 1024)]
        [InlineData("0", 0)]
        public void TryParseMiB_SlurmSizes_AreBinaryUnits(string text, long mib)
        {
            SlurmMemory.TryParseMiB(text, out var parsed, out _).ShouldBeTrue();

            parsed.ShouldBe(mib);
        }

        [Theory]
        [InlineData("1.5G")]
        [InlineData("16X")]
        [InlineData("G")]
        [InlineData("-1G")]
        [InlineData("9999999999999999T")]
        public void TryParseMiB_NotASizeOrAbsurd_Fails(string text)
        {
            SlurmMemory.TryParseMiB(text, out _, out var error).ShouldBeFalse();

            error.ShouldNotBeNullOrWhiteSpace();
        }
    }

    public sealed class TheArrayParser
    {
        [Theory]
        [InlineData("0-9", new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, null)]
        [InlineData("1,3,5", new[] { 1, 3, 5 }, null)]
        [InlineData("0-15:4", new[] { 0, 4, 8, 12 }, null)]
        [InlineData("0-0%1", new[] { 0 }, 1)]
        [InlineData("5,1-3,3", new[] { 1, 2, 3, 5 }, null)]
        [InlineData("1-7:3,20%2", new[] { 1, 4, 7, 20 }, 2)]
        public void TryParse_RangesListsAndSteps_GiveSortedDistinctIndices(string text, int[] indices, int? throttle)
        {
            SlurmArray.TryParse(text, out var array, out _).ShouldBeTrue();

            array!.Indices.ShouldBe(indices);
            array.MaxRunning.ShouldBe(throttle);
        }

        [Fact]
        public void TryParse_ThrottledRange_KeepsEveryIndexAndTheThrottle()
        {
            SlurmArray.TryParse("1-72%8", out var array, out _).ShouldBeTrue();

            array!.Indices.ShouldBe(Enumerable.Range(1, 72));
            array.MaxRunning.ShouldBe(8);
        }

        [Theory]
        [InlineData("")]
        [InlineData("9-1")]
        [InlineData("1-10:0")]
        [InlineData("1-3%0")]
        [InlineData("1-3%")]
        [InlineData("a-b")]
        [InlineData("1,,2")]
        [InlineData("0-4000000")]
        [InlineData("0-99999999999")]
        [InlineData("0-1000")]
        public void TryParse_BadOrTooLarge_Fails(string text)
        {
            SlurmArray.TryParse(text, out var array, out var error).ShouldBeFalse();

            array.ShouldBeNull();
            error.ShouldNotBeNullOrWhiteSpace();
        }

        [Fact]
        public void TryParse_ExactlyTheMostJobs_Succeeds()
        {
            SlurmArray.TryParse("0-999", out var array, out _).ShouldBeTrue();

            array!.Indices.Count.ShouldBe(OnePool.Core.Importers.JobArray.MaxJobs);
        }
    }

    public sealed class TheSignalParser
    {
        [Theory]
        [InlineData("B:USR1@60", "USR1", 60, true)]
        [InlineData("B:USR1@120", "USR1", 120, true)]
        [InlineData("USR1@60", "USR1", 60, false)]
        [InlineData("SIGUSR1@90", "USR1", 90, false)]
        [InlineData("B:SIGTERM@30", "TERM", 30, true)]
        [InlineData("INT@60", "INT", 60, false)]
        [InlineData("15@180", "15", 180, false)]
        [InlineData("USR2", "USR2", 60, false)]           // default lead time
        [InlineData("R:USR1@10", "USR1", 10, false)]
        [InlineData("RB:usr1@10", "USR1", 10, true)]
        public void TryParse_FormsSeenInRealScripts_AreUnderstood(string text, string signal, int seconds, bool batchOnly)
        {
            SlurmSignal.TryParse(text, out var parsed, out _).ShouldBeTrue();

            parsed.ShouldBe(new OnePool.Core.Importers.CheckpointSignal(signal, seconds, batchOnly));
        }

        [Theory]
        [InlineData("")]
        [InlineData("X:USR1@60")]
        [InlineData("NOPE@60")]
        [InlineData("99@60")]
        [InlineData("USR1@99999999")]
        [InlineData("USR1@")]
        public void TryParse_NotASignal_Fails(string text)
        {
            SlurmSignal.TryParse(text, out _, out var error).ShouldBeFalse();

            error.ShouldNotBeNullOrWhiteSpace();
        }
    }

    public sealed class TheGpuTypeTable
    {
        [Theory]
        [InlineData("a100", "A100-80G")]
        [InlineData("A100", "A100-80G")]
        [InlineData("a100_40gb", "A100-40G")]
        [InlineData("h100", "H100")]
        [InlineData("v100", "V100")]
        [InlineData("a800", "A800")]
        [InlineData("t4", "T4")]
        [InlineData("l40s", "L40S")]
        [InlineData("NVIDIA_L40S", "L40S")]
        [InlineData("tesla_v100-32gb", "V100-32G")]
        public void Find_KnownTypes_GiveThePoolModel(string slurmType, string model)
        {
            GpuTypeTable.Find(slurmType).ShouldBe(model);
        }

        [Fact]
        public void ModelFor_UnknownValidName_IsPassedThroughAsUnknown()
        {
            GpuTypeTable.ModelFor("rtx_a6000", out var known).ShouldBe("rtx_a6000");

            known.ShouldBeFalse();
        }

        [Fact]
        public void AnyGpu_EveryEntryIsAValidModelTheTableKnows()
        {
            GpuTypeTable.AnyGpu.ShouldNotBeEmpty();
            GpuTypeTable.AnyGpu.ShouldAllBe(m => GpuTypeTable.Find(m) == m);
        }
    }
}
