namespace OnePool.Bench.Faults;

/// <summary>One node killed by the scenario.</summary>
/// <param name="KilledAt">When its agent and processes were SIGKILLed (the system clock, as the broker's times).</param>
/// <param name="Elapsed">Time since the job first ran.</param>
/// <param name="Node">The node, <c>site/node</c>.</param>
/// <param name="AttemptId">The attempt running there, which should end <c>lost</c>.</param>
internal sealed record InjectedFault(DateTimeOffset KilledAt, TimeSpan Elapsed, string Node, long AttemptId);
