-- Version 2: tenants' queues (quota, borrowing, cohort, fair-share weight), sites' settings, and why an attempt
-- was asked to stop. JSON documents are kept as TEXT, as in version 1.

-- Resource name -> amount; resources are accelerator models, cpu (cores) and memory (GiB).
ALTER TABLE tenants ADD COLUMN nominal TEXT NOT NULL DEFAULT '{}';
ALTER TABLE tenants ADD COLUMN borrowing_limit TEXT NOT NULL DEFAULT '{}';
ALTER TABLE tenants ADD COLUMN cohort TEXT;
ALTER TABLE tenants ADD COLUMN weight DOUBLE PRECISION NOT NULL DEFAULT 1;

-- Model -> price per accelerator-hour; a draining site gets no new work; datasets held there (JSON array);
-- bandwidth for bringing data in; model -> relative speed measured at the site.
ALTER TABLE sites ADD COLUMN prices TEXT NOT NULL DEFAULT '{}';
ALTER TABLE sites ADD COLUMN draining BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sites ADD COLUMN datasets TEXT NOT NULL DEFAULT '[]';
ALTER TABLE sites ADD COLUMN ingress_mib_per_s DOUBLE PRECISION NOT NULL DEFAULT 1000;
ALTER TABLE sites ADD COLUMN throughput TEXT NOT NULL DEFAULT '{}';

-- NULL while the attempt was not asked to stop by the broker; 'preempt' when the scheduler preempted it.
-- A cancel is recorded on the job (jobs.cancel_requested) and wins over a preemption.
ALTER TABLE attempts ADD COLUMN stop_cause TEXT;
CREATE INDEX attempts_finished ON attempts(finished_at);
