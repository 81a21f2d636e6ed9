-- 残疾人证 and 电子证照 (000 §三(三)(六), 001 §四): the certificate issued when a matter is completed,
-- its lifecycle (status with a version that every change bumps, so that verification codes of an
-- earlier state are recognised as out of date), the card's delivery, the un-migrated hukou move
-- and the reminders already sent.
CREATE TABLE certificates (
    id                BIGSERIAL   PRIMARY KEY,
    person_id         BIGINT      NOT NULL REFERENCES people (id),
    -- 20 characters: ID number, category digit, grade digit (FACTS §3).
    number            TEXT        NOT NULL,
    category          SMALLINT    NOT NULL,
    grade             SMALLINT    NOT NULL,
    -- [{"category": 4, "grade": 2}, …] — one entry, or the components of 多重.
    components        JSONB       NOT NULL,
    issued_on         DATE        NOT NULL,
    -- A damaged-card renewal keeps the original validity (001 §四(二)2).
    valid_from        DATE        NOT NULL,
    expires_on        DATE        NOT NULL,
    status            TEXT        NOT NULL DEFAULT 'valid'
                      CHECK (status IN ('valid', 'frozen', 'cancelled', 'migrated_out', 'expired')),
    status_version    INTEGER     NOT NULL DEFAULT 1,
    status_since      DATE        NOT NULL,
    issuing_county    TEXT        NOT NULL REFERENCES divisions (code),
    issuing_office_id BIGINT      REFERENCES offices (id),
    photo_upload_id   BIGINT      REFERENCES uploads (id),
    application_id    BIGINT      REFERENCES applications (id),
    -- The certificate that replaced this one (lost card, renewal, category or grade change).
    superseded_by     BIGINT      REFERENCES certificates (id),
    -- 001 §四(三): the hukou moved out of the issuing province's county without migrating.
    hukou_moved_on    DATE,
    -- Reminders and notices already sent (each once).
    renewal_reminded_at  TIMESTAMPTZ,
    expiry_reminded_at   TIMESTAMPTZ,
    freeze_noticed_at    TIMESTAMPTZ,
    cancel_noticed_at    TIMESTAMPTZ,
    -- The physical card (000 §三(三)): post with a tracking number, or township/village delivery.
    card_due          DATE,
    card_method       TEXT        CHECK (card_method IN ('post', 'township')),
    card_tracking     TEXT,
    card_sent_on      DATE,
    card_delivered_on DATE,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX certificates_person ON certificates (person_id, id DESC);
-- Typed-number verification: the current certificate of a number (replaced cards keep theirs).
CREATE INDEX certificates_number ON certificates (number, id DESC);
-- The scheduled jobs: un-migrated moves, and reminders by validity.
CREATE INDEX certificates_moved ON certificates (hukou_moved_on)
    WHERE hukou_moved_on IS NOT NULL AND superseded_by IS NULL;
CREATE INDEX certificates_expiry ON certificates (expires_on)
    WHERE superseded_by IS NULL AND status IN ('valid', 'frozen');

-- The certificate a matter item issued (for the case pages and the linked services).
ALTER TABLE application_items ADD COLUMN certificate_id BIGINT REFERENCES certificates (id);

-- 好差评: the person rates a completed item once (good / average / poor, optional comment).
CREATE TABLE ratings (
    item_id    BIGINT      PRIMARY KEY REFERENCES application_items (id),
    account_id BIGINT      NOT NULL REFERENCES accounts (id),
    -- The office that completed the item (the last staff event's), for the per-office view.
    office_id  BIGINT      REFERENCES offices (id),
    -- The item's matter or service code, for the per-service view.
    code       TEXT        NOT NULL,
    rating     TEXT        NOT NULL CHECK (rating IN ('good', 'average', 'poor')),
    comment    TEXT,
    rated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX ratings_office ON ratings (office_id, rating);
CREATE INDEX ratings_code ON ratings (code, rating);
