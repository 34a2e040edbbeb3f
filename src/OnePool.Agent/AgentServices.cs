using Microsoft.Extensions.Logging;
using OnePool.Contracts.Agents;

namespace OnePool.Agent;

/// <summary>What the agent takes from its host; tests pass their own.</summary>
/// <param name="Time">Clock for timestamps, timers and back-off.</param>
/// <param name="Logger">Where the agent's lines go.</param>
/// <param name="Http">Client for the broker; its own timeout should be infinite (each call sets one).</param>
/// <param name="DetectAccelerators">Accelerator detection, used when the config declares none.</param>
internal sealed record AgentServices(
    TimeProvider Time,
    ILogger Logger,
    HttpClient Http,
    Func<CancellationToken, Task<IReadOnlyList<AcceleratorDevice>>> DetectAccelerators);
