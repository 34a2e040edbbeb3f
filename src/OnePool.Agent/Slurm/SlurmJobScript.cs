using System.Globalization;
using System.Text;
using OnePool.Agent.Execution;
using OnePool.Contracts.Agents;

namespace OnePool.Agent.Slurm;

/// <summary>
/// One attempt as one Slurm batch job: a gang of N replicas is <c>--nodes=N</c> with one task per node and the
/// per-node GRES; the batch script runs the replica script on every node with <c>srun</c>. The job's name and
/// comment carry the attempt, so the agent can find it again before it would submit a second copy.
/// </summary>
internal static class SlurmJobScript
{
    private const string CommentPrefix = "onepool ";

    /// <summary>The Slurm job name of an attempt: <c>onepool-SCOPE-aID</c>. Attempt ids are unique within one
    /// broker's database only; the scope (from the site's join token) keeps a second pool, or a fresh database, on
    /// the same Slurm cluster from mistaking another pool's job for its own.</summary>
    public static string JobName(string scope, long attemptId) => $"onepool-{scope}-a{attemptId.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A short, non-secret scope for a site token: the first 8 hex digits of its SHA-256.</summary>
    public static string ScopeOf(string siteToken) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(siteToken)))[..8];

    /// <summary>What the comment records: enough to report the attempt again after an agent restart.</summary>
    public static string Comment(AttemptTag tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        return FormattableString.Invariant(
            $"{CommentPrefix}attempt={tag.AttemptId};job={tag.JobId};grace={tag.StopGraceSeconds};nodes={string.Join(',', tag.Nodes)}");
    }

    /// <summary>The tag of a job this executor submitted; null for any other job.</summary>
    public static AttemptTag? Parse(SlurmJobInfo job, string scope)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Name is not { } name || !name.StartsWith($"onepool-{scope}-a", StringComparison.Ordinal) || job.Comment is not { } comment
            || !comment.StartsWith(CommentPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var fields = comment[CommentPrefix.Length..].Split(';').Select(f => f.Split('=', 2)).Where(f => f.Length == 2)
            .ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
        return fields.TryGetValue("attempt", out var a) && long.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var attempt)
            && fields.TryGetValue("job", out var j) && long.TryParse(j, NumberStyles.None, CultureInfo.InvariantCulture, out var jobId)
            && fields.TryGetValue("nodes", out var n) && n.Length > 0
            && name == JobName(scope, attempt)
            ? new AttemptTag(attempt, jobId, n.Split(','),
                fields.TryGetValue("grace", out var g) && int.TryParse(g, NumberStyles.None, CultureInfo.InvariantCulture, out var grace) ? grace : 10)
            : null;
    }

    /// <summary>The batch job's output file (all replicas' output, in order of arrival).</summary>
    public static string OutputPath(string jobsDirectory, long attemptId) =>
        Path.Combine(jobsDirectory, FormattableString.Invariant($"attempt-{attemptId}.out"));

    /// <summary>Writes the scripts of an attempt and builds its submission. <paramref name="replicas"/> are in
    /// replica order; <paramref name="gres"/> is the node's GRES string (to name the GPU type).</summary>
    public static SlurmSubmitRequest Build(IReadOnlyList<ReplicaAssignment> replicas, string scope, AttemptTag tag, AgentNode node, string? gres,
        SlurmSettings settings, string jobsDirectory, ExecutorContext context)
    {
        ArgumentNullException.ThrowIfNull(replicas);
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        var first = replicas[0];
        var id = first.AttemptId.ToString(CultureInfo.InvariantCulture);
        var replicaScript = Path.Combine(jobsDirectory, $"attempt-{id}.replica.sh");
        var userScript = Path.Combine(jobsDirectory, $"attempt-{id}.user.sh");
        File.WriteAllText(replicaScript, ReplicaScript(first, jobsDirectory, first.Script is null ? null : userScript));
        if (first.Script is { } script)
        {
            File.WriteAllText(userScript, script);
        }

        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["PATH"] = "/usr/local/bin:/usr/bin:/bin",
            ["LANG"] = "C.UTF-8",
        };
        ReplicaEnvironment.Apply(environment, first, context);
        MakeWritable(context.CheckpointDirectory(first.JobId));
        // Slurm sets these per node and per task; the replica script sets OnePool's per-replica ones from them.
        foreach (var perReplica in new[] { "CUDA_VISIBLE_DEVICES", "ONEPOOL_REPLICA_INDEX", "ONEPOOL_NODE" })
        {
            environment.Remove(perReplica);
        }

        // Indices past the node's devices are queue places (QueueSlots): the model is that of the device they stand for.
        var model = node.Accelerators.Count == 0 || first.AcceleratorIndices.Count == 0
            ? null
            : node.Accelerators[first.AcceleratorIndices[0] % node.Accelerators.Count].Model;
        var type = model is null ? null : SlurmInventory.ToSlurmType(model, gres, settings);
        var gpus = first.AcceleratorIndices.Count;
        // One replica runs as the batch script itself, so Slurm's cancel (SIGTERM, then SIGKILL after KillWait) reaches
        // it and it can checkpoint. A gang needs srun to start on every node; srun ends its step when cancelled.
        var launch = first.NumReplicas == 1
            ? $"exec /bin/bash {Quote(replicaScript)}"
            : $"exec srun --nodes={first.NumReplicas} --ntasks={first.NumReplicas} --ntasks-per-node=1 --kill-on-bad-exit=1 /bin/bash {Quote(replicaScript)}";
        var batch = $"""
            #!/bin/bash
            # OnePool attempt {id} of job {first.JobId} ({first.NumReplicas} replica(s)); see docs/slurm.md
            {launch}

            """;
        return new SlurmSubmitRequest(new SlurmJobProperties
        {
            Name = JobName(scope, first.AttemptId),
            Comment = Comment(tag),
            Partition = node.Labels.TryGetValue(SlurmInventory.PartitionLabel, out var partition) ? partition : null,
            CurrentWorkingDirectory = jobsDirectory,
            Environment = environment.Where(e => e.Value is not null).ToDictionary(e => e.Key, e => e.Value!, StringComparer.Ordinal),
            Nodes = [first.NumReplicas, first.NumReplicas],
            Tasks = first.NumReplicas,
            CpusPerTask = Math.Max(1, (first.CpuMillis + 999) / 1000),
            MemoryPerNode = Math.Max(1, first.MemoryMiB),
            Gres = gpus == 0 ? null : type is null ? $"gpu:{gpus}" : $"gpu:{type}:{gpus}",
            TimeLimitMinutes = first.MaxRuntimeSeconds is { } seconds ? Math.Max(1, (seconds + 59) / 60) : null,
            StandardOutput = OutputPath(jobsDirectory, first.AttemptId),
        }, batch);
    }

    private static string ReplicaScript(ReplicaAssignment a, string jobsDirectory, string? userScript)
    {
        var text = new StringBuilder();
        text.AppendLine("#!/bin/bash");
        text.AppendLine("export ONEPOOL_REPLICA_INDEX=\"$SLURM_NODEID\" ONEPOOL_NODE=\"$SLURMD_NODENAME\"");
        var workdir = a.Workdir is { Length: > 0 } w ? Quote(w)
            : Quote(Path.Combine(jobsDirectory, "work", $"attempt-{a.AttemptId.ToString(CultureInfo.InvariantCulture)}")) + "-\"$SLURM_NODEID\"";
        text.AppendLine(CultureInfo.InvariantCulture, $"mkdir -p {workdir} && cd {workdir} || exit 127");
        text.AppendLine(userScript is not null
            ? $"exec /bin/bash {Quote(userScript)}"
            : "exec " + string.Join(' ', a.Command.Select(Quote)));
        return text.ToString();
    }

    private static void MakeWritable(string directory)
    {
        Directory.CreateDirectory(directory);
        if (!OperatingSystem.IsWindows())
        {
            // Jobs run as the Slurm user, not as the agent.
            File.SetUnixFileMode(directory, (UnixFileMode)Convert.ToInt32("1777", 8));
        }
    }

    /// <summary>Single-quotes a word for bash.</summary>
    public static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

/// <summary>What a Slurm job's name and comment say about its attempt.</summary>
/// <param name="AttemptId">Attempt.</param>
/// <param name="JobId">OnePool job.</param>
/// <param name="Nodes">The node OnePool assigned each replica to, in replica order (Slurm may choose others).</param>
/// <param name="StopGraceSeconds">Grace between SIGTERM and cancel when OnePool stops it.</param>
internal sealed record AttemptTag(long AttemptId, long JobId, IReadOnlyList<string> Nodes, int StopGraceSeconds);
