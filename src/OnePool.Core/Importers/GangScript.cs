namespace OnePool.Core.Importers;

/// <summary>Bash fragments that imported jobs put before their own commands, deriving what other schedulers give a
/// job (its rank, its gang's hosts, its GPU count) from what the OnePool agent exports (docs/jobspec.md). They
/// keep the agent unchanged: every importer speaks for itself, from the same few <c>ONEPOOL_*</c> variables.</summary>
internal static class GangScript
{
    /// <summary>Sets <c>_onepool_hosts</c> to the gang's hosts, one per line, replica 0 first. On a Slurm site the gang
    /// is one Slurm job, so its node list gives them (docs/slurm.md); elsewhere the agent exports them as
    /// <c>ONEPOOL_REPLICA_HOSTS</c> (node names, comma-separated); a single replica is this host (127.0.0.1). An agent
    /// too old to export them leaves it empty, and the fragment says so on stderr.</summary>
    /// <param name="what">The variable built from it, named in the message.</param>
    public static string Hosts(string what) => $$"""
        if [ -n "${SLURM_JOB_NODELIST:-}" ] && command -v scontrol >/dev/null 2>&1; then
          _onepool_hosts="$(scontrol show hostnames "$SLURM_JOB_NODELIST")"
        elif [ -n "${ONEPOOL_REPLICA_HOSTS:-}" ]; then
          _onepool_hosts="$(printf '%s\n' "$ONEPOOL_REPLICA_HOSTS" | tr , '\n')"
        elif [ "${ONEPOOL_NUM_REPLICAS:-1}" = 1 ]; then
          _onepool_hosts=127.0.0.1
        else
          _onepool_hosts=
          echo "onepool: {{what}} is empty: this agent does not give ONEPOOL_REPLICA_HOSTS" >&2
        fi

        """;

    /// <summary>Sets <c>_onepool_gpus</c> to the number of devices in <c>CUDA_VISIBLE_DEVICES</c> (0 when it is empty),
    /// which the agent sets to the devices given to this replica.</summary>
    public const string GpuCount = """
        if [ -n "${CUDA_VISIBLE_DEVICES:-}" ]; then
          _onepool_gpus="${CUDA_VISIBLE_DEVICES//[^,]/}"
          _onepool_gpus=$(( ${#_onepool_gpus} + 1 ))
        else
          _onepool_gpus=0
        fi

        """;

    /// <summary><paramref name="text"/> as one bash word in single quotes.</summary>
    public static string Quote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '=' or ':' or ',' or '@' or '+')
            ? text
            : "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
