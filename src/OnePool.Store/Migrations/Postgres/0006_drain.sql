-- Draining: no new work at once; once drain_deadline (Unix ms) passes, the work still running there is moved
-- (preempted, so it can checkpoint, and requeued without using its retries). NULL: not draining.
ALTER TABLE nodes ADD COLUMN drain_deadline BIGINT;
ALTER TABLE sites ADD COLUMN drain_deadline BIGINT;
