namespace OnePool.Store.Sql;

/// <summary>Releases a writer semaphore once, however often it is disposed.</summary>
internal sealed class SemaphoreRelease(SemaphoreSlim semaphore) : IDisposable
{
    private int _done;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _done, 1) == 0)
        {
            semaphore.Release();
        }
    }
}
