using OnePool.Agent.Execution;
using OnePool.Contracts.Agents;

namespace OnePool.Agent.Slurm;

/// <summary>One replica of a Slurm attempt, as its node's lease loop reports it. All replicas of an attempt share
/// the Slurm job's start and end; replica 0 carries the job's output file.</summary>
internal sealed class SlurmReplica(SlurmAttempts owner, SlurmAttempt attempt, ReplicaAssignment assignment, string outputPath) : IReplica
{
    public ReplicaKey Key { get; } = new(assignment.AttemptId, assignment.ReplicaIndex);

    public ReplicaAssignment Assignment { get; } = assignment;

    public string LogPath { get; } = assignment.ReplicaIndex == 0 ? outputPath : outputPath + ".none";

    public long LogLength
    {
        get
        {
            try
            {
                return Assignment.ReplicaIndex == 0 && File.Exists(LogPath) ? new FileInfo(LogPath).Length : 0;
            }
            catch (IOException)
            {
                return 0;
            }
        }
    }

    public DateTimeOffset? StartedAt => owner.Read(attempt, a => a.StartedAt);

    public ReplicaOutcome? Outcome => owner.Read(attempt, a => a.Outcome);

    public bool StopRequested => owner.Read(attempt, a => a.Stop is not null);

    public Task StopAsync(string state, int? exitCode, string? message, TimeSpan grace, CancellationToken cancellationToken) =>
        owner.StopAsync(attempt, state, exitCode, message, grace, cancellationToken);
}
