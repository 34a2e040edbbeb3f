using Microsoft.Extensions.Options;
using OnePool.Broker.Hosting;
using OnePool.Contracts.Brokers;
using OnePool.Store;
using OnePool.Store.Sqlite;

namespace OnePool.Broker.Leadership;

/// <summary><c>GET /v1/status</c> (any valid token): this replica, the leader and every replica (<c>onepool status</c>).</summary>
internal static class StatusEndpoint
{
    public static void MapStatusEndpoint(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/status", StatusAsync).RequireAuthorization().WithTags("status");

    private static async Task<BrokerStatus> StatusAsync(
        IStateStore store, Leadership leadership, TimeProvider time, IOptions<BrokerOptions> options, CancellationToken cancellationToken)
    {
        var (leader, replicas) = await store.GetLeadershipAsync(cancellationToken);
        var now = time.GetUtcNow();
        var current = leader is not null && leader.ExpiresAt > now ? leader : null;
        var silentAfter = options.Value.LeaderLease * 2;
        return new BrokerStatus(
            leadership.ReplicaId, leadership.Url ?? "", leadership.IsLeader ? "leader" : "standby",
            store is SqliteStateStore ? "sqlite" : "postgres",
            current is null ? null : new LeaderView(current.Holder, current.Url, current.Term, current.AcquiredAt, current.ExpiresAt),
            replicas.Select(r => new BrokerReplicaView(r.Id, r.Url,
                current?.Holder == r.Id ? "leader" : now - r.SeenAt > silentAfter ? "silent" : "standby", r.SeenAt)).ToList());
    }
}
