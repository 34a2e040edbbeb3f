using OnePool.Scheduler.Decisions;
using OnePool.Scheduler.Snapshot;

namespace OnePool.Scheduler;

/// <summary>
/// One scheduling cycle as a pure function: a snapshot of the pool and its pending work in, placements and
/// reasons out. No I/O and no clock but <see cref="SchedulingSnapshot.Now"/>, so the broker and the simulator
/// run the same code and a test can replay any cycle.
/// </summary>
public interface IScheduler
{
    /// <summary>Decides which pending jobs start now and where.</summary>
    /// <param name="snapshot">The pool, its current allocations and the pending jobs. Not modified.</param>
    /// <returns>A placement for every job that starts, and a reason for every job that does not.</returns>
    SchedulingDecisions Schedule(SchedulingSnapshot snapshot);
}
