using System.Text;
using System.Text.RegularExpressions;

namespace OnePool.Core.Importers.SkyPilot;

/// <summary>Makes the replica script of a SkyPilot task: a preamble that sets the <c>SKYPILOT_*</c> variables task
/// scripts read from OnePool's own, then <c>setup</c> in a subshell (as SkyPilot, a failed setup skips run), then
/// <c>run</c>. Every replica runs it, as SkyPilot runs setup and run on every node.</summary>
internal static partial class SkyPilotScript
{
    /// <summary>The variables the preamble sets.</summary>
    public static IReadOnlySet<string> Provided { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "SKYPILOT_NODE_RANK", "SKYPILOT_NUM_NODES", "SKYPILOT_NODE_IPS", "SKYPILOT_NUM_GPUS_PER_NODE", "SKYPILOT_TASK_ID",
        "SKYPILOT_JOB_ID", "SKYPILOT_SPOT_RUN_ID",
    };

    private static readonly string Preamble = $$"""
        # Made by onepool from a SkyPilot task (docs/importers.md): SkyPilot's variables from OnePool's, then setup, then run.
        export SKYPILOT_NODE_RANK="${ONEPOOL_REPLICA_INDEX:-0}" SKYPILOT_NUM_NODES="${ONEPOOL_NUM_REPLICAS:-1}"
        export SKYPILOT_TASK_ID="onepool-${ONEPOOL_JOB_ID:-0}-${ONEPOOL_ATTEMPT_ID:-0}" SKYPILOT_JOB_ID="${ONEPOOL_JOB_ID:-0}"
        export SKYPILOT_SPOT_RUN_ID="$SKYPILOT_TASK_ID"
        {{GangScript.GpuCount}}export SKYPILOT_NUM_GPUS_PER_NODE="$_onepool_gpus"
        {{GangScript.Hosts("SKYPILOT_NODE_IPS")}}export SKYPILOT_NODE_IPS="$_onepool_hosts"

        """;

    /// <summary>The script for <paramref name="setup"/> (optional) and <paramref name="run"/>.</summary>
    public static string Build(string? setup, string run)
    {
        var text = new StringBuilder(Preamble);
        if (!string.IsNullOrWhiteSpace(setup))
        {
            text.Append("# setup:\n(\n").Append(setup.TrimEnd('\n')).Append('\n')
                .Append(") || { _onepool_status=$?; echo \"onepool: setup failed with exit code $_onepool_status; run is skipped\" >&2; exit \"$_onepool_status\"; }\n");
        }

        return text.Append("# run:\n").Append(run.TrimEnd('\n')).Append('\n').ToString();
    }

    /// <summary>The SkyPilot variables <paramref name="script"/> reads, in order of first use.</summary>
    public static IReadOnlyList<string> VariablesUsed(string script) =>
        Variable().Matches(script).Select(m => m.Groups["v"].Value).Distinct(StringComparer.Ordinal).ToList();

    [GeneratedRegex(@"\$\{?(?<v>SKYPILOT_[A-Z0-9_]+|SKY_[A-Z0-9_]+)", RegexOptions.None, 1000)]
    private static partial Regex Variable();
}
