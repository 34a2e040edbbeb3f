using System.Globalization;
using System.Text.Json.Nodes;
using OnePool.Core.Importers.Slurm;

namespace OnePool.Core.Importers.Kubernetes;

/// <summary>Reads a pod template (<c>template.spec</c>) into a <see cref="PodRole"/>: the first container's command and
/// args become bash, its env the role's, its requests (else limits) for <c>cpu</c>, <c>memory</c> and
/// <c>nvidia.com/gpu</c> the role's resources. The image is ignored (OnePool runs processes on its nodes, not
/// containers); pod and container fields without a OnePool meaning get a note each.</summary>
internal static class PodTemplate
{
    private static readonly HashSet<string> SilentContainerFields = new(StringComparer.Ordinal) { "name", "command", "args", "env", "resources", "image" };

    private static readonly Dictionary<string, string> IgnoredContainerFields = new(StringComparer.Ordinal)
    {
        ["imagePullPolicy"] = "no image is pulled", ["ports"] = "OnePool does not expose ports",
        ["securityContext"] = "the job runs as the agent's user", ["livenessProbe"] = "OnePool runs no probes",
        ["readinessProbe"] = "OnePool runs no probes", ["startupProbe"] = "OnePool runs no probes",
        ["terminationMessagePath"] = "not used", ["terminationMessagePolicy"] = "not used", ["stdin"] = "not used", ["tty"] = "not used",
    };

    private static readonly Dictionary<string, string> IgnoredPodFields = new(StringComparer.Ordinal)
    {
        ["serviceAccountName"] = "OnePool jobs have no Kubernetes identity", ["serviceAccount"] = "OnePool jobs have no Kubernetes identity",
        ["imagePullSecrets"] = "no image is pulled", ["dnsPolicy"] = "not used", ["schedulerName"] = "OnePool schedules the job itself",
        ["priorityClassName"] = "OnePool orders jobs by tenant and priority", ["securityContext"] = "the job runs as the agent's user",
        ["terminationGracePeriodSeconds"] = "OnePool gives every job the same stop grace (SIGTERM, then SIGKILL)",
        ["hostNetwork"] = "the job always uses the node's network", ["hostIPC"] = "not used", ["enableServiceLinks"] = "not used",
    };

    /// <summary>Node-selector labels that name the GPU model (GPU feature discovery, GKE).</summary>
    private static readonly string[] GpuModelLabels = ["nvidia.com/gpu.product", "cloud.google.com/gke-accelerator"];

    private static readonly string[] LimitsThenRequests = ["limits", "requests"];

    /// <summary>Reads the template of <paramref name="role"/> (at <paramref name="path"/>).</summary>
    public static PodRole? Read(YamlImport import, string path, JsonObject role, string name, int replicas, string? restartPolicy)
    {
        var templatePath = YamlImport.Join(path, "template");
        var template = import.Map(templatePath, role["template"]);
        var specPath = YamlImport.Join(templatePath, "spec");
        if (template?["metadata"] is not null)
        {
            import.Note(YamlImport.Join(templatePath, "metadata"), ImportNoteKind.Ignored, "pod labels and annotations; not used");
        }

        var pod = import.Map(specPath, template?["spec"]);
        var containers = import.List(YamlImport.Join(specPath, "containers"), pod?["containers"]);
        if (pod is null || containers is not { Count: > 0 })
        {
            import.Error(YamlImport.Join(specPath, "containers"), "is missing: the pod runs nothing");
            return null;
        }

        var gpuModel = NodeSelector(import, specPath, pod);
        PodFields(import, specPath, pod);
        var policy = import.Text(YamlImport.Join(specPath, "restartPolicy"), pod["restartPolicy"]) ?? restartPolicy;
        for (var i = 1; i < containers.Count; i++)
        {
            import.Note(At(specPath, "containers", i), ImportNoteKind.Unsupported, "only a pod's first container runs: OnePool runs one process tree per replica");
        }

        var containerPath = At(specPath, "containers", 0);
        if (import.Map(containerPath, containers[0]) is not { } container)
        {
            return null;
        }

        var script = ContainerScript.Read(import, containerPath, container);
        var env = ContainerScript.Env(import, containerPath, container);
        var (cpu, memory, gpus) = Resources(import, YamlImport.Join(containerPath, "resources"), container["resources"]);
        ContainerFields(import, containerPath, container);
        return script is null ? null : new PodRole(name, path, replicas, script, env, cpu, memory, gpus, gpuModel, policy);
    }

    private static (int? Cpu, long? Memory, int Gpus) Resources(YamlImport import, string path, JsonNode? node)
    {
        var resources = import.Map(path, node);
        int? cpu = null;
        long? memory = null;
        var gpus = 0;
        foreach (var kind in LimitsThenRequests)
        {
            // Requests are what Kubernetes reserves; limits count where no request is given (Kubernetes' own default).
            var amounts = import.Map(YamlImport.Join(path, kind), resources?[kind]);
            foreach (var (resource, value) in amounts ?? [])
            {
                var at = YamlImport.Join(YamlImport.Join(path, kind), resource);
                var text = import.Text(at, value);
                if (!KubeQuantity.TryParse(text, out var amount))
                {
                    import.Error(at, $"'{YamlImport.Short(text ?? "")}' is not a Kubernetes quantity (4, 500m, 16Gi)");
                    continue;
                }

                switch (resource)
                {
                    case "cpu":
                        cpu = (int)Math.Min(1_000_000_000, Math.Ceiling(amount * 1000));
                        break;
                    case "memory":
                        memory = (long)Math.Ceiling(amount / (1024 * 1024));
                        break;
                    case "nvidia.com/gpu" when amount != Math.Floor(amount) || amount > 64:
                        import.Error(at, "is not a whole number of GPUs from 0 to 64");
                        break;
                    case "nvidia.com/gpu":
                        gpus = (int)amount;
                        break;
                    case "ephemeral-storage":
                        import.Note(at, ImportNoteKind.Ignored, "OnePool does not size disks: the job uses the node's disk");
                        break;
                    default:
                        import.Note(at, ImportNoteKind.Unsupported, "is a resource OnePool does not know how to ask for; left out");
                        break;
                }
            }
        }

        return (cpu, memory, gpus);
    }

    private static string? NodeSelector(YamlImport import, string specPath, JsonObject pod)
    {
        string? model = null;
        var path = YamlImport.Join(specPath, "nodeSelector");
        foreach (var (label, value) in import.Map(path, pod["nodeSelector"]) ?? [])
        {
            var at = YamlImport.Join(path, label);
            var text = import.Text(at, value) ?? "";
            if (GpuModelLabels.Contains(label) && GpuTypeTable.Find(text) is { } found)
            {
                model = found;
                import.Note(at, ImportNoteKind.Mapped, $"{text} is OnePool's {found}");
            }
            else
            {
                import.Note(at, ImportNoteKind.Unsupported, "node labels are not used to place the job (OnePool places by resources and model)");
            }
        }

        return model;
    }

    private static void PodFields(YamlImport import, string specPath, JsonObject pod)
    {
        foreach (var (key, _) in pod)
        {
            if (key is "containers" or "nodeSelector" or "restartPolicy")
            {
                continue;
            }

            var at = YamlImport.Join(specPath, key);
            if (IgnoredPodFields.TryGetValue(key, out var why))
            {
                import.Note(at, ImportNoteKind.Ignored, why);
            }
            else
            {
                import.Note(at, ImportNoteKind.Unsupported, key switch
                {
                    "volumes" => "OnePool attaches no volumes: the job needs this data on its nodes already",
                    "initContainers" => "init containers are not run; do their work at the start of the command",
                    "affinity" or "tolerations" or "topologySpreadConstraints" => "OnePool places replicas by resources and model only",
                    _ => "is a pod field with no OnePool equivalent; left out",
                });
            }
        }
    }

    private static void ContainerFields(YamlImport import, string path, JsonObject container)
    {
        if (import.Text(YamlImport.Join(path, "image"), container["image"]) is { } image)
        {
            import.Note(YamlImport.Join(path, "image"), ImportNoteKind.Ignored,
                $"the command runs on the node itself, not in {YamlImport.Short(image)}: the node must have what it needs");
        }

        foreach (var (key, _) in container)
        {
            var at = YamlImport.Join(path, key);
            if (SilentContainerFields.Contains(key))
            {
                continue;
            }

            if (IgnoredContainerFields.TryGetValue(key, out var why))
            {
                import.Note(at, ImportNoteKind.Ignored, why);
            }
            else
            {
                import.Note(at, ImportNoteKind.Unsupported, key switch
                {
                    "workingDir" => "a folder inside the image; the job starts in a fresh folder on the node",
                    "volumeMounts" => "nothing is mounted: the job needs this data on its nodes already",
                    "envFrom" => "environment from Kubernetes objects is not available; give the values in env",
                    _ => "is a container field with no OnePool equivalent; left out",
                });
            }
        }
    }

    private static string At(string path, string key, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{YamlImport.Join(path, key)}[{index}]");
}
