using OnePool.Core.Resources;
using Shouldly;
using Xunit;

namespace OnePool.Core.Tests.Resources;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("30m", 1800)]
    [InlineData("1h30m", 5400)]
    [InlineData("1d12h", 129600)]
    [InlineData("02:00:00", 7200)]
    [InlineData("1-00:00:00", 86400)]
    [InlineData("45", 2700)]
    [InlineData("10:30", 630)]
    public void TryParse_CommonForms_GivesSeconds(string text, int seconds)
    {
        DurationText.TryParse(text, out var d, out _).ShouldBeTrue();
        d.TotalSeconds.ShouldBe(seconds);
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("soon")]
    [InlineData("-5m")]
    public void TryParse_NotAPositiveDuration_Fails(string text) =>
        DurationText.TryParse(text, out _, out _).ShouldBeFalse();
}
