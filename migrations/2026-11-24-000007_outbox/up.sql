-- Transactional outbox: every message to a person is written in the same transaction as the change
-- it reports (with its inbox copy); a worker delivers email and SMS, retrying with backoff.

-- The language the applicant used when submitting: later messages about the case use it.
ALTER TABLE applications ADD COLUMN lang TEXT NOT NULL DEFAULT 'zh';

CREATE TABLE outbox (
    id              BIGSERIAL PRIMARY KEY,
    -- Idempotency key (inbox message + channel): one delivery per message and channel; sent as
    -- the mail's Message-ID and the SMS gateway's Idempotency-Key so a retry after an unclear
    -- failure is recognised downstream.
    key             TEXT        NOT NULL UNIQUE,
    channel         TEXT        NOT NULL CHECK (channel IN ('email', 'sms')),
    account_id      BIGINT      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    recipient       TEXT        NOT NULL,
    lang            TEXT        NOT NULL,
    -- The inbox kind and parameters: the text is rendered in `lang` when sending.
    kind            TEXT        NOT NULL,
    params          JSONB       NOT NULL,
    attempts        INTEGER     NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_error      TEXT,
    sent_at         TIMESTAMPTZ,
    -- Given up after the last retry (kept for staff to see; the inbox copy is always there).
    failed_at       TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- The worker's scan: due and not finished, oldest first.
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE sent_at IS NULL AND failed_at IS NULL;
