-- The portal inbox: every message to an account, rendered in the reader's language from its kind
-- and parameters.
CREATE TABLE inbox_messages (
    id          BIGSERIAL PRIMARY KEY,
    account_id  BIGINT      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind        TEXT        NOT NULL,
    params      JSONB       NOT NULL DEFAULT '{}',
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    read_at     TIMESTAMPTZ
);
-- Newest first per account (keyset paging), and the unread count.
CREATE INDEX inbox_messages_account ON inbox_messages (account_id, id DESC);
CREATE INDEX inbox_messages_unread ON inbox_messages (account_id) WHERE read_at IS NULL;
