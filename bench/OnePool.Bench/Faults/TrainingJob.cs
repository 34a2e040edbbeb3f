using System.Globalization;

namespace OnePool.Bench.Faults;

/// <summary>
/// The job under test: a resumable 2-replica gang, one T4 per replica, whose bash script is a training loop. Each
/// step sleeps 0.1 s; replica 0 writes a checkpoint every <see cref="FaultScenario.StepsPerCheckpoint"/> steps under
/// <c>$ONEPOOL_CHECKPOINT_DIR</c>, marks it in <c>latest</c> (temporary file, then <c>mv</c>) and <c>progress</c>;
/// both replicas resume from <c>$ONEPOOL_RESUME_FROM</c>. It exits 0 after the last step.
/// </summary>
internal static class TrainingJob
{
    public static string Yaml(FaultScenario scenario)
    {
        var steps = scenario.TotalSteps.ToString(CultureInfo.InvariantCulture);
        var every = scenario.StepsPerCheckpoint.ToString(CultureInfo.InvariantCulture);
        var sleep = FaultScenario.Step.TotalSeconds.ToString("0.0##", CultureInfo.InvariantCulture);
        return $$"""
            name: faults-bench-training
            replicas: 2
            resumable: true
            workload: training
            resources: {cpu: 2, memory: 1Gi, accelerators: [T4:1]}
            run: |
              step=0
              if [ -n "$ONEPOOL_RESUME_FROM" ] && [ -f "$ONEPOOL_RESUME_FROM" ]; then step=$(cat "$ONEPOOL_RESUME_FROM"); fi
              echo "replica $ONEPOOL_REPLICA_INDEX of attempt $ONEPOOL_ATTEMPT_ID starts at step $step on $ONEPOOL_NODE"
              d="$ONEPOOL_CHECKPOINT_DIR"
              mkdir -p "$d"
              while [ "$step" -lt {{steps}} ]; do
                sleep {{sleep}}
                step=$((step + 1))
                if [ "$ONEPOOL_REPLICA_INDEX" = 0 ] && [ $((step % {{every}})) -eq 0 ]; then
                  echo "$step" > "$d/step-$step"
                  echo "step-$step" > "$d/latest.tmp" && mv "$d/latest.tmp" "$d/latest"
                  echo "$step" > "$d/progress.tmp" && mv "$d/progress.tmp" "$d/progress"
                  rm -f "$d/step-$((step - 2 * {{every}}))"
                fi
              done
              echo "replica $ONEPOOL_REPLICA_INDEX done at step $step"
            """;
    }
}
