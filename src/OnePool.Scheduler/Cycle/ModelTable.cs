namespace OnePool.Scheduler.Cycle;

/// <summary>Gives every accelerator model seen in a cycle a small integer, so per-model state is an array.</summary>
internal sealed class ModelTable
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _names = [];

    public int Count => _names.Count;

    public int Intern(string model)
    {
        if (!_ids.TryGetValue(model, out var id))
        {
            id = _names.Count;
            _ids[model] = id;
            _names.Add(model);
        }

        return id;
    }

    /// <summary>The id of a known model, or -1.</summary>
    public int Find(string model) => _ids.TryGetValue(model, out var id) ? id : -1;

    public string Name(int id) => _names[id];
}
