-- The public pages' rate limits, shared by every app instance (issue #22): one row per key, the
-- GCRA's theoretical arrival time. Unlogged: losing the counts in a crash only forgives some
-- callers, and the writes skip the WAL.
CREATE UNLOGGED TABLE rate_limits (
    key TEXT        PRIMARY KEY,
    tat TIMESTAMPTZ NOT NULL
);
