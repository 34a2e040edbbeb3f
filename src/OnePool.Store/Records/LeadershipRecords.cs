namespace OnePool.Store.Records;

/// <summary>The leader's proof of office, passed with every write only the leader may make. The store commits the
/// write only if, inside the same transaction, the leadership row still names this holder and term and has not
/// expired; otherwise it throws <see cref="LeadershipLostException"/> and writes nothing.</summary>
/// <param name="Holder">The replica's id (unique per broker process).</param>
/// <param name="Term">The term it was elected for.</param>
public sealed record LeaderFence(string Holder, long Term);

/// <summary>Who leads the broker replicas.</summary>
/// <param name="Holder">The leading replica's id.</param>
/// <param name="Url">Its advertised URL (agents lease there).</param>
/// <param name="Term">Election term: grows by one at every change of leader.</param>
/// <param name="ExpiresAt">When its lease ends unless renewed.</param>
/// <param name="AcquiredAt">When this term began.</param>
public sealed record LeadershipRecord(string Holder, string Url, long Term, DateTimeOffset ExpiresAt, DateTimeOffset AcquiredAt);

/// <summary>A broker replica that takes part in the election.</summary>
/// <param name="Id">Replica id.</param>
/// <param name="Url">Advertised URL.</param>
/// <param name="SeenAt">Its last election round.</param>
public sealed record BrokerReplicaRecord(string Id, string Url, DateTimeOffset SeenAt);

/// <summary>A leader's write was refused because it no longer leads (another replica took over, or its lease ran
/// out): nothing of that write was committed.</summary>
public sealed class LeadershipLostException(string message) : Exception(message);
