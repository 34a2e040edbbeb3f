namespace OnePool.Scheduler.Explain;

/// <summary>A job's list of allowed sites, read without allocating: it is checked once per site for every job a
/// cycle ranks or explains, and LINQ's Contains over an <see cref="IReadOnlyList{T}"/> boxes an enumerator each time.</summary>
internal static class SiteFilter
{
    /// <summary>True when <paramref name="allowed"/> is empty (any site) or names <paramref name="site"/> (ignoring case).</summary>
    public static bool Allows(IReadOnlyList<string> allowed, string site)
    {
        if (allowed.Count == 0)
        {
            return true;
        }

        for (var i = 0; i < allowed.Count; i++)
        {
            if (string.Equals(allowed[i], site, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
