namespace OnePool.Contracts.Sites;

/// <summary><c>POST /v1/sites</c> body.</summary>
/// <param name="Name">Site name (letters, digits, '-', '_', '.').</param>
/// <param name="Kind">What fronts the site: <c>process</c> (agents per node, the default), <c>slurm</c> or <c>kubernetes</c>.</param>
/// <param name="Labels">Site labels jobs can require.</param>
public sealed record CreateSiteRequest(string Name, string? Kind, IReadOnlyDictionary<string, string>? Labels);

/// <summary>A new site and the only copy of its join token.</summary>
/// <param name="Name">Site name.</param>
/// <param name="Kind">Site kind.</param>
/// <param name="Token">Join token for its agents. Stored hashed: it cannot be shown again.</param>
public sealed record SiteCreated(string Name, string Kind, string Token);

/// <summary>One site in <c>GET /v1/sites</c>.</summary>
/// <param name="Name">Site name.</param>
/// <param name="Kind">Site kind.</param>
/// <param name="NodesReady">Nodes leasing now.</param>
/// <param name="NodesTotal">Nodes ever seen.</param>
/// <param name="Accelerators">Devices per model, e.g. <c>A100-80G: 16</c>.</param>
/// <param name="CreatedAt">When it was added.</param>
/// <param name="Labels">Site labels.</param>
public sealed record SiteView(
    string Name, string Kind, int NodesReady, int NodesTotal, IReadOnlyDictionary<string, int> Accelerators,
    DateTimeOffset CreatedAt, IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>Price per accelerator-hour by model (any currency, the same across sites); a model not listed costs 0.</summary>
    public IReadOnlyDictionary<string, double> Prices { get; init; } = new Dictionary<string, double>();

    /// <summary>True while the site is drained: running work continues, no new work starts.</summary>
    public bool Draining { get; init; }

    /// <summary>Datasets held at the site.</summary>
    public IReadOnlyList<string> Datasets { get; init; } = [];

    /// <summary>Bandwidth for bringing in a dataset it lacks, in MiB/s. Default: 1000.</summary>
    public double IngressMiBPerSecond { get; init; } = 1000;

    /// <summary>Relative speed per model measured at the site, overriding the scheduler's built-in table.</summary>
    public IReadOnlyDictionary<string, double> Throughput { get; init; } = new Dictionary<string, double>();
}

/// <summary><c>PUT /v1/sites/{name}</c> body: the settings to change. An absent (or null) field is left as it is; a
/// given map or list replaces the stored one.</summary>
/// <param name="Prices">Price per accelerator-hour by model (finite, at least 0).</param>
/// <param name="Draining">True to drain the site (no new work), false to undrain it.</param>
/// <param name="Datasets">Datasets held at the site.</param>
/// <param name="IngressMiBPerSecond">Bandwidth for bringing data in, MiB/s (finite, above 0).</param>
/// <param name="Throughput">Relative speed per model (finite, above 0).</param>
/// <param name="Labels">Site labels jobs can require.</param>
public sealed record SiteSettingsRequest(
    IReadOnlyDictionary<string, double>? Prices = null, bool? Draining = null, IReadOnlyList<string>? Datasets = null,
    double? IngressMiBPerSecond = null, IReadOnlyDictionary<string, double>? Throughput = null,
    IReadOnlyDictionary<string, string>? Labels = null);

/// <summary>Sites.</summary>
/// <param name="Sites">All sites by name.</param>
public sealed record SiteList(IReadOnlyList<SiteView> Sites);

/// <summary>One node in <c>GET /v1/nodes</c>.</summary>
/// <param name="Id">Node id, <c>site/name</c>.</param>
/// <param name="Site">Site.</param>
/// <param name="Name">Node name within the site.</param>
/// <param name="State">ready (leasing), suspect (late), lost, or offline (not seen since the broker started).</param>
/// <param name="CpuMillis">CPU capacity in millicores.</param>
/// <param name="MemoryMiB">Memory capacity.</param>
/// <param name="Accelerators">Devices per model.</param>
/// <param name="AllocatedCpuMillis">CPU given to live attempts.</param>
/// <param name="AllocatedMemoryMiB">Memory given to live attempts.</param>
/// <param name="AllocatedAccelerators">Devices given to live attempts, per model.</param>
/// <param name="LastSeen">Last lease, if any since the broker started.</param>
/// <param name="Labels">Node labels.</param>
public sealed record NodeView(
    string Id, string Site, string Name, string State, int CpuMillis, long MemoryMiB, IReadOnlyDictionary<string, int> Accelerators,
    int AllocatedCpuMillis, long AllocatedMemoryMiB, IReadOnlyDictionary<string, int> AllocatedAccelerators,
    DateTimeOffset? LastSeen, IReadOnlyDictionary<string, string> Labels);

/// <summary>Nodes.</summary>
/// <param name="Nodes">All nodes, by id.</param>
public sealed record NodeList(IReadOnlyList<NodeView> Nodes);

/// <summary>One line of <c>GET /v1/pool</c>: a site and accelerator model (or <c>cpu</c>).</summary>
/// <param name="Site">Site.</param>
/// <param name="Resource">Accelerator model, or <c>cpu</c> (in cores) / <c>memory</c> (in GiB).</param>
/// <param name="Capacity">Total on ready nodes.</param>
/// <param name="Allocated">Given to live attempts.</param>
/// <param name="Free">Capacity less allocated.</param>
/// <param name="Utilisation">Allocated over capacity, 0..1.</param>
public sealed record PoolRow(string Site, string Resource, double Capacity, double Allocated, double Free, double Utilisation);

/// <summary>The pool's capacity.</summary>
/// <param name="Rows">By site, then resource.</param>
/// <param name="PendingJobs">Jobs waiting.</param>
/// <param name="RunningJobs">Jobs running.</param>
public sealed record PoolView(IReadOnlyList<PoolRow> Rows, int PendingJobs, int RunningJobs)
{
    /// <summary>Effective training time over the attempts of the last 24 hours, weighted by accelerator time.</summary>
    public Jobs.EfficiencyView? LastDay { get; init; }
}

/// <summary><c>POST /v1/drain</c> and <c>/v1/undrain</c> body.</summary>
/// <param name="Target">A site (<c>gpu-centre</c>) or a node (<c>gpu-centre/node-1</c>).</param>
/// <param name="GraceSeconds">Drain only: seconds before work still running there is moved. Default: 300.</param>
public sealed record DrainRequest(string? Target, int? GraceSeconds);

/// <summary>What a drain or undrain did.</summary>
/// <param name="Target">The site or node.</param>
/// <param name="Draining">True after drain, false after undrain.</param>
/// <param name="MovesWorkAt">When work still running there is moved (drain only).</param>
public sealed record DrainState(string Target, bool Draining, DateTimeOffset? MovesWorkAt);
