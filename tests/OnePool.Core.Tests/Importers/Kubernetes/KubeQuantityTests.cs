using OnePool.Core.Importers.Kubernetes;
using Shouldly;
using Xunit;

namespace OnePool.Core.Tests.Importers.Kubernetes;

public sealed class KubeQuantityTests
{
    [Theory]
    [InlineData("4", 4)]
    [InlineData("500m", 0.5)]
    [InlineData("1.5", 1.5)]
    [InlineData("2Gi", 2147483648)]
    [InlineData("1G", 1e9)]
    [InlineData("128974848", 128974848)]
    [InlineData("129e6", 129e6)]
    [InlineData("1Ki", 1024)]
    public void TryParse_KubernetesQuantity_GivesBaseUnits(string text, double expected)
    {
        KubeQuantity.TryParse(text, out var value).ShouldBeTrue();
        value.ShouldBe(expected, 1e-9);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e999")]
    [InlineData("2GB")]
    [InlineData("lots")]
    public void TryParse_NotAQuantity_IsFalse(string text)
    {
        KubeQuantity.TryParse(text, out _).ShouldBeFalse();
    }
}
