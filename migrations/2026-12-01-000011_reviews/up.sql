-- 复核 / 复评 (000 §三(二), 001 §三): review requests filed within the objection window, the city
-- final-assessment expert committees (终评专家委员会) that decide them, and objections the public
-- sends about an announced entry (公众异议).

ALTER TABLE offices DROP CONSTRAINT offices_kind_check;
ALTER TABLE offices ADD CONSTRAINT offices_kind_check
    CHECK (kind IN ('federation', 'institution', 'department', 'township', 'committee'));

ALTER TABLE application_items DROP CONSTRAINT application_items_kind_check;
ALTER TABLE application_items ADD CONSTRAINT application_items_kind_check
    CHECK (kind IN ('matter', 'service', 'review'));

-- A review is an item of the case (kind 'review'); this row holds what the applicant wrote and the
-- committee's appointment. The final conclusion is stored on the review item (conclusion_*), and
-- copied to the matter it replaces. One review per matter.
CREATE TABLE review_requests (
    item_id           BIGINT PRIMARY KEY REFERENCES application_items (id),
    matter_item_id    BIGINT NOT NULL UNIQUE REFERENCES application_items (id),
    filed_by          BIGINT NOT NULL REFERENCES accounts (id),
    filed_on          DATE   NOT NULL,
    -- The last day of the window the request was filed in.
    window_closes     DATE   NOT NULL,
    reasons           TEXT   NOT NULL,
    attachment_id     BIGINT REFERENCES uploads (id),
    appointment_on    DATE,
    appointment_place TEXT
);

-- 公众异议: anyone may object to an announced entry while its window is open. Only staff of the
-- entry's county see the sender.
CREATE TABLE public_objections (
    id             BIGSERIAL   PRIMARY KEY,
    publication_id BIGINT      NOT NULL REFERENCES publications (id),
    county_code    TEXT        NOT NULL REFERENCES divisions (code),
    sender_name    TEXT        NOT NULL,
    sender_contact TEXT        NOT NULL,
    body           TEXT        NOT NULL,
    received_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    handled_at     TIMESTAMPTZ,
    handled_by     BIGINT      REFERENCES accounts (id),
    handled_note   TEXT
);
-- The county clerk's list: open objections first, oldest first, by key.
CREATE INDEX public_objections_county ON public_objections (county_code, (handled_at IS NOT NULL), id);

-- Throttle counters are short-lived: not worth a WAL write (and an fsync) on every attempt. After a
-- crash they start from zero.
ALTER TABLE login_throttle SET UNLOGGED;

