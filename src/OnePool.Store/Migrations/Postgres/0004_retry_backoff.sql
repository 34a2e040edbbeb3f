-- A job requeued after a failure of its own is not placed before this time (Unix ms): exponential backoff.
ALTER TABLE jobs ADD COLUMN not_before BIGINT;
