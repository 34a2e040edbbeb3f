using System.Globalization;

namespace OnePool.Cli.Output;

/// <summary>How times and ages are shown: local <c>HH:mm:ss</c> for today, <c>yyyy-MM-dd HH:mm</c> otherwise;
/// ages as <c>45s</c>, <c>3m</c>, <c>2h</c>, <c>5d</c>.</summary>
/// <param name="time">The clock; its <see cref="TimeProvider.LocalTimeZone"/> is the zone shown.</param>
internal sealed class TimeText(TimeProvider time)
{
    /// <summary>The current local time of day, <c>HH:mm:ss</c>.</summary>
    public string Clock() => time.GetLocalNow().ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>An instant in local time, or <c>-</c> when absent.</summary>
    public string At(DateTimeOffset? at)
    {
        if (at is not { } value)
        {
            return "-";
        }

        var local = TimeZoneInfo.ConvertTime(value, time.LocalTimeZone);
        var today = time.GetLocalNow().Date;
        return local.ToString(local.Date == today ? "HH:mm:ss" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>How long ago <paramref name="at"/> was, or <c>-</c> when absent.</summary>
    public string Age(DateTimeOffset? at) => at is { } value ? Span(time.GetUtcNow() - value) : "-";

    /// <summary>A duration in its largest whole unit: <c>45s</c>, <c>3m</c>, <c>2h</c>, <c>5d</c>.</summary>
    public static string Span(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        return span.TotalMinutes < 1 ? $"{(int)span.TotalSeconds}s"
            : span.TotalHours < 1 ? $"{(int)span.TotalMinutes}m"
            : span.TotalDays < 1 ? $"{(int)span.TotalHours}h"
            : $"{(int)span.TotalDays}d";
    }
}
