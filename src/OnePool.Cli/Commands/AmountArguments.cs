using System.Globalization;
using OnePool.Core.Resources;

namespace OnePool.Cli.Commands;

/// <summary>Parses <c>NAME=NUMBER</c> and plain number option values (<c>--quota A100-80G=8</c>, <c>--weight 2</c>),
/// naming the option in the one-line error.</summary>
internal static class AmountArguments
{
    /// <summary>Parses every <c>NAME=NUMBER</c> of <paramref name="option"/>; null when none were given.</summary>
    /// <param name="option">The option's name, for errors (<c>--quota</c>).</param>
    /// <param name="values">The values given, in order; a later one for the same name wins.</param>
    /// <param name="positive">True when the number must be above 0 rather than at least 0.</param>
    /// <exception cref="UsageException">A value is malformed.</exception>
    public static Dictionary<string, double>? Parse(string option, IReadOnlyList<string>? values, bool positive)
    {
        if (values is null || values.Count == 0)
        {
            return null;
        }

        var amounts = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var at = value.IndexOf('=', StringComparison.Ordinal);
            var name = at < 0 ? "" : value[..at].Trim();
            if (at < 0 || !ModelName.IsValid(name))
            {
                throw new UsageException($"{option}: '{value}' is not NAME=NUMBER with NAME an accelerator model, cpu or memory (e.g. A100-80G=8)");
            }

            amounts[name] = Number(option, value[(at + 1)..], positive, value);
        }

        return amounts;
    }

    /// <summary>Parses a finite number, at least 0 or, with <paramref name="positive"/>, above 0.</summary>
    /// <exception cref="UsageException">The text is not such a number.</exception>
    public static double Number(string option, string text, bool positive, string? whole = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            || !double.IsFinite(number) || number < 0 || (positive && number == 0))
        {
            throw new UsageException($"{option}: '{whole ?? text}' needs {(positive ? "a number above 0" : "a number of at least 0")}, not '{text}'");
        }

        return number;
    }

    /// <summary>Amounts as <c>A100-80G:8, cpu:64</c> in name order, or <c>-</c> when there are none.</summary>
    public static string Format(IReadOnlyDictionary<string, double> amounts)
    {
        ArgumentNullException.ThrowIfNull(amounts);
        return amounts.Count == 0
            ? "-"
            : string.Join(", ", amounts.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}:{Number(a.Value)}"));
    }

    /// <summary>A number with at most two decimals, invariant culture.</summary>
    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
