-- The newest checkpoint each attempt's job marked while it ran: the work an infrastructure failure throws away
-- starts there (effective training time).
ALTER TABLE attempts ADD COLUMN checkpoint_at BIGINT;
