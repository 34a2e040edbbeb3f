namespace OnePool.Scheduler.Snapshot;

/// <summary>What the scheduler knows about a site beyond its nodes.</summary>
/// <param name="Name">Site name.</param>
public sealed record SiteSnapshot(string Name)
{
    /// <summary>Price per accelerator-hour by model (any currency, consistent across sites). Missing models cost 0.</summary>
    public IReadOnlyDictionary<string, double> Prices { get; init; } = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Fraction of the normal price charged to preemptible jobs. Default: 0.3.</summary>
    public double PreemptibleDiscount { get; init; } = 0.3;

    /// <summary>True while the site is drained: no new work.</summary>
    public bool Draining { get; init; }

    /// <summary>Recent reliability, 0 (failing) to 1 (no recent failures). Below 1 the site is penalised.</summary>
    public double Reliability { get; init; } = 1;

    /// <summary>Datasets held at the site.</summary>
    public IReadOnlySet<string> Datasets { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Bandwidth for bringing in a dataset it lacks, in MiB/s. Default: 1000 (about 8 Gbit/s).</summary>
    public double IngressMiBPerSecond { get; init; } = 1000;

    /// <summary>Accelerators by model waiting in the site's own queue for work OnePool did not send (Slurm's pending
    /// jobs of local users): work placed there waits behind it. Default: none.</summary>
    public IReadOnlyDictionary<string, int> QueuedAccelerators { get; init; } = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The site's own relative speeds per model (measured there), overriding the built-in table.</summary>
    public IReadOnlyDictionary<string, double> Throughput { get; init; } = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
}
