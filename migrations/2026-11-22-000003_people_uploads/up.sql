-- People applications are about, who acts for whom, and uploaded files.

-- Uploaded files: the bytes live on disk, content-addressed by SHA-256, outside static/.
CREATE TABLE uploads (
    id               BIGSERIAL PRIMARY KEY,
    owner_account_id BIGINT      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    sha256           TEXT        NOT NULL,
    content_type     TEXT        NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'application/pdf')),
    byte_size        INTEGER     NOT NULL CHECK (byte_size > 0),
    original_name    TEXT        NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX uploads_owner ON uploads (owner_account_id, id);

-- A person applications are about; may have no account. Linked to an account when the person
-- registers with the same (verified) ID number.
CREATE TABLE people (
    id          BIGSERIAL PRIMARY KEY,
    id_number   TEXT        NOT NULL UNIQUE,
    real_name   TEXT        NOT NULL,
    account_id  BIGINT      UNIQUE REFERENCES accounts (id) ON DELETE SET NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- An account acts for a person: as guardian (监护人) or as authorized helper (帮代办).
CREATE TABLE representations (
    id                BIGSERIAL PRIMARY KEY,
    account_id        BIGINT      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    person_id         BIGINT      NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    kind              TEXT        NOT NULL CHECK (kind IN ('guardian', 'helper')),
    relationship_code TEXT        NOT NULL REFERENCES relationships (code),
    proof_upload_id   BIGINT      NOT NULL REFERENCES uploads (id),
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (account_id, person_id)
);
CREATE INDEX representations_person ON representations (person_id);

-- Existing accounts are people too.
INSERT INTO people (id_number, real_name, account_id)
SELECT id_number, real_name, id FROM accounts
ON CONFLICT (id_number) DO NOTHING;
