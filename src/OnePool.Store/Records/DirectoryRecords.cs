namespace OnePool.Store.Records;

/// <summary>A tenant and its queue policy.</summary>
public sealed class TenantRecord
{
    /// <summary>Name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Creation time.</summary>
    public long CreatedAt { get; set; }

    /// <summary>Nominal quota per resource (accelerator model, <c>cpu</c> in cores, <c>memory</c> in GiB) as a JSON object.</summary>
    public string Nominal { get; set; } = "{}";

    /// <summary>Most it may borrow beyond nominal per resource, as a JSON object.</summary>
    public string BorrowingLimit { get; set; } = "{}";

    /// <summary>Cohort whose members lend each other idle quota, or null.</summary>
    public string? Cohort { get; set; }

    /// <summary>Fair-share weight, above 0. Default: 1.</summary>
    public double Weight { get; set; } = 1;
}

/// <summary>A site and its settings.</summary>
public sealed class SiteRecord
{
    /// <summary>Name.</summary>
    public string Name { get; set; } = "";

    /// <summary>process, slurm or kubernetes.</summary>
    public string Kind { get; set; } = "";

    /// <summary>Labels as a JSON object.</summary>
    public string Labels { get; set; } = "{}";

    /// <summary>Creation time.</summary>
    public long CreatedAt { get; set; }

    /// <summary>Price per accelerator-hour by model, as a JSON object.</summary>
    public string Prices { get; set; } = "{}";

    /// <summary>1 while the site is drained (no new work), else 0.</summary>
    public long Draining { get; set; }

    /// <summary>Datasets held at the site, as a JSON array of names.</summary>
    public string Datasets { get; set; } = "[]";

    /// <summary>Bandwidth for bringing data in, MiB/s. Default: 1000.</summary>
    public double IngressMibPerS { get; set; } = 1000;

    /// <summary>Relative speed per model measured at the site, as a JSON object.</summary>
    public string Throughput { get; set; } = "{}";

    /// <summary>While draining through <c>onepool drain</c>: when work still running there is moved.</summary>
    public long? DrainDeadline { get; set; }
}
