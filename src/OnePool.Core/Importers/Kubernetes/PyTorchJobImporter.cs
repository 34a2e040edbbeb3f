using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using OnePool.Core.Specs;

namespace OnePool.Core.Importers.Kubernetes;

/// <summary>Imports a Kubeflow training-operator <c>PyTorchJob</c> (<c>kubeflow.org/v1</c>) as one OnePool gang:
/// the Master pod is replica 0, the Workers follow; each replica gets the largest resources any pod asks for, runs
/// its pod's command, and finds the variables the operator would set (<c>RANK</c>, <c>WORLD_SIZE</c>,
/// <c>MASTER_ADDR</c>, <c>MASTER_PORT</c>, and <c>PET_*</c> for <c>torch.distributed.run</c>) from OnePool's. Pure,
/// never throws on any text (docs/importers.md).</summary>
public static class PyTorchJobImporter
{
    private static readonly string[] Roles = ["Master", "Worker"];
    private static readonly HashSet<string> SpecFields = new(StringComparer.Ordinal) { "pytorchReplicaSpecs", "elasticPolicy", "runPolicy", "nprocPerNode" };
    private static readonly HashSet<string> RoleFields = new(StringComparer.Ordinal) { "replicas", "restartPolicy", "template" };

    /// <summary>Imports <paramref name="text"/>.</summary>
    public static ImportResult Import(string text, ImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (import, failure) = YamlImport.Open(text, "PyTorchJob");
        if (import is null)
        {
            return failure!;
        }

        var name = KubernetesManifest.Header(import, options?.FileName);
        var spec = import.Map("spec", import.Root["spec"]);
        var specs = import.Map("spec.pytorchReplicaSpecs", spec?["pytorchReplicaSpecs"]);
        if (spec is not null && specs is null)
        {
            import.Error("spec.pytorchReplicaSpecs", "is missing: the job has no pods");
        }

        var roles = new List<PodRole>();
        foreach (var (role, node) in specs ?? [])
        {
            var path = YamlImport.Join("spec.pytorchReplicaSpecs", role);
            if (!Roles.Contains(role))
            {
                import.Error(path, "is not a PyTorchJob replica type (Master, Worker)");
            }
            else if (import.Map(path, node) is { } map)
            {
                var replicas = import.Int(YamlImport.Join(path, "replicas"), map["replicas"], 0, JobSpecValidator.MaxReplicas) ?? 1;
                import.Unknown(map, path, RoleFields, "PyTorchJob replica spec");
                var restart = import.Text(YamlImport.Join(path, "restartPolicy"), map["restartPolicy"]);
                if (replicas > 0 && PodTemplate.Read(import, path, map, role, replicas, restart) is { } read)
                {
                    roles.Add(read);
                }
            }
        }

        roles = roles.OrderBy(r => Array.IndexOf(Roles, r.Name)).ToList();
        var elastic = Elastic(import, spec, roles.Sum(r => r.Replicas));
        var retries = PyTorchRunPolicy.Read(import, spec, roles);
        if (spec is not null)
        {
            if (spec.ContainsKey("nprocPerNode"))
            {
                elastic.Append(CultureInfo.InvariantCulture, $"export PET_NPROC_PER_NODE={GangScript.Quote(import.Text("spec.nprocPerNode", spec["nprocPerNode"]) ?? "auto")}\n");
                import.Note("spec.nprocPerNode", ImportNoteKind.Honoured, "PET_NPROC_PER_NODE for torch.distributed.run");
            }

            import.Unknown(spec, "spec", SpecFields, "PyTorchJob spec");
        }

        if (import.Failed || roles.Count == 0)
        {
            if (!import.Failed)
            {
                import.Error("spec.pytorchReplicaSpecs", "has no pods to run");
            }

            return import.Finish(new JobSpec());
        }

        var preamble = $$"""
            export RANK="$_onepool_index" WORLD_SIZE="${ONEPOOL_NUM_REPLICAS:-1}" PYTHONUNBUFFERED=1
            {{GangScript.Hosts("MASTER_ADDR")}}export MASTER_ADDR="${_onepool_hosts%%$'\n'*}" MASTER_PORT=23456

            """ + elastic;
        var job = KubernetesGang.Build(import, roles, preamble, (_, _) => "") ?? new JobSpec();
        job.Name = name;
        job.Retries = retries;
        job.MaxRuntime = PyTorchRunPolicy.Deadline(import, spec);
        return import.Finish(job);
    }

    /// <summary><c>elasticPolicy</c>: OnePool's gang has a fixed size, so <c>torch.distributed.run</c> is told exactly
    /// that many nodes, with the rendezvous on replica 0.</summary>
    private static StringBuilder Elastic(YamlImport import, JsonObject? spec, int replicas)
    {
        var text = new StringBuilder();
        const string path = "spec.elasticPolicy";
        if (import.Map(path, spec?["elasticPolicy"]) is not { } policy)
        {
            return text;
        }

        var min = import.Int($"{path}.minReplicas", policy["minReplicas"], 1, JobSpecValidator.MaxReplicas);
        var max = import.Int($"{path}.maxReplicas", policy["maxReplicas"], 1, JobSpecValidator.MaxReplicas);
        if (replicas < (min ?? 1) || replicas > (max ?? int.MaxValue))
        {
            import.Error(path, string.Create(CultureInfo.InvariantCulture, $"the job has {replicas} pods, outside minReplicas..maxReplicas"));
        }

        import.Note(path, ImportNoteKind.Mapped, string.Create(CultureInfo.InvariantCulture,
            $"elastic from {min ?? 1} to {max?.ToString(CultureInfo.InvariantCulture) ?? "any"} pods: OnePool starts exactly {replicas} together and never resizes the gang; torch.distributed.run is told PET_NNODES={replicas}, with its rendezvous on replica 0"));
        var backend = import.Text($"{path}.rdzvBackend", policy["rdzvBackend"]) ?? "c10d";
        var port = import.Int($"{path}.rdzvPort", policy["rdzvPort"], 1, 65535) ?? 29400;
        text.Append(CultureInfo.InvariantCulture,
            $"export PET_NNODES={replicas} PET_NODE_RANK=\"$RANK\" PET_RDZV_BACKEND={GangScript.Quote(backend)} PET_RDZV_ENDPOINT=\"$MASTER_ADDR:{port}\" PET_RDZV_ID=\"onepool-${{ONEPOOL_JOB_ID:-0}}-${{ONEPOOL_ATTEMPT_ID:-0}}\"\n");
        if (import.Int($"{path}.maxRestarts", policy["maxRestarts"], 0, 1_000_000) is { } restarts)
        {
            text.Append(CultureInfo.InvariantCulture, $"export PET_MAX_RESTARTS={restarts}\n");
            import.Note($"{path}.maxRestarts", ImportNoteKind.Honoured, "PET_MAX_RESTARTS: torch.distributed.run restarts its workers inside each replica");
        }

        if (policy.ContainsKey("metrics"))
        {
            import.Note($"{path}.metrics", ImportNoteKind.Ignored, "autoscaling metrics: OnePool does not resize jobs");
        }

        import.Unknown(policy, path, new HashSet<string>(["minReplicas", "maxReplicas", "rdzvBackend", "rdzvPort", "maxRestarts", "metrics"], StringComparer.Ordinal), "PyTorchJob elasticPolicy");
        return text;
    }
}
