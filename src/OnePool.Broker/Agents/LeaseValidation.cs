using OnePool.Contracts.Agents;
using OnePool.Core.Jobs;
using OnePool.Core.Resources;
using OnePool.Core.Specs;

namespace OnePool.Broker.Agents;

/// <summary>Checks a lease request field by field; nothing malformed from an agent reaches the store.</summary>
internal static class LeaseValidation
{
    private static readonly string[] ReportStates = ["running", "succeeded", "failed", "stopped", "lost"];

    public static List<SpecError> Check(LeaseRequest? request)
    {
        var errors = new List<SpecError>();
        if (request?.Node is null)
        {
            errors.Add(new SpecError("node", "is required"));
            return errors;
        }

        var node = request.Node;
        if (!ModelName.IsValid(node.Name))
        {
            errors.Add(new SpecError("node.name", $"'{node.Name}' is not a valid node name"));
        }

        if (node.CpuMillis < 0 || node.MemoryMiB < 0)
        {
            errors.Add(new SpecError("node.cpuMillis", "capacities cannot be negative"));
        }

        var devices = node.Accelerators ?? [];
        if (devices.Any(d => d is null || !ModelName.IsValid(d.Model) || d.Index < 0) || devices.Select(d => d.Index).Distinct().Count() != devices.Count)
        {
            errors.Add(new SpecError("node.accelerators", "every device needs a valid model and a unique index >= 0"));
        }

        if ((node.Extended ?? new Dictionary<string, long>()).Any(e => !ModelName.IsValid(e.Key) || e.Value < 0))
        {
            errors.Add(new SpecError("node.extended", "names must be valid and counts >= 0"));
        }

        if (node.SiteQueue is { } queue && (queue.Count > 100 || queue.Any(q => !ModelName.IsValid(q.Key) || q.Value < 0)))
        {
            errors.Add(new SpecError("node.siteQueue", "at most 100 models, each a valid model name with a count >= 0"));
        }

        if (node.QueueSlots is < 0 or > 16)
        {
            errors.Add(new SpecError("node.queueSlots", "must be between 0 and 16"));
        }

        if (node.StorageDomain is { } domain && !ModelName.IsValid(domain))
        {
            errors.Add(new SpecError("node.storageDomain", $"'{domain}' is not a valid storage domain name"));
        }

        if (request.WaitMillis is < 0 or > 30_000)
        {
            errors.Add(new SpecError("waitMillis", "must be between 0 and 30000"));
        }

        if (string.IsNullOrEmpty(request.AgentInstance) || request.AgentInstance.Length > 100)
        {
            errors.Add(new SpecError("agentInstance", "must be 1 to 100 characters"));
        }

        for (var i = 0; i < (request.Replicas?.Count ?? 0); i++)
        {
            var r = request.Replicas![i];
            if (r is null || !ReportStates.Contains(r.State) || r.ReplicaIndex < 0)
            {
                errors.Add(new SpecError($"replicas[{i}]", "state must be running, succeeded, failed, stopped or lost, and the index >= 0"));
            }
            else if (r.Checkpoint is { } c && (c.Length is 0 or > 100 || c.Contains('\0', StringComparison.Ordinal) || r.CheckpointAt is null))
            {
                errors.Add(new SpecError($"replicas[{i}].checkpoint", "must be 1 to 100 characters, with checkpointAt"));
            }
            else if (r.Progress is { Length: > 100 })
            {
                errors.Add(new SpecError($"replicas[{i}].progress", "must be at most 100 characters"));
            }
        }

        for (var i = 0; i < (request.Logs?.Count ?? 0); i++)
        {
            var l = request.Logs![i];
            if (l is null || l.Offset < 0 || l.Length < 0 || l.Data is null || l.ReplicaIndex < 0)
            {
                errors.Add(new SpecError($"logs[{i}]", "needs a non-negative offset, length and index, and data"));
            }
        }

        return errors;
    }

    public static ReplicaState ToState(string word) => word switch
    {
        "running" => ReplicaState.Running,
        "succeeded" => ReplicaState.Succeeded,
        "failed" => ReplicaState.Failed,
        "lost" => ReplicaState.Lost,
        _ => ReplicaState.Stopped,
    };
}
