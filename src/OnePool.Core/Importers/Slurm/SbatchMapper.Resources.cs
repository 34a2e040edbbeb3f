using System.Globalization;
using OnePool.Core.Resources;
using OnePool.Core.Specs;

namespace OnePool.Core.Importers.Slurm;

/// <summary>Nodes, tasks, CPUs and memory.</summary>
internal sealed partial class SbatchMapper
{
    private const int MaxCount = 1_000_000;

    private static readonly string[] MemoryOptions = ["mem", "mem-per-cpu", "mem-per-gpu"];

    private void MapResources(Dictionary<string, SbatchDirective> usable)
    {
        var nodesDirective = usable.GetValueOrDefault("nodes");
        var ntasksDirective = usable.GetValueOrDefault("ntasks");
        var perNodeDirective = usable.GetValueOrDefault("ntasks-per-node");
        var nodes = nodesDirective is null ? null : Nodes(nodesDirective);
        var ntasks = ntasksDirective is null ? null : Count(ntasksDirective, 1, MaxCount);
        var perNode = perNodeDirective is null ? null : Count(perNodeDirective, 1, MaxCount);
        var replicas = nodes ?? (ntasks is { } n && perNode is { } p ? (int)Math.Min(((long)n + p - 1) / p, int.MaxValue) : 1);
        if (nodes is null && replicas > JobSpecValidator.MaxReplicas)
        {
            Note(ntasksDirective!, ImportNoteKind.Error, string.Create(CultureInfo.InvariantCulture,
                $"with --ntasks-per-node={perNode} needs {replicas} nodes; OnePool's largest gang is {JobSpecValidator.MaxReplicas} replicas"));
            return;
        }

        var tasksKnown = ntasks is not null || perNode is not null;
        var tasksPerNode = perNode ?? (ntasks is { } t ? (t + replicas - 1) / replicas : 1);
        NoteNodes(nodesDirective, nodes, replicas, ntasks, perNode);
        if (ntasks is { } total && total > (long)replicas * tasksPerNode)
        {
            Note(ntasksDirective!, ImportNoteKind.Error, string.Create(CultureInfo.InvariantCulture,
                $"{total} tasks do not fit {replicas} node(s) x {tasksPerNode} tasks per node"));
        }
        else if (ntasks is { } uneven && perNode is null && uneven % replicas != 0)
        {
            Note(ntasksDirective!, ImportNoteKind.Mapped, string.Create(CultureInfo.InvariantCulture,
                $"{uneven} tasks over {replicas} nodes is uneven; OnePool replicas are alike, so each node counts {tasksPerNode}"));
        }
        else if (ntasksDirective is not null && ntasks is not null)
        {
            Note(ntasksDirective, ImportNoteKind.Honoured, string.Create(CultureInfo.InvariantCulture,
                $"{Plural(ntasks.Value, "task")} in all (SLURM_NTASKS), {Text(tasksPerNode)} per node"));
        }

        if (perNodeDirective is not null && perNode is not null)
        {
            Note(perNodeDirective, ImportNoteKind.Honoured, string.Create(CultureInfo.InvariantCulture,
                $"{Plural(perNode.Value, "task")} per node (SLURM_NTASKS_PER_NODE); the script starts them itself (srun, mpirun, torchrun)"));
        }

        _spec.Replicas = replicas;
        _env["SLURM_JOB_NUM_NODES"] = Text(replicas);
        _env["SLURM_NNODES"] = Text(replicas);
        if (tasksKnown)
        {
            _env["SLURM_NTASKS_PER_NODE"] = Text(tasksPerNode);
            _env["SLURM_NTASKS"] = Text(ntasks ?? (long)replicas * tasksPerNode);
        }

        var gpus = MapGpus(usable, replicas, tasksPerNode);
        var cpus = MapCpus(usable, tasksKnown ? tasksPerNode : null, gpus);
        MapMemory(usable, cpus ?? tasksPerNode, gpus);
    }

    private void NoteNodes(SbatchDirective? directive, int? nodes, int replicas, int? ntasks, int? perNode)
    {
        var perReplica = replicas > 1
            ? "; the script runs on every replica, not once on the first node as under Slurm (tell them apart by ONEPOOL_REPLICA_INDEX)" : "";
        if (directive is not null)
        {
            if (nodes is not null && !directive.Value!.Contains('-', StringComparison.Ordinal))
            {
                Note(directive, ImportNoteKind.Honoured, Text(replicas) + (replicas == 1 ? " replica" : " replicas, started together as a gang") + perReplica);
            }
        }
        else if (ntasks is not null && perNode is not null)
        {
            Add(0, "--nodes", ImportNoteKind.Mapped, $"not given: {Text(replicas)} replica(s) from --ntasks={ntasks} and --ntasks-per-node={perNode}{perReplica}");
        }
        else
        {
            Add(0, "--nodes", ImportNoteKind.Mapped, "not given: 1 replica, as sbatch; if the script is meant for `sbatch --nodes=N`, set replicas: N");
        }
    }

    private int? MapCpus(Dictionary<string, SbatchDirective> usable, int? tasksPerNode, int gpus)
    {
        var perTaskDirective = usable.GetValueOrDefault("cpus-per-task");
        var perGpuDirective = usable.GetValueOrDefault("cpus-per-gpu");
        long? cpus = null;
        if (perTaskDirective is not null && Count(perTaskDirective, 1, MaxCount) is { } perTask)
        {
            cpus = (long)perTask * (tasksPerNode ?? 1);
            _env["SLURM_CPUS_PER_TASK"] = Text(perTask);
            Note(perTaskDirective, ImportNoteKind.Honoured, $"cpu {Text(cpus.Value)} per replica ({Text(perTask)} per task x {Plural(tasksPerNode ?? 1, "task")} per node)");
            if (perGpuDirective is not null)
            {
                Note(perGpuDirective, ImportNoteKind.Ignored, "is left out: --cpus-per-task already sets the CPUs");
            }
        }
        else if (perGpuDirective is not null && Count(perGpuDirective, 1, MaxCount) is { } perGpu)
        {
            if (gpus == 0)
            {
                Note(perGpuDirective, ImportNoteKind.Error, "asks for CPUs per GPU, but the job asks for no GPUs");
                return null;
            }

            cpus = (long)perGpu * gpus;
            Note(perGpuDirective, ImportNoteKind.Honoured, $"cpu {Text(cpus.Value)} per replica ({Text(perGpu)} per GPU x {Plural(gpus, "GPU")})");
        }
        else if (tasksPerNode is > 1)
        {
            cpus = tasksPerNode;
            Add(0, "--cpus-per-task", ImportNoteKind.Mapped, $"not given: 1 CPU per task, as Slurm, so cpu {Text(cpus.Value)} per replica");
        }

        if (cpus > MaxCount)
        {
            Add(perTaskDirective?.Line ?? perGpuDirective?.Line ?? 0, perTaskDirective?.Written ?? perGpuDirective?.Written ?? "--cpus-per-task",
                ImportNoteKind.Error, $"{Text(cpus.Value)} CPUs per node is more than OnePool accepts ({Text(MaxCount)})");
            return null;
        }

        _spec.Resources ??= new ResourceSpec();
        _spec.Resources.Cpu = cpus is { } c ? Text(c) : null;
        return (int?)cpus;
    }

    private void MapMemory(Dictionary<string, SbatchDirective> usable, int cpus, int gpus)
    {
        var given = MemoryOptions.Where(usable.ContainsKey).Select(n => usable[n]).OrderBy(d => d.Line).ToList();
        foreach (var extra in given.Skip(1))
        {
            Note(extra, ImportNoteKind.Error, $"cannot be combined with {given[0].Written} (line {Text(given[0].Line)}): sbatch takes only one of --mem, --mem-per-cpu and --mem-per-gpu");
        }

        if (given.Count != 1)
        {
            return;
        }

        var directive = given[0];
        if (!SlurmMemory.TryParseMiB(directive.Value, out var mib, out var error))
        {
            Note(directive, ImportNoteKind.Error, error);
            return;
        }

        var (factor, per) = directive.Option.Name switch
        {
            "mem-per-cpu" => (cpus, $" ({Quantity.FormatMemory(mib)} per CPU x {Plural(cpus, "CPU")})"),
            "mem-per-gpu" => (gpus, $" ({Quantity.FormatMemory(mib)} per GPU x {Plural(gpus, "GPU")})"),
            _ => (1, ""),
        };
        if (directive.Option.Name == "mem-per-gpu" && gpus == 0)
        {
            Note(directive, ImportNoteKind.Error, "asks for memory per GPU, but the job asks for no GPUs");
            return;
        }

        if (mib == 0)
        {
            Note(directive, ImportNoteKind.Unsupported,
                "0 asks for all of a node's memory, which OnePool cannot ask for; the job gets OnePool's default (1Gi): give a size, e.g. --mem=500G");
            return;
        }

        var total = (decimal)mib * factor;
        if (total > SlurmMemory.MaxMiB)
        {
            Note(directive, ImportNoteKind.Error, "asks for more than 1 EiB per node");
            return;
        }

        _spec.Resources ??= new ResourceSpec();
        _spec.Resources.Memory = Quantity.FormatMemory((long)total);
        Note(directive, ImportNoteKind.Honoured, $"memory {_spec.Resources.Memory} per replica{per}");
    }

    private int? Nodes(SbatchDirective directive)
    {
        var value = directive.Value!;
        var dash = value.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0)
        {
            var range = directive with { Value = value[..dash] };
            if (Count(range, 1, JobSpecValidator.MaxReplicas) is { } min)
            {
                Note(directive, ImportNoteKind.Mapped, $"{value} is a range; a OnePool gang has a fixed size, so it asks for the minimum, {Text(min)}");
                return min;
            }

            return null;
        }

        return Count(directive, 1, JobSpecValidator.MaxReplicas);
    }

    /// <summary>Parses a whole number in [min, max]; adds an error note and returns null otherwise.</summary>
    private int? Count(SbatchDirective directive, int min, int max)
    {
        var value = directive.Value ?? "";
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && !(value.Length > 0 && value.All(char.IsAsciiDigit)))
        {
            Note(directive, ImportNoteKind.Error, $"'{value}' is not a whole number");
            return null;
        }

        if (number < min || number > max || (number == 0 && value.TrimStart('0').Length > 0))
        {
            var why = directive.Option.Name == "nodes" ? $" (OnePool's largest gang is {Text(max)} replicas)" : "";
            Note(directive, ImportNoteKind.Error, $"'{value}' must be between {Text(min)} and {Text(max)}{why}");
            return null;
        }

        return (int)number;
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Plural(long count, string noun) => count == 1 ? $"1 {noun}" : $"{Text(count)} {noun}s";
}
