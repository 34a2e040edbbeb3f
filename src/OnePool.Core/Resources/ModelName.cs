namespace OnePool.Core.Resources;

/// <summary>Rules for the names of accelerator models, sites, nodes, tenants and extended resources.</summary>
public static class ModelName
{
    /// <summary>Longest accepted name.</summary>
    public const int MaxLength = 63;

    /// <summary>True when <paramref name="name"/> is 1 to 63 characters of letters, digits, '-', '_' or '.', starting with a letter or digit.</summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || !char.IsAsciiLetterOrDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_' && c != '.')
            {
                return false;
            }
        }

        return true;
    }
}
