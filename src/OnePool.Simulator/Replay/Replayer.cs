using System.Diagnostics;
using OnePool.Simulator.Engine;
using OnePool.Simulator.Metrics;
using OnePool.Simulator.Policies;

namespace OnePool.Simulator.Replay;

/// <summary>One policy's run: its figures and its raw outcomes.</summary>
internal sealed record PolicyRun(PolicySummary Summary, SimulationResult Result);

/// <summary>Replays one setup under each policy in turn, each from the same initial state and the same seed.</summary>
internal static class Replayer
{
    /// <param name="setup">What to replay.</param>
    /// <param name="policy">Policy name (see <see cref="PolicyCatalog"/>).</param>
    /// <param name="progress">Fraction of jobs ended, 0 to 1.</param>
    /// <param name="cancellationToken">Stops the run between cycles.</param>
    public static PolicyRun Run(ReplaySetup setup, string policy, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var started = Stopwatch.GetTimestamp();
        var simulation = new Simulation(setup.Trace, setup.Pool, PolicyCatalog.Create(policy), setup.Options);
        var result = simulation.Run(progress, cancellationToken);
        return new PolicyRun(PolicySummary.Of(result, Stopwatch.GetElapsedTime(started).TotalSeconds), result);
    }
}
