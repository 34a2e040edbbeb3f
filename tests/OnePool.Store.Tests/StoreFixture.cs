using System.Text.Json;
using OnePool.Core.Specs;
using OnePool.Store.Records;
using OnePool.Store.Sql;

namespace OnePool.Store.Tests;

/// <summary>A fresh, migrated store per test on the backend under test: a real SQLite file in a temporary folder,
/// or a new database on the test PostgreSQL server.</summary>
public sealed class StoreFixture : IAsyncDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly Func<ValueTask> _dispose;

    private StoreFixture(SqlStateStore store, Func<ValueTask> dispose)
    {
        Store = store;
        _dispose = dispose;
    }

    internal SqlStateStore Store { get; }

    public static async Task<StoreFixture> CreateAsync(StoreBackend backend, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backend);
        var (store, dispose) = await backend.CreateAsync(cancellationToken);
        var fixture = new StoreFixture(store, dispose);
        await fixture.Store.MigrateAsync(cancellationToken);
        await fixture.Store.AddTenantAsync(new TenantRecord { Name = "t1", CreatedAt = 0 }, null, cancellationToken);
        return fixture;
    }

    public async Task<long> SubmitAsync(CancellationToken cancellationToken, int replicas = 1, int retries = 0, string? key = null)
    {
        var spec = new JobSpec { Name = "j", Run = "true", Replicas = replicas, Retries = retries };
        var (id, _, _) = await Store.SubmitJobAsync(new JobRecord
        {
            Tenant = "t1", Name = "j", Spec = JsonSerializer.Serialize(spec, JobSpecReader.JsonOptions), Resources = "1 cpu", SubmittedAt = Time.ToMs(T0),
        }, key, cancellationToken);
        return id;
    }

    /// <summary>Dispatches the job with replica i on node <c>s/n{i}</c>; returns the attempt id.</summary>
    public async Task<long> DispatchAsync(long jobId, int replicas, CancellationToken cancellationToken, string accelerator = "")
    {
        var attempt = new NewAttempt(jobId, "s", accelerator, Enumerable.Range(0, replicas)
            .Select(i => new NewReplica($"s/n{i}", [i], 1000, 1024, new Dictionary<string, long>())).ToList());
        var created = await Store.CommitCycleAsync([attempt], [], T0, cancellationToken);
        return created.Single().Id;
    }

    public async Task<JobRecord> JobAsync(long id, CancellationToken cancellationToken) => (await Store.GetJobAsync(id, cancellationToken))!;

    public ValueTask DisposeAsync() => _dispose();
}
