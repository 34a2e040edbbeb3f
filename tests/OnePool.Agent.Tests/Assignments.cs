using OnePool.Contracts.Agents;

namespace OnePool.Agent.Tests;

/// <summary>Builds <see cref="ReplicaAssignment"/>s; each test states only what it cares about.</summary>
public static class Assignments
{
    public static ReplicaAssignment Script(string script, long attemptId = 1, int replicaIndex = 0) =>
        new(attemptId, JobId: 7, JobName: "train", replicaIndex, NumReplicas: 1, Command: [], script,
            Env: new Dictionary<string, string>(), Workdir: null, AcceleratorIndices: [], CpuMillis: 1000, MemoryMiB: 512,
            MaxRuntimeSeconds: null, StopGraceSeconds: 30);

    public static ReplicaAssignment Command(params string[] argv) => Script("") with { Command = argv, Script = null };
}
