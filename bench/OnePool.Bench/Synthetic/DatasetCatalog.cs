using OnePool.Core.Specs;

namespace OnePool.Bench.Synthetic;

/// <summary>The datasets sites hold and jobs read.</summary>
internal static class DatasetCatalog
{
    private const long GiB = 1024;

    public static IReadOnlyList<DatasetNeed> All { get; } =
    [
        new("imagenet-1k", 150 * GiB),
        new("laion-400m", 10_240 * GiB),
        new("c4-en", 800 * GiB),
        new("the-pile", 900 * GiB),
        new("coco-2017", 25 * GiB),
        new("librispeech", 60 * GiB),
        new("redpajama-v2", 30_720 * GiB),
        new("openwebtext", 40 * GiB),
    ];
}
