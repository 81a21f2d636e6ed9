-- Login identities, login throttling and password-reset tokens.
CREATE TABLE accounts (
    id              BIGSERIAL PRIMARY KEY,
    real_name       TEXT        NOT NULL,
    -- GB 11643 resident ID number, normalised (upper-case X); never logged.
    id_number       TEXT        NOT NULL UNIQUE,
    phone           TEXT        NOT NULL UNIQUE,
    email           TEXT,
    password_hash   TEXT        NOT NULL,
    -- Role names; see `Role` in src/domain/role.rs.
    roles           TEXT[]      NOT NULL DEFAULT '{applicant}',
    -- Bumped on password change/reset: sessions carrying an older value end.
    session_epoch   INTEGER     NOT NULL DEFAULT 0,
    is_demo         BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX accounts_email_lower ON accounts (lower(email)) WHERE email IS NOT NULL;

-- Failed sign-ins per key (a hash of the identifier typed, or of the client address).
CREATE TABLE login_throttle (
    key             TEXT        PRIMARY KEY,
    failures        INTEGER     NOT NULL,
    window_start    TIMESTAMPTZ NOT NULL,
    locked_until    TIMESTAMPTZ
);

CREATE TABLE password_resets (
    id              BIGSERIAL PRIMARY KEY,
    account_id      BIGINT      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    -- SHA-256 of the token sent by mail; the token itself is never stored.
    token_hash      TEXT        NOT NULL UNIQUE,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at      TIMESTAMPTZ NOT NULL,
    used_at         TIMESTAMPTZ
);
CREATE INDEX password_resets_account ON password_resets (account_id);
