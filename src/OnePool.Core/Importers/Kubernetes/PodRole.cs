namespace OnePool.Core.Importers.Kubernetes;

/// <summary>One kind of pod in a Kubernetes job (a PyTorchJob replica type, a Volcano task), read from its template:
/// what its replicas run and need.</summary>
/// <param name="Name">The role's name (<c>Master</c>, <c>mpiworker</c>).</param>
/// <param name="Path">Where it is in the file, for notes.</param>
/// <param name="Replicas">How many pods of it.</param>
/// <param name="Script">What its main container runs, as bash.</param>
/// <param name="Env">Its main container's environment.</param>
/// <param name="CpuMillis">Cores it asks for, if any.</param>
/// <param name="MemoryMiB">Memory it asks for, if any.</param>
/// <param name="Gpus">NVIDIA GPUs per pod.</param>
/// <param name="GpuModel">The GPU model its node selector names, if OnePool knows it.</param>
/// <param name="RestartPolicy">The pod's or role's restart policy, if given.</param>
internal sealed record PodRole(
    string Name, string Path, int Replicas, string Script, IReadOnlyDictionary<string, string> Env,
    int? CpuMillis, long? MemoryMiB, int Gpus, string? GpuModel, string? RestartPolicy);
