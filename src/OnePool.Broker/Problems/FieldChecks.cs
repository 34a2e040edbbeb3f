using OnePool.Core.Resources;
using OnePool.Core.Specs;

namespace OnePool.Broker.Problems;

/// <summary>Checks of the small settings documents (tenant policies, site settings), each failure naming its field
/// (<c>nominal.A100-80G</c>, <c>weight</c>), so nothing malformed reaches the store.</summary>
internal static class FieldChecks
{
    /// <summary>Most entries in one map or list.</summary>
    public const int MaxEntries = 256;

    private const int MaxLabelKeyLength = 253;
    private const int MaxLabelValueLength = 1024;

    /// <summary>A map from names (accelerator models, <c>cpu</c>, <c>memory</c>) to finite amounts, at least 0 or, with
    /// <paramref name="positive"/>, above 0.</summary>
    public static void Amounts(string field, IReadOnlyDictionary<string, double>? map, bool positive, List<SpecError> errors)
    {
        if (map is null)
        {
            return;
        }

        if (map.Count > MaxEntries)
        {
            errors.Add(new SpecError(field, $"has more than {MaxEntries} entries"));
            return;
        }

        foreach (var (name, amount) in map)
        {
            if (!ModelName.IsValid(name))
            {
                errors.Add(new SpecError($"{field}.{name}", NameRule("resource")));
            }
            else
            {
                Amount($"{field}.{name}", amount, positive, errors);
            }
        }
    }

    /// <summary>A finite number, at least 0 or, with <paramref name="positive"/>, above 0.</summary>
    public static void Amount(string field, double? value, bool positive, List<SpecError> errors)
    {
        if (value is not { } v)
        {
            return;
        }

        if (!double.IsFinite(v) || v < 0 || (positive && v == 0))
        {
            errors.Add(new SpecError(field, positive ? $"must be a finite number above 0, not {v}" : $"must be a finite number of at least 0, not {v}"));
        }
    }

    /// <summary>A name (cohort, dataset) under <see cref="ModelName"/>'s rules.</summary>
    public static void Name(string field, string? name, string what, List<SpecError> errors)
    {
        if (name is not null && !ModelName.IsValid(name))
        {
            errors.Add(new SpecError(field, $"'{name}' is {NameRule(what)}"));
        }
    }

    /// <summary>A list of names, each under <see cref="ModelName"/>'s rules.</summary>
    public static void Names(string field, IReadOnlyList<string>? names, string what, List<SpecError> errors)
    {
        if (names is null)
        {
            return;
        }

        if (names.Count > MaxEntries)
        {
            errors.Add(new SpecError(field, $"has more than {MaxEntries} entries"));
            return;
        }

        for (var i = 0; i < names.Count; i++)
        {
            Name($"{field}[{i}]", names[i] ?? "", what, errors);
        }
    }

    /// <summary>Labels: keys of 1 to 253 characters, values of at most 1024, no NUL characters.</summary>
    public static void Labels(string field, IReadOnlyDictionary<string, string>? labels, List<SpecError> errors)
    {
        if (labels is null)
        {
            return;
        }

        if (labels.Count > MaxEntries)
        {
            errors.Add(new SpecError(field, $"has more than {MaxEntries} entries"));
            return;
        }

        foreach (var (key, value) in labels)
        {
            if (key.Length is 0 or > MaxLabelKeyLength || key.Contains('\0', StringComparison.Ordinal))
            {
                errors.Add(new SpecError($"{field}.{key}", $"is not a valid label name (1 to {MaxLabelKeyLength} characters)"));
            }
            else if (value is null || value.Length > MaxLabelValueLength || value.Contains('\0', StringComparison.Ordinal))
            {
                errors.Add(new SpecError($"{field}.{key}", $"must be a string of at most {MaxLabelValueLength} characters without NUL characters"));
            }
        }
    }

    private static string NameRule(string what) =>
        $"not a valid {what} name (letters, digits, '-', '_', '.', starting with a letter or digit; at most {ModelName.MaxLength})";
}
