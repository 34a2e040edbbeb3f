using OnePool.Simulator.Engine;

namespace OnePool.Simulator.Policies;

/// <summary>Strict FIFO with first-fit placement: jobs start in arrival order, and the first one that does not fit
/// blocks every job behind it (head-of-line blocking, no backfill, no preemption).</summary>
internal sealed class FifoPolicy : ISimPolicy
{
    private readonly List<(int Node, int Replicas)> _plan = [];

    public string Name => "fifo";

    public void Schedule(Simulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        FirstFit.StartInOrder(simulation, _plan);
    }
}
