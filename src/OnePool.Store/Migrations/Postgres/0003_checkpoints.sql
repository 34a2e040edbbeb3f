-- The newest checkpoint a job marked (its name under the job's checkpoint folder), when, in which storage domain
-- (nodes of that domain can resume from it), and the job's own progress note.
ALTER TABLE jobs ADD COLUMN checkpoint TEXT;
ALTER TABLE jobs ADD COLUMN checkpoint_at BIGINT;
ALTER TABLE jobs ADD COLUMN checkpoint_domain TEXT;
ALTER TABLE jobs ADD COLUMN progress TEXT;
