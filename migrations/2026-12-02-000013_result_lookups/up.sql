-- The personal result lookup (000 §三(二): the person learns the conclusion and the review window)
-- answers from one row per person, found by the ID number typed, instead of joining five tables
-- on every attempt. The row is a projection of the case tables, kept current by triggers that run
-- when a transaction commits; `result_lookup_rows` is its definition, and the table equals it.

-- Each person's latest recorded conclusion: the matter item, its announcement's objection
-- deadline and the state of a review request.
CREATE VIEW result_lookup_rows AS
SELECT DISTINCT ON (people.id)
    people.id                      AS person_id,
    people.id_number,
    people.real_name,
    matter.id                      AS item_id,
    matter.status,
    matter.state_since,
    matter.conclusion_meets        AS meets,
    matter.conclusion_category     AS category,
    matter.conclusion_grade        AS grade,
    applications.handling_county   AS county,
    publications.objection_until,
    review.status                  AS review_status
FROM people
JOIN applications ON applications.person_id = people.id
JOIN application_items matter
    ON matter.application_id = applications.id AND matter.kind = 'matter'
LEFT JOIN publications ON publications.item_id = matter.id
LEFT JOIN application_items review
    ON review.application_id = applications.id AND review.kind = 'review'
WHERE matter.conclusion_meets IS NOT NULL
ORDER BY people.id, matter.id DESC;

CREATE TABLE result_lookups (
    person_id       BIGINT  PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    id_number       TEXT    NOT NULL UNIQUE,
    real_name       TEXT    NOT NULL,
    item_id         BIGINT  NOT NULL,
    status          TEXT    NOT NULL,
    state_since     DATE,
    meets           BOOLEAN NOT NULL,
    category        SMALLINT,
    grade           SMALLINT,
    county          TEXT    NOT NULL,
    objection_until DATE,
    review_status   TEXT
);

-- Makes a person's row equal to the view. One refresh of a person at a time (the person's row
-- is locked first), and each statement of this function reads what other transactions have
-- committed by then: a refresh that waited sees the changes of the one it waited for.
CREATE FUNCTION refresh_result_lookup(person BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM people WHERE id = person FOR NO KEY UPDATE;
    INSERT INTO result_lookups
    SELECT * FROM result_lookup_rows WHERE person_id = person
    ON CONFLICT (person_id) DO UPDATE SET
        id_number       = EXCLUDED.id_number,
        real_name       = EXCLUDED.real_name,
        item_id         = EXCLUDED.item_id,
        status          = EXCLUDED.status,
        state_since     = EXCLUDED.state_since,
        meets           = EXCLUDED.meets,
        category        = EXCLUDED.category,
        grade           = EXCLUDED.grade,
        county          = EXCLUDED.county,
        objection_until = EXCLUDED.objection_until,
        review_status   = EXCLUDED.review_status;
    IF NOT FOUND THEN
        DELETE FROM result_lookups WHERE person_id = person;
    END IF;
END
$$;

-- The person (or people) a changed row of a case table belongs to, refreshed.
CREATE FUNCTION result_lookups_touch() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    new_person BIGINT;
    old_person BIGINT;
BEGIN
    IF TG_TABLE_NAME = 'people' THEN
        IF TG_OP <> 'DELETE' THEN new_person := NEW.id; END IF;
    ELSIF TG_TABLE_NAME = 'applications' THEN
        IF TG_OP <> 'DELETE' THEN new_person := NEW.person_id; END IF;
        IF TG_OP <> 'INSERT' THEN old_person := OLD.person_id; END IF;
    ELSIF TG_TABLE_NAME = 'application_items' THEN
        -- Services never change a conclusion.
        IF TG_OP <> 'DELETE' AND NEW.kind <> 'service' THEN
            SELECT person_id INTO new_person FROM applications WHERE id = NEW.application_id;
        END IF;
        IF TG_OP <> 'INSERT' AND OLD.kind <> 'service' THEN
            SELECT person_id INTO old_person FROM applications WHERE id = OLD.application_id;
        END IF;
    ELSIF TG_TABLE_NAME = 'publications' THEN
        IF TG_OP <> 'DELETE' THEN
            SELECT a.person_id INTO new_person
            FROM application_items i JOIN applications a ON a.id = i.application_id
            WHERE i.id = NEW.item_id;
        END IF;
        IF TG_OP <> 'INSERT' THEN
            SELECT a.person_id INTO old_person
            FROM application_items i JOIN applications a ON a.id = i.application_id
            WHERE i.id = OLD.item_id;
        END IF;
    END IF;
    IF new_person IS NOT NULL THEN
        PERFORM refresh_result_lookup(new_person);
    END IF;
    IF old_person IS NOT NULL AND old_person IS DISTINCT FROM new_person THEN
        PERFORM refresh_result_lookup(old_person);
    END IF;
    RETURN NULL;
END
$$;

-- At commit (deferred): after every change of the transaction, in the order they were made. A new
-- person or application has no conclusion yet; its matter item's changes refresh it.
CREATE CONSTRAINT TRIGGER result_lookups_people
    AFTER UPDATE OF id_number, real_name ON people
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION result_lookups_touch();
CREATE CONSTRAINT TRIGGER result_lookups_applications
    AFTER DELETE OR UPDATE OF person_id, handling_county ON applications
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION result_lookups_touch();
CREATE CONSTRAINT TRIGGER result_lookups_items
    AFTER INSERT OR DELETE OR UPDATE OF application_id, kind, status, state_since,
        conclusion_meets, conclusion_category, conclusion_grade ON application_items
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION result_lookups_touch();
CREATE CONSTRAINT TRIGGER result_lookups_publications
    AFTER INSERT OR DELETE OR UPDATE OF item_id, objection_until ON publications
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION result_lookups_touch();

INSERT INTO result_lookups SELECT * FROM result_lookup_rows;
