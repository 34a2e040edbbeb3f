using System.Globalization;
using System.Text;
using OnePool.Core.Importers.Slurm;
using OnePool.Core.Resources;
using OnePool.Core.Specs;

namespace OnePool.Core.Importers.Kubernetes;

/// <summary>Makes one OnePool gang of a Kubernetes job's roles, in order (replica 0 is the first role's first pod):
/// replicas are the sum of the roles' pods, each replica gets the largest resources any role asks for (OnePool's
/// replicas are alike), and the script picks the role's commands by <c>ONEPOOL_REPLICA_INDEX</c> when roles run
/// different commands.</summary>
internal static class KubernetesGang
{
    /// <summary>The job, without name and retries; null (with an error note) when the gang is too large.</summary>
    /// <param name="import">The import.</param>
    /// <param name="roles">The roles in replica order.</param>
    /// <param name="preamble">Bash run first on every replica (after <c>_onepool_index</c> is set).</param>
    /// <param name="perRole">Bash run first in a role's part, given the role and its first replica index.</param>
    public static JobSpec? Build(YamlImport import, IReadOnlyList<PodRole> roles, string preamble, Func<PodRole, int, string> perRole)
    {
        var total = roles.Sum(r => (long)r.Replicas);
        if (total is < 1 or > JobSpecValidator.MaxReplicas)
        {
            import.Error(roles[0].Path, string.Create(CultureInfo.InvariantCulture,
                $"the job has {total} pods in all; a OnePool gang has 1 to {JobSpecValidator.MaxReplicas} replicas"));
            return null;
        }

        var spec = new JobSpec { Replicas = (int)total, Resources = Resources(import, roles) };
        var starts = roles.Select((r, i) => roles.Take(i).Sum(p => p.Replicas)).ToList();
        var parts = roles.Select((r, i) => perRole(r, starts[i])).ToList();
        // Roles that run the same, with nothing role-specific before, need no branches: one script for every replica.
        var alike = roles.All(r => r.Script == roles[0].Script && r.Env.SequenceEqual(roles[0].Env)) && parts.All(p => p.Length == 0);
        var text = new StringBuilder("# Made by onepool from a Kubernetes job (docs/importers.md).\n_onepool_index=\"${ONEPOOL_REPLICA_INDEX:-0}\"\n").Append(preamble);
        if (alike || roles.Count == 1)
        {
            spec.Env = roles[0].Env.Count > 0 ? new SortedDictionary<string, string>(roles[0].Env.ToDictionary(), StringComparer.Ordinal) : null;
            text.Append(parts[0]).Append(roles[0].Script);
        }
        else
        {
            for (var i = 0; i < roles.Count; i++)
            {
                var end = starts[i] + roles[i].Replicas;
                text.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "if" : "elif")} [ \"$_onepool_index\" -lt {end} ]; then\n");
                text.Append(CultureInfo.InvariantCulture, $"# {roles[i].Name}: replicas {starts[i]} to {end - 1}\n");
                text.Append(parts[i]).Append(ContainerScript.Exports(roles[i].Env)).Append(roles[i].Script);
            }

            text.Append("fi\n");
        }

        spec.Run = text.ToString();
        if (roles.Count > 1)
        {
            import.Note(roles[0].Path, ImportNoteKind.Mapped, alike
                ? $"{string.Join(" + ", roles.Select(r => $"{r.Replicas} {r.Name}"))}: one gang of {total} replicas running the same command"
                : $"{string.Join(" + ", roles.Select(r => $"{r.Replicas} {r.Name}"))}: one gang of {total} replicas; each runs its role's command, chosen by ONEPOOL_REPLICA_INDEX in that order");
        }

        return spec;
    }

    private static ResourceSpec? Resources(YamlImport import, IReadOnlyList<PodRole> roles)
    {
        var cpu = roles.Max(r => r.CpuMillis);
        var memory = roles.Max(r => r.MemoryMiB);
        var gpus = roles.Max(r => r.Gpus);
        if (roles.Any(r => r.CpuMillis != cpu || r.MemoryMiB != memory || r.Gpus != gpus))
        {
            import.Note(roles.First(r => r.CpuMillis != cpu || r.MemoryMiB != memory || r.Gpus != gpus).Path, ImportNoteKind.Mapped,
                $"the roles ask for different resources ({string.Join("; ", roles.Select(Describe))}); OnePool's replicas are alike, so each gets the largest");
        }

        if (cpu is null && memory is null && gpus == 0)
        {
            return null;
        }

        var resources = new ResourceSpec
        {
            Cpu = cpu is { } c ? Quantity.FormatCpu(Math.Max(1, c)) : null,
            Memory = memory is { } m ? Quantity.FormatMemory(Math.Max(1, m)) : null,
        };
        if (gpus > 0)
        {
            var model = roles.Select(r => r.GpuModel).FirstOrDefault(m => m is not null);
            resources.Accelerators = model is null
                ? GpuTypeTable.AnyGpu.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a}:{gpus}")).ToList()
                : [string.Create(CultureInfo.InvariantCulture, $"{model}:{gpus}")];
            import.Note(roles.First(r => r.Gpus == gpus).Path, model is null ? ImportNoteKind.Mapped : ImportNoteKind.Honoured, model is null
                ? $"nvidia.com/gpu: {gpus} names no model: any of the NVIDIA models OnePool knows, best first ({string.Join(", ", GpuTypeTable.AnyGpu)})"
                : $"nvidia.com/gpu: {gpus} of {model} per replica");
        }

        return resources;
    }

    private static string Describe(PodRole role)
    {
        var parts = new List<string>();
        if (role.CpuMillis is { } cpu)
        {
            parts.Add($"{Quantity.FormatCpu(cpu)} cpu");
        }

        if (role.MemoryMiB is { } memory)
        {
            parts.Add(Quantity.FormatMemory(memory));
        }

        parts.Add(string.Create(CultureInfo.InvariantCulture, $"{role.Gpus} gpu"));
        return $"{role.Name}: {string.Join(", ", parts)}";
    }
}
