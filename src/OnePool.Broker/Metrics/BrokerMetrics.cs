using Prometheus;

namespace OnePool.Broker.Metrics;

/// <summary>The broker's Prometheus metrics, served at <c>/metrics</c>.</summary>
internal static class BrokerMetrics
{
    public static readonly Gauge Jobs = Prometheus.Metrics.CreateGauge(
        "onepool_jobs", "Jobs by state (refreshed by the scheduling cycles, at most every 5 s).", new GaugeConfiguration { LabelNames = ["state"] });

    public static readonly Gauge Nodes = Prometheus.Metrics.CreateGauge(
        "onepool_nodes", "Nodes seen since the broker started, by liveness.", new GaugeConfiguration { LabelNames = ["state"] });

    public static readonly Counter AttemptsStarted = Prometheus.Metrics.CreateCounter(
        "onepool_attempts_started_total", "Attempts dispatched to sites.");

    public static readonly Counter AttemptsFinished = Prometheus.Metrics.CreateCounter(
        "onepool_attempts_finished_total", "Attempts that reached a final state, by state.", new CounterConfiguration { LabelNames = ["state"] });

    public static readonly Histogram LeaseSeconds = Prometheus.Metrics.CreateHistogram(
        "onepool_lease_duration_seconds", "Time to process an agent's lease, excluding the long-poll wait.",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0005, 2, 14) });

    public static readonly Histogram CycleSeconds = Prometheus.Metrics.CreateHistogram(
        "onepool_scheduling_cycle_duration_seconds", "Time of one scheduling cycle: snapshot, decide, commit.",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0005, 2, 16) });

    public static readonly Histogram SubmissionBatch = Prometheus.Metrics.CreateHistogram(
        "onepool_submission_batch_size", "Submissions committed together in one transaction (group commit).",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(1, 2, 9) });

    public static readonly Histogram SubmissionCommitSeconds = Prometheus.Metrics.CreateHistogram(
        "onepool_submission_commit_duration_seconds", "Time to commit one batch of submissions, waiting for the store's writer included.",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0002, 2, 14) });

    public static void Record(IEnumerable<Store.Records.Transition> transitions)
    {
        foreach (var t in transitions)
        {
            if (t.AttemptState is { } s && Core.Jobs.States.IsFinal(s))
            {
                AttemptsFinished.WithLabels(Core.Jobs.States.ToWord(s)).Inc();
            }
        }
    }
}
