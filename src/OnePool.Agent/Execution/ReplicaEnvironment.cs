using System.Globalization;
using OnePool.Contracts.Agents;

namespace OnePool.Agent.Execution;

/// <summary>The environment variables and working directory a replica starts with.</summary>
internal static class ReplicaEnvironment
{
    /// <summary>The agent's secret; never passed on to jobs.</summary>
    public const string TokenVariable = "ONEPOOL_TOKEN";

    /// <summary>Fills <paramref name="environment"/> (which starts as a copy of the agent's) for
    /// <paramref name="assignment"/>: drops <c>ONEPOOL_TOKEN</c>, adds the spec's <c>Env</c>, then OnePool's own
    /// variables, which win over the spec's. Creates the checkpoint directory.</summary>
    public static void Apply(IDictionary<string, string?> environment, ReplicaAssignment assignment, ExecutorContext context)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(context);
        environment.Remove(TokenVariable);
        foreach (var (name, value) in assignment.Env)
        {
            environment[name] = value;
        }

        var checkpoints = context.CheckpointDirectory(assignment.JobId);
        Directory.CreateDirectory(checkpoints);
        if (assignment.ResumeFrom is { } resume)
        {
            environment["ONEPOOL_RESUME_FROM"] = Path.Combine(checkpoints, resume);
        }

        environment["ONEPOOL_JOB_ID"] = assignment.JobId.ToString(CultureInfo.InvariantCulture);
        environment["ONEPOOL_JOB_NAME"] = assignment.JobName;
        environment["ONEPOOL_ATTEMPT_ID"] = assignment.AttemptId.ToString(CultureInfo.InvariantCulture);
        environment["ONEPOOL_REPLICA_INDEX"] = assignment.ReplicaIndex.ToString(CultureInfo.InvariantCulture);
        environment["ONEPOOL_NUM_REPLICAS"] = assignment.NumReplicas.ToString(CultureInfo.InvariantCulture);
        environment["ONEPOOL_NODE"] = context.NodeName;
        environment["ONEPOOL_CHECKPOINT_DIR"] = checkpoints;
        if (assignment.ReplicaHosts.Count > 0)
        {
            environment["ONEPOOL_REPLICA_HOSTS"] = string.Join(',', assignment.ReplicaHosts);
        }

        // An empty value hides every GPU from the job, which is what a replica that was given none should see.
        environment["CUDA_VISIBLE_DEVICES"] = string.Join(',',
            assignment.AcceleratorIndices.Select(i => i.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>The working directory: the assignment's (which must exist), or a fresh
    /// <c>work/attempt-ID-REPLICA</c> under the data directory. Returns an error message when the given one is missing.</summary>
    public static (string? Directory, string? Error) WorkingDirectory(ReplicaAssignment assignment, ExecutorContext context)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(context);
        if (!string.IsNullOrEmpty(assignment.Workdir))
        {
            return Directory.Exists(assignment.Workdir)
                ? (assignment.Workdir, null)
                : (null, $"working directory '{assignment.Workdir}' does not exist on node {context.NodeName}");
        }

        var key = new ReplicaKey(assignment.AttemptId, assignment.ReplicaIndex);
        var dir = Path.Combine(context.DataDirectory, "work", key.FileStem);
        Directory.CreateDirectory(dir);
        return (dir, null);
    }
}
