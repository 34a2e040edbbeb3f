namespace OnePool.Core.Importers.SkyPilot;

/// <summary>The SkyPilot fields that only choose or shape cloud machines, and why each is left out: OnePool places
/// jobs on the sites and nodes it has (docs/importers.md). Each gets an ignored note when present.</summary>
internal static class SkyPilotFields
{
    /// <summary>Fields under <c>resources</c> (and its <c>any_of</c>/<c>ordered</c> entries) that are about clouds.</summary>
    public static IReadOnlyDictionary<string, string> CloudOnly { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["cloud"] = "OnePool chooses the site itself; the cloud is not used",
        ["infra"] = "OnePool chooses the site itself; the infra is not used",
        ["region"] = "OnePool chooses the site itself; the region is not used",
        ["zone"] = "OnePool chooses the site itself; the zone is not used",
        ["instance_type"] = "OnePool asks for cpu, memory and accelerators, not for instance types",
        ["image_id"] = "the job runs in the node's own environment, not in this image: the node must have what it needs",
        ["disk_size"] = "OnePool does not size disks: the job uses the node's disk",
        ["disk_tier"] = "OnePool does not choose disks: the job uses the node's disk",
        ["ports"] = "OnePool does not open ports to a job",
        ["labels"] = "labels for cloud instances; not used",
        ["network_tier"] = "OnePool does not choose networks",
        ["autostop"] = "OnePool frees a job's resources as soon as it ends",
        ["accelerator_args"] = "settings for TPUs; not used",
        ["_docker_login_config"] = "the job runs in no container",
    };

    /// <summary>Top-level fields that do not change what the task runs and where.</summary>
    public static IReadOnlyDictionary<string, string> IgnoredTopLevel { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["service"] = "a SkyServe service section; `sky launch` ignores it too, and OnePool runs the task as a batch job",
        ["config"] = "SkyPilot configuration overrides; not used",
        ["event_callback"] = "OnePool calls no hooks; follow the job with `onepool submit --wait` or `onepool job ID`",
    };
}
