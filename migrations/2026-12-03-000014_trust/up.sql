-- Trust (issue #16): sessions kept on the server, identity assurance on accounts, representation
-- that the person or a clerk confirms, one-time codes sent by SMS, registrations waiting for their
-- code, and notices to people who have no account.

-- Sessions: the cookie carries only a random key; the state lives here (or in Redis when
-- configured), so signing out ends a session for good and an administrator can end them all.
CREATE TABLE sessions (
    -- SHA-256 of the key in the cookie: the table alone opens no session.
    key_hash    TEXT        PRIMARY KEY,
    state       JSONB       NOT NULL,
    -- The signed-in account, when there is one (to end all of its sessions).
    account_id  BIGINT      REFERENCES accounts (id) ON DELETE CASCADE,
    expires_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id) WHERE account_id IS NOT NULL;
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Identity assurance: an account is `unverified` (its mobile number confirmed by a code) until a
-- trusted source — the provincial government account (OpenID Connect) or a clerk who saw the ID
-- card — verifies it. A verified identity takes an ID number from an unverified account that
-- held it (detached: the ID number is cleared, the account keeps working and is told why).
ALTER TABLE accounts ALTER COLUMN id_number DROP NOT NULL;
ALTER TABLE accounts
    ADD COLUMN identity TEXT NOT NULL DEFAULT 'unverified'
        CHECK (identity IN ('unverified', 'verified')),
    ADD COLUMN identity_source TEXT CHECK (identity_source IN ('oidc', 'counter', 'demo')),
    ADD COLUMN identity_verified_at TIMESTAMPTZ,
    -- `issuer subject` of the government account that signed in.
    ADD COLUMN oidc_subject TEXT UNIQUE,
    ADD COLUMN phone_confirmed_at TIMESTAMPTZ,
    ADD COLUMN lang TEXT NOT NULL DEFAULT 'zh',
    ADD CONSTRAINT accounts_verified_has_source
        CHECK (identity = 'unverified' OR identity_source IS NOT NULL);
UPDATE accounts SET identity = 'verified', identity_source = 'demo', identity_verified_at = now()
WHERE is_demo;

-- A person's record: its name is `name_verified` once a verified identity attached; the mobile
-- number on record comes only from the person's verified account or from an application that a
-- verified applicant (or confirmed representative) submitted.
ALTER TABLE people
    ADD COLUMN name_verified BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN phone TEXT;
-- What predates an account attaches only to a verified identity.
UPDATE people SET account_id = NULL
WHERE account_id IN (SELECT id FROM accounts WHERE identity = 'unverified');
UPDATE people p SET name_verified = TRUE, phone = a.phone
FROM accounts a WHERE p.account_id = a.id;

-- Representation is claimed, then confirmed by the person (a code sent to their mobile number
-- on record, or their verified account) or by a clerk who checked the proof; until then it
-- grants nothing but the applications the representative makes.
ALTER TABLE representations
    ADD COLUMN status TEXT NOT NULL DEFAULT 'claimed'
        CHECK (status IN ('claimed', 'confirmed', 'refused', 'ended')),
    -- The name the representative typed (compared with the person's record).
    ADD COLUMN claimed_name TEXT NOT NULL DEFAULT '',
    ADD COLUMN confirmed_by TEXT CHECK (confirmed_by IN ('person-code', 'person-account', 'clerk')),
    ADD COLUMN decided_at TIMESTAMPTZ,
    ADD COLUMN decided_by BIGINT REFERENCES accounts (id),
    -- The county whose clerks check the proof: that of the person's latest application, or of
    -- the first one the representative submits.
    ADD COLUMN county TEXT,
    ADD COLUMN note TEXT;
UPDATE representations r SET claimed_name = p.real_name FROM people p WHERE p.id = r.person_id;
ALTER TABLE representations DROP CONSTRAINT representations_account_id_person_id_key;
-- One live claim per account and person (a refused or ended one may be claimed again).
CREATE UNIQUE INDEX representations_live ON representations (account_id, person_id)
    WHERE status IN ('claimed', 'confirmed');
CREATE INDEX representations_to_check ON representations (county, id) WHERE status = 'claimed';

-- One-time codes sent by SMS: to confirm a registration's mobile number, a representation, or
-- to show an unpublished result. Only a hash is stored; a code expires, is used once and allows
-- five wrong guesses.
CREATE TABLE one_time_codes (
    id          BIGSERIAL   PRIMARY KEY,
    purpose     TEXT        NOT NULL CHECK (purpose IN ('registration', 'representation', 'lookup')),
    subject_id  BIGINT      NOT NULL,
    code_hash   TEXT        NOT NULL,
    attempts    INTEGER     NOT NULL DEFAULT 0,
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX one_time_codes_subject ON one_time_codes (purpose, subject_id, id);

-- A registration waiting for the code sent to its mobile number; the account is made when the
-- code is given.
CREATE TABLE pending_registrations (
    id            BIGSERIAL   PRIMARY KEY,
    real_name     TEXT        NOT NULL,
    id_number     TEXT        NOT NULL,
    phone         TEXT        NOT NULL,
    email         TEXT,
    password_hash TEXT        NOT NULL,
    lang          TEXT        NOT NULL,
    expires_at    TIMESTAMPTZ NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Notices to people without an account (SMS to a mobile number given in an application).
ALTER TABLE outbox ALTER COLUMN account_id DROP NOT NULL;

-- The audit also names the account or person an action was about.
ALTER TABLE audit_log
    ADD COLUMN subject_account_id BIGINT REFERENCES accounts (id),
    ADD COLUMN person_id BIGINT REFERENCES people (id);
