using System.Globalization;

namespace OnePool.Cli.Commands.Simulate;

/// <summary>
/// Progress of one policy's run on stderr: a bar redrawn in place on a terminal, else nothing until the run ends.
/// Reports arrive on the simulating thread (at most once per percent), so the bar is drawn synchronously.
/// </summary>
internal sealed class SimulateProgress(TextWriter error, string policy, bool live) : IProgress<double>, IDisposable
{
    private const int Width = 30;

    public void Report(double value)
    {
        if (!live)
        {
            return;
        }

        var filled = (int)Math.Round(Math.Clamp(value, 0, 1) * Width);
        error.Write(string.Create(CultureInfo.InvariantCulture, $"\r{policy,-9} [{new string('#', filled)}{new string(' ', Width - filled)}] {value,4:P0}"));
    }

    public void Done(double wallSeconds)
    {
        if (live)
        {
            error.Write('\r');
        }

        error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{policy,-9} done in {wallSeconds:F1} s{new string(' ', Width)}"));
    }

    public void Dispose() => error.Flush();
}
