-- The case workflow: offices and who works where, the state of each item with its deadline and
-- version, the append-only history of every item, and the audit log of staff views and actions.

-- County disabled persons' federations, designated assessment institutions, departments.
CREATE TABLE offices (
    id            BIGSERIAL PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('federation', 'institution', 'department')),
    -- The county the office serves (6-digit division code).
    division_code TEXT NOT NULL REFERENCES divisions (code),
    -- For departments: civil_affairs / human_resources / medical_security / market_regulation.
    department    TEXT,
    name          TEXT NOT NULL
);
CREATE INDEX offices_division ON offices (division_code, kind, id);

-- Which staff role an account holds in which office (its jurisdiction).
CREATE TABLE staff_assignments (
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role       TEXT   NOT NULL,
    office_id  BIGINT NOT NULL REFERENCES offices (id),
    PRIMARY KEY (account_id, role)
);

-- Each item's place in its workflow. `status` holds the state code (domain::workflow::ItemState).
ALTER TABLE application_items
    ADD COLUMN handling_county  TEXT REFERENCES divisions (code),
    ADD COLUMN approving_county TEXT REFERENCES divisions (code),
    ADD COLUMN state_since      DATE,
    -- Working days of the acceptance review used before a return for correction (the clock pauses).
    ADD COLUMN used_days        INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN deadline         DATE,
    ADD COLUMN institution_id   BIGINT REFERENCES offices (id),
    -- Optimistic concurrency: every transition bumps it; a stale form loses.
    ADD COLUMN version          INTEGER NOT NULL DEFAULT 0;
-- The county clerk's queue: by county, earliest deadline (overdue) first, no deadline last, by key.
CREATE INDEX application_items_queue
    ON application_items (handling_county, (COALESCE(deadline, DATE '9999-12-31')), id);
CREATE INDEX application_items_institution ON application_items (institution_id, deadline, id)
    WHERE institution_id IS NOT NULL;
CREATE INDEX application_items_approving ON application_items (approving_county, deadline, id);

-- Append-only history of every item.
CREATE TABLE item_events (
    id               BIGSERIAL PRIMARY KEY,
    item_id          BIGINT      NOT NULL REFERENCES application_items (id),
    at               TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor_account_id BIGINT      REFERENCES accounts (id),
    actor_role       TEXT        NOT NULL,
    office_id        BIGINT      REFERENCES offices (id),
    command          TEXT        NOT NULL,
    from_state       TEXT,
    to_state         TEXT        NOT NULL,
    -- What the actor wrote (reasons, the list to correct, the institution), as parameters.
    note             JSONB       NOT NULL DEFAULT '{}'
);
CREATE INDEX item_events_item ON item_events (item_id, id);

-- Every staff view of a person's data and every staff action.
CREATE TABLE audit_log (
    id               BIGSERIAL PRIMARY KEY,
    at               TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor_account_id BIGINT      NOT NULL REFERENCES accounts (id),
    office_id        BIGINT      REFERENCES offices (id),
    application_id   BIGINT      REFERENCES applications (id),
    what             TEXT        NOT NULL
);
CREATE INDEX audit_log_application ON audit_log (application_id, id);

-- History and audit are append-only: no update, no delete.
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER item_events_append_only BEFORE UPDATE OR DELETE ON item_events
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER item_events_no_truncate BEFORE TRUNCATE ON item_events
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
