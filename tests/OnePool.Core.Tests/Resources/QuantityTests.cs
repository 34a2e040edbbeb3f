using OnePool.Core.Resources;
using Shouldly;
using Xunit;

namespace OnePool.Core.Tests.Resources;

public sealed class QuantityTests
{
    [Theory]
    [InlineData("512Mi", 512)]
    [InlineData("16Gi", 16384)]
    [InlineData("1Ti", 1048576)]
    [InlineData("8GB", 7630)]
    [InlineData("100", 100)]
    [InlineData("1.5Gi", 1536)]
    public void TryParseMemoryMiB_KnownUnits_ConvertsToMebibytes(string text, long expected)
    {
        Quantity.TryParseMemoryMiB(text, out var mib, out _).ShouldBeTrue();
        mib.ShouldBe(expected);
    }

    [Theory]
    [InlineData("2", 2000)]
    [InlineData("0.5", 500)]
    [InlineData("250m", 250)]
    public void TryParseCpuMillis_CoresOrMillicores_ConvertsToMillicores(string text, int expected)
    {
        Quantity.TryParseCpuMillis(text, out var millis, out _).ShouldBeTrue();
        millis.ShouldBe(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("lots")]
    [InlineData("1e400")]
    [InlineData("-")]
    public void TryParseCpuMillis_Garbage_GivesAReason(string text)
    {
        Quantity.TryParseCpuMillis(text, out _, out var error).ShouldBeFalse();
        error.ShouldNotBeNullOrWhiteSpace();
    }
}
