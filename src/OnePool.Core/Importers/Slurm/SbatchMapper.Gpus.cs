using System.Globalization;
using OnePool.Core.Resources;
using OnePool.Core.Specs;

namespace OnePool.Core.Importers.Slurm;

/// <summary>GPUs: <c>--gres=gpu[:type]:N</c> and <c>--gpus-per-node</c> per node, <c>--gpus-per-task</c> times the tasks
/// per node, <c>--gpus</c>/<c>-G</c> for the whole job; the type through <see cref="GpuTypeTable"/>, or from
/// <c>--constraint</c> when the request has none.</summary>
internal sealed partial class SbatchMapper
{
    private sealed record GpuAsk(SbatchDirective Directive, string? Type, int PerNode, string How);

    private int MapGpus(Dictionary<string, SbatchDirective> usable, int replicas, int tasksPerNode)
    {
        var asks = new List<GpuAsk>();
        if (usable.TryGetValue("gres", out var gres) && Gres(gres) is { } fromGres)
        {
            asks.Add(new GpuAsk(gres, fromGres.Type, fromGres.Count, "per node"));
        }

        if (usable.TryGetValue("gpus-per-node", out var perNode) && TypedCount(perNode) is { } node)
        {
            asks.Add(new GpuAsk(perNode, node.Type, node.Count, "per node"));
        }

        if (usable.TryGetValue("gpus-per-task", out var perTask) && TypedCount(perTask) is { } task)
        {
            asks.Add(new GpuAsk(perTask, task.Type, (int)Math.Min((long)task.Count * tasksPerNode, int.MaxValue),
                $"per node ({Text(task.Count)} per task x {Plural(tasksPerNode, "task")} per node)"));
        }

        if (usable.TryGetValue("gpus", out var all) && TypedCount(all) is { } total)
        {
            if (total.Count % replicas != 0)
            {
                Note(all, ImportNoteKind.Error, $"{Text(total.Count)} GPUs over {Text(replicas)} nodes is not a whole number per node; OnePool replicas are alike: use --gpus-per-node");
            }
            else
            {
                asks.Add(new GpuAsk(all, total.Type, total.Count / replicas, $"per node ({Text(total.Count)} in all over {Plural(replicas, "node")})"));
            }
        }

        var constraintModels = MapConstraint(usable.GetValueOrDefault("constraint"), asks.Count > 0 && asks.Any(a => a.PerNode > 0));
        asks.RemoveAll(a => a.PerNode == 0);
        if (asks.Count == 0)
        {
            return 0;
        }

        var first = asks[0];
        foreach (var other in asks.Skip(1))
        {
            if (other.PerNode != first.PerNode)
            {
                Note(other.Directive, ImportNoteKind.Error, $"asks for {Text(other.PerNode)} GPUs per node, but {first.Directive.Written} (line {Text(first.Directive.Line)}) asks for {Text(first.PerNode)}");
                return 0;
            }

            if (other.Type is not null && first.Type is not null && !string.Equals(other.Type, first.Type, StringComparison.OrdinalIgnoreCase))
            {
                Note(other.Directive, ImportNoteKind.Error, $"asks for GPU type {other.Type}, but {first.Directive.Written} (line {Text(first.Directive.Line)}) asks for {first.Type}");
                return 0;
            }
        }

        var count = first.PerNode;
        if (count > AcceleratorRequest.MaxCount)
        {
            Note(first.Directive, ImportNoteKind.Error, $"{Text(count)} GPUs per node is more than OnePool accepts ({Text(AcceleratorRequest.MaxCount)})");
            return 0;
        }

        var typed = asks.FirstOrDefault(a => a.Type is not null);
        List<string> models;
        string which;
        var kind = ImportNoteKind.Honoured;
        if (typed is not null)
        {
            var model = GpuTypeTable.ModelFor(typed.Type!, out var known);
            if (model is null)
            {
                Note(typed.Directive, ImportNoteKind.Error, $"'{typed.Type}' is not a GPU type OnePool can use as a model name (see docs/importers.md)");
                return 0;
            }

            models = [model];
            which = known ? $"Slurm type {typed.Type}" : $"type '{typed.Type}' is not in OnePool's GPU table (docs/importers.md), so it is asked for by that name";
            kind = known ? ImportNoteKind.Honoured : ImportNoteKind.Mapped;
        }
        else if (constraintModels.Count > 0)
        {
            models = constraintModels;
            which = "the type --constraint names";
            kind = ImportNoteKind.Mapped;
        }
        else
        {
            models = [.. GpuTypeTable.AnyGpu];
            which = "no type given, so any NVIDIA data-centre model; add one (gpu:a100:N) to narrow";
            kind = ImportNoteKind.Mapped;
        }

        var accelerators = models.Select(m => new AcceleratorRequest(m, count).ToString()).ToList();
        _spec.Resources ??= new ResourceSpec();
        _spec.Resources.Accelerators = accelerators;
        _env["SLURM_GPUS_ON_NODE"] = Text(count);
        var list = accelerators.Count > 3 ? $"{string.Join(", ", accelerators.Take(3))} or {Text(accelerators.Count - 3)} more" : string.Join(" or ", accelerators);
        foreach (var ask in asks)
        {
            Note(ask.Directive, ask == (typed ?? first) ? kind : ImportNoteKind.Honoured,
                ask == (typed ?? first) ? $"{Plural(count, "GPU")} {ask.How}: {list} ({which})" : $"{Plural(count, "GPU")} {ask.How}");
        }

        return count;
    }

    /// <summary>Keeps the constraint as a label; returns the GPU models its features name (<c>a100|h100</c>).</summary>
    private List<string> MapConstraint(SbatchDirective? directive, bool hasGpus)
    {
        if (directive is null)
        {
            return [];
        }

        _labels["slurm.constraint"] = directive.Value!;
        var features = directive.Value!.Split(['|', '&', ',', '[', ']', '(', ')'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(f => f.Split('*')[0]).Where(f => f.Length > 0).ToList();
        var models = features.Select(GpuTypeTable.Find).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var others = features.Where(f => GpuTypeTable.Find(f) is null).ToList();
        var rest = others.Count == 0 ? "" : $"; the node features {string.Join(", ", others)} are site-specific and do not narrow placement";
        if (models.Count > 0 && !hasGpus)
        {
            Note(directive, ImportNoteKind.Unsupported, $"names GPU types ({string.Join(", ", models)}), but the job asks for no GPUs{rest}");
        }
        else if (models.Count > 0)
        {
            Note(directive, ImportNoteKind.Mapped, $"GPU types {string.Join(", ", models)} narrow an untyped GPU request (a type in the request wins); kept as the label slurm.constraint{rest}");
        }
        else
        {
            Note(directive, ImportNoteKind.Ignored, $"kept as the label slurm.constraint{rest}");
        }

        return models;
    }

    private (string? Type, int Count)? Gres(SbatchDirective directive)
    {
        (string? Type, int Count)? gpu = null;
        foreach (var raw in directive.Value!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var paren = raw.IndexOf('(', StringComparison.Ordinal);
            var item = paren >= 0 ? raw[..paren] : raw;
            var parts = item.Split(':');
            if (parts[0].Equals("none", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!parts[0].Equals("gpu", StringComparison.OrdinalIgnoreCase))
            {
                Note(directive, ImportNoteKind.Unsupported, $"the generic resource '{parts[0]}' has no OnePool equivalent; resources.extended names what sites declare");
                continue;
            }

            if (gpu is not null || parts.Length > 3)
            {
                Note(directive, ImportNoteKind.Error, gpu is not null ? "asks for GPUs twice; OnePool takes one GPU request per replica" : $"'{raw}' is not gpu[:type][:count]");
                return null;
            }

            var last = parts[^1];
            var hasCount = parts.Length > 1 && last.Length > 0 && last.All(char.IsAsciiDigit);
            var type = parts.Length == 3 || (parts.Length == 2 && !hasCount) ? parts[1] : null;
            var count = hasCount ? CountOf(directive, last) : 1;
            if (count is null)
            {
                return null;
            }

            gpu = (type, count.Value);
        }

        return gpu;
    }

    private (string? Type, int Count)? TypedCount(SbatchDirective directive)
    {
        var value = directive.Value!;
        if (value.Contains(',', StringComparison.Ordinal))
        {
            Note(directive, ImportNoteKind.Error, $"'{value}' asks for several GPU types at once; OnePool takes one type per request");
            return null;
        }

        var colon = value.LastIndexOf(':');
        var type = colon > 0 ? value[..colon] : null;
        return CountOf(directive, colon >= 0 ? value[(colon + 1)..] : value) is { } count ? (type, count) : null;
    }

    private int? CountOf(SbatchDirective directive, string text)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > MaxCount)
        {
            Note(directive, ImportNoteKind.Error, text.Length > 0 && text.All(char.IsAsciiDigit)
                ? $"'{text}' GPUs is more than OnePool accepts" : $"'{text}' is not a whole number of GPUs");
            return null;
        }

        return count;
    }
}
