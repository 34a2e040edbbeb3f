namespace OnePool.EndToEnd.Tests;

/// <summary>End-to-end tests start several processes each; on a 2-core machine they run one class at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndGroup
{
    public const string Name = "end-to-end";
}
