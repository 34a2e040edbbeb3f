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
        var free = FirstFit.FreeGpus(simulation);
        while (simulation.Pending.Count > 0)
        {
            var head = simulation.Jobs[simulation.Pending.Min];
            if (head.Gpus > free || !FirstFit.TryStart(simulation, head, _plan))
            {
                return;
            }

            free -= head.Gpus;
        }
    }
}
