namespace OnePool.Broker.Scheduling;

/// <summary>Asks for a scheduling cycle soon (a job arrived or resources were freed). Wake-ups coalesce.</summary>
/// <remarks>The loop takes <see cref="Current"/> before a cycle and waits on it after, so a wake-up during the
/// cycle is never lost: it completes the task the loop then waits on.</remarks>
internal sealed class SchedulerSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Wake"/>.</summary>
    public Task Current => Volatile.Read(ref _next).Task;

    public void Wake() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
