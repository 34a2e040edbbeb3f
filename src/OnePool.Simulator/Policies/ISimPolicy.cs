using OnePool.Simulator.Engine;

namespace OnePool.Simulator.Policies;

/// <summary>A scheduling policy under simulation. Called once per distinct event time at which something changed;
/// it acts through <see cref="Simulation.Start"/>, <see cref="Simulation.Preempt"/> and
/// <see cref="Simulation.WakeAt"/>, which check every action.</summary>
internal interface ISimPolicy
{
    /// <summary>Name in reports (<c>fifo</c>, <c>backfill</c>, ...).</summary>
    string Name { get; }

    void Schedule(Simulation simulation);
}
