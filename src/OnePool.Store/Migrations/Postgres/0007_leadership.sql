-- Broker replicas sharing one database elect one leader (the scheduling loop, failure detector and dispatch).
-- One row: who leads, at which URL, under which term (incremented at every change of leader), until when (Unix ms).
-- Every write a leader makes checks this row in its transaction (fencing): a deposed leader cannot commit.
CREATE TABLE leadership (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    holder      TEXT    NOT NULL,
    url         TEXT    NOT NULL,
    term        BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL,
    acquired_at BIGINT  NOT NULL
);

-- Every broker replica, leader or standby, with the last time it took part in the election (for onepool status).
CREATE TABLE broker_replicas (
    id      TEXT   PRIMARY KEY,
    url     TEXT   NOT NULL,
    seen_at BIGINT NOT NULL
);

-- The leader term that dispatched an attempt (NULL for attempts from before elections, or from unfenced writers).
ALTER TABLE attempts ADD COLUMN term BIGINT;
