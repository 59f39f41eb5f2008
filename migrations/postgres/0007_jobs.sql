-- Work that must happen after a commit and must not be lost in a crash (mail, for now).
-- A job is enqueued in the transaction whose commit calls for it, so it exists if and only
-- if that transaction committed. A runner claims a due job by setting `locked_until` (a
-- lease: a runner that died mid-job frees it when the lease runs out); success deletes the
-- row; failure sets the next `run_at` (backoff) and `last_error`; after too many attempts
-- `dead_at` is set and the row is kept for a person to look at.
-- Times in microseconds since the Unix epoch. (0006 is the orders' migration.)

CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    run_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    locked_until BIGINT,
    last_error TEXT,
    dead_at BIGINT
);
-- What runners look for: live jobs by due time.
CREATE INDEX jobs_due ON jobs (run_at) WHERE dead_at IS NULL;
