-- The one application form: drafts saved on every page, and submitted applications with their
-- items (the certificate matter, each linked service) and the materials they rely on.

-- A draft: everything typed so far, as the form's own JSON (kept as typed, errors included).
CREATE TABLE drafts (
    id           BIGSERIAL PRIMARY KEY,
    account_id   BIGINT      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    answers      JSONB       NOT NULL DEFAULT '{}',
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- When the person was warned that the draft expires (30 days after the last save).
    warned_at    TIMESTAMPTZ,
    submitted_at TIMESTAMPTZ
);
CREATE INDEX drafts_account ON drafts (account_id, id DESC);
CREATE INDEX drafts_open_by_age ON drafts (updated_at) WHERE submitted_at IS NULL;

CREATE TABLE applications (
    id               BIGSERIAL PRIMARY KEY,
    -- Human-readable reference, e.g. 20261123-430102-000042.
    reference        TEXT        NOT NULL UNIQUE,
    -- One application per draft: a double click, a reload or two racing requests create one.
    draft_id         BIGINT      NOT NULL UNIQUE,
    account_id       BIGINT      NOT NULL REFERENCES accounts (id),
    -- The person the application is about (the applicant themself, or the person acted for).
    person_id        BIGINT      NOT NULL REFERENCES people (id),
    -- self / guardian / helper
    applying_as      TEXT        NOT NULL CHECK (applying_as IN ('self', 'guardian', 'helper')),
    matter           TEXT,
    -- Residence county (accepts and handles the case) and hukou county (approves when different).
    handling_county  TEXT        NOT NULL REFERENCES divisions (code),
    approving_county TEXT        NOT NULL REFERENCES divisions (code),
    answers          JSONB       NOT NULL,
    status           TEXT        NOT NULL DEFAULT 'submitted',
    submitted_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- The first step's deadline (acceptance review), in working days on the official calendar.
    first_deadline   DATE        NOT NULL
);
CREATE INDEX applications_account ON applications (account_id, id DESC);
CREATE INDEX applications_person ON applications (person_id, id DESC);
CREATE INDEX applications_county ON applications (handling_county, id DESC);

-- What the application asks for: the certificate matter and each linked service.
CREATE TABLE application_items (
    id             BIGSERIAL PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    -- 'matter' or 'service'
    kind           TEXT   NOT NULL CHECK (kind IN ('matter', 'service')),
    code           TEXT   NOT NULL,
    status         TEXT   NOT NULL DEFAULT 'submitted',
    UNIQUE (application_id, kind, code)
);

-- One set of materials: each upload is linked once and serves every item that needs it.
CREATE TABLE application_materials (
    application_id BIGINT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    material       TEXT   NOT NULL,
    upload_id      BIGINT NOT NULL REFERENCES uploads (id),
    PRIMARY KEY (application_id, material)
);
