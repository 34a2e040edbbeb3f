namespace OnePool.Simulator.Engine;

/// <summary>A simulation broke one of its invariants (over-commit, a split gang, time going back, a stall): a bug in
/// a policy or in the engine, never a property of the input. The run stops.</summary>
internal sealed class InvariantViolationException(string message) : Exception(message);
