using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace OnePool.Core.Resources;

/// <summary>A number of accelerators of one model per replica, written <c>MODEL:COUNT</c> (e.g. <c>A100-80G:8</c>).</summary>
/// <param name="Model">Accelerator model name as the pool knows it (case-insensitive, e.g. <c>A100-80G</c>, <c>T4</c>).</param>
/// <param name="Count">Devices per replica; at least 1.</param>
public sealed record AcceleratorRequest(string Model, int Count)
{
    /// <summary>The largest count one replica may ask for. A node with more devices is unheard of.</summary>
    public const int MaxCount = 64;

    /// <summary>Parses <c>MODEL</c> (one device) or <c>MODEL:COUNT</c>.</summary>
    /// <returns>False with a one-line reason when the text is not a valid request.</returns>
    public static bool TryParse(string? text, [NotNullWhen(true)] out AcceleratorRequest? request, out string error)
    {
        request = null;
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "is empty; write MODEL:COUNT, e.g. A100-80G:8";
            return false;
        }

        var parts = text.Trim().Split(':');
        if (parts.Length > 2)
        {
            error = $"'{text}' has more than one ':'; write MODEL:COUNT, e.g. A100-80G:8";
            return false;
        }

        var model = parts[0].Trim();
        if (!ModelName.IsValid(model))
        {
            error = $"'{model}' is not a valid accelerator model (letters, digits, '-', '_', '.'; at most {ModelName.MaxLength} characters)";
            return false;
        }

        var count = 1;
        if (parts.Length == 2 && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1 || count > MaxCount))
        {
            error = $"'{parts[1]}' is not a whole number of devices between 1 and {MaxCount}";
            return false;
        }

        request = new AcceleratorRequest(model, count);
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Model}:{Count.ToString(CultureInfo.InvariantCulture)}";
}
