namespace OnePool.Contracts.Brokers;

/// <summary><c>GET /v1/status</c>: which broker replica answered, which one leads, and every replica that takes part
/// in the election (several replicas share one PostgreSQL database; a SQLite broker is alone and leads).</summary>
/// <param name="Replica">The id of the replica that answered.</param>
/// <param name="Url">Its advertised URL.</param>
/// <param name="Role"><c>leader</c> or <c>standby</c>.</param>
/// <param name="Store"><c>sqlite</c> or <c>postgres</c>.</param>
/// <param name="Leader">The current leader, or null when none is elected (its lease ran out and no standby took over yet).</param>
/// <param name="Replicas">Every replica seen in the election, by URL.</param>
public sealed record BrokerStatus(string Replica, string Url, string Role, string Store, LeaderView? Leader, IReadOnlyList<BrokerReplicaView> Replicas);

/// <summary>The leading replica.</summary>
/// <param name="Replica">Its id.</param>
/// <param name="Url">Its advertised URL.</param>
/// <param name="Term">Election term (one more at every change of leader; every leader write is fenced with it).</param>
/// <param name="Since">When it was elected.</param>
/// <param name="ExpiresAt">When its lease ends unless renewed.</param>
public sealed record LeaderView(string Replica, string Url, long Term, DateTimeOffset Since, DateTimeOffset ExpiresAt);

/// <summary>One broker replica.</summary>
/// <param name="Replica">Its id (host, process id and a random suffix).</param>
/// <param name="Url">Its advertised URL.</param>
/// <param name="Role"><c>leader</c>, <c>standby</c>, or <c>silent</c> (no election round for two leases: probably gone).</param>
/// <param name="SeenAt">Its last election round.</param>
public sealed record BrokerReplicaView(string Replica, string Url, string Role, DateTimeOffset SeenAt);
