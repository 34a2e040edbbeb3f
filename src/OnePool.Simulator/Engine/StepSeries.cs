namespace OnePool.Simulator.Engine;

/// <summary>A piecewise-constant function of time (busy GPUs, jobs in the system), recorded at its changes, with
/// its integral between any two times.</summary>
internal sealed class StepSeries
{
    private readonly List<double> _times = [];
    private readonly List<double> _values = [];
    private readonly List<double> _integral = [];

    public IReadOnlyList<double> Times => _times;

    public IReadOnlyList<double> Values => _values;

    /// <summary>The value from <paramref name="time"/> on; times must not go back.</summary>
    public void Set(double time, double value)
    {
        var last = _times.Count - 1;
        if (last >= 0)
        {
            if (time < _times[last])
            {
                throw new InvariantViolationException($"series time went back from {_times[last]} to {time}");
            }

            if (_values[last] == value)
            {
                return;
            }

            if (time == _times[last])
            {
                // The integral up to this point does not depend on the value that starts here.
                _values[last] = value;
                return;
            }
        }

        _integral.Add(last < 0 ? 0 : _integral[last] + (_values[last] * (time - _times[last])));
        _times.Add(time);
        _values.Add(value);
    }

    /// <summary>The integral from the first change to <paramref name="time"/>.</summary>
    public double IntegralTo(double time)
    {
        if (_times.Count == 0 || time <= _times[0])
        {
            return 0;
        }

        var i = _times.BinarySearch(time);
        if (i < 0)
        {
            i = ~i - 1;
        }

        return _integral[i] + (_values[i] * (time - _times[i]));
    }

    /// <summary>The average between two times (the value at <paramref name="from"/> when they are equal).</summary>
    public double Average(double from, double to) =>
        to > from ? (IntegralTo(to) - IntegralTo(from)) / (to - from) : ValueAt(from);

    public double ValueAt(double time)
    {
        if (_times.Count == 0 || time < _times[0])
        {
            return 0;
        }

        var i = _times.BinarySearch(time);
        return _values[i < 0 ? ~i - 1 : i];
    }
}
