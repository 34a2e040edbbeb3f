-- OnePool state, version 1. Times are Unix milliseconds (UTC). States are lower-case words (see OnePool.Core.Jobs).
CREATE TABLE tenants (
    name        TEXT PRIMARY KEY,
    created_at  INTEGER NOT NULL
);

-- Bearer tokens, stored as SHA-256 hex of the token; role is admin, tenant or site; subject the tenant or site name.
CREATE TABLE tokens (
    hash        TEXT PRIMARY KEY,
    role        TEXT NOT NULL,
    subject     TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE sites (
    name        TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    labels      TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);

-- The last inventory an agent reported (JSON). Liveness is kept in memory, not here.
CREATE TABLE nodes (
    id          TEXT PRIMARY KEY,
    site        TEXT NOT NULL REFERENCES sites(name),
    name        TEXT NOT NULL,
    inventory   TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
);

CREATE TABLE jobs (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant           TEXT NOT NULL,
    name             TEXT NOT NULL,
    state            TEXT NOT NULL,
    priority         INTEGER NOT NULL,
    spec             TEXT NOT NULL,
    resources        TEXT NOT NULL,
    submitted_at     INTEGER NOT NULL,
    started_at       INTEGER,
    finished_at      INTEGER,
    reason           TEXT,
    exit_code        INTEGER,
    attempts         INTEGER NOT NULL DEFAULT 0,
    failures         INTEGER NOT NULL DEFAULT 0,
    site             TEXT,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    idempotency_key  TEXT
);
CREATE UNIQUE INDEX jobs_idempotency ON jobs(tenant, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX jobs_state ON jobs(state);
CREATE INDEX jobs_tenant ON jobs(tenant, id);

-- One row per dispatch. The id is the fencing token: agents' reports must name a live attempt.
CREATE TABLE attempts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id       INTEGER NOT NULL REFERENCES jobs(id),
    number       INTEGER NOT NULL,
    state        TEXT NOT NULL,
    site         TEXT NOT NULL,
    accelerator  TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    started_at   INTEGER,
    finished_at  INTEGER,
    exit_code    INTEGER,
    reason       TEXT
);
CREATE INDEX attempts_job ON attempts(job_id);
CREATE INDEX attempts_state ON attempts(state);

CREATE TABLE replicas (
    attempt_id   INTEGER NOT NULL REFERENCES attempts(id),
    idx          INTEGER NOT NULL,
    node_id      TEXT NOT NULL,
    devices      TEXT NOT NULL,
    cpu_millis   INTEGER NOT NULL,
    memory_mib   INTEGER NOT NULL,
    extended     TEXT NOT NULL,
    state        TEXT NOT NULL,
    exit_code    INTEGER,
    started_at   INTEGER,
    finished_at  INTEGER,
    message      TEXT,
    PRIMARY KEY (attempt_id, idx)
);
CREATE INDEX replicas_node ON replicas(node_id, state);

CREATE TABLE events (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id   INTEGER NOT NULL REFERENCES jobs(id),
    at       INTEGER NOT NULL,
    type     TEXT NOT NULL,
    message  TEXT NOT NULL
);
CREATE INDEX events_job ON events(job_id, id);

-- Job output in arrival order; next_offset per replica makes uploads idempotent.
CREATE TABLE logs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id      INTEGER NOT NULL,
    attempt_id  INTEGER NOT NULL,
    replica     INTEGER NOT NULL,
    data        TEXT NOT NULL
);
CREATE INDEX logs_job ON logs(job_id, id);

CREATE TABLE log_offsets (
    attempt_id   INTEGER NOT NULL,
    replica      INTEGER NOT NULL,
    next_offset  INTEGER NOT NULL,
    PRIMARY KEY (attempt_id, replica)
);
