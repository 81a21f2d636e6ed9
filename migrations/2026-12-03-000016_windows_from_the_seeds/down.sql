CREATE OR REPLACE FUNCTION refresh_result_lookup(person BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM people WHERE id = person FOR NO KEY UPDATE;
    INSERT INTO result_lookups (person_id, id_number, real_name, item_id, status, state_since,
        meets, category, grade, county, objection_until, review_status)
    SELECT person_id, id_number, real_name, item_id, status, state_since, meets, category, grade,
        county, objection_until, review_status
    FROM result_lookup_rows WHERE person_id = person
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
ALTER TABLE result_lookups DROP COLUMN published;
UPDATE publications SET objection_until = published_on + 14 WHERE objection_until IS NULL;
ALTER TABLE publications ALTER COLUMN objection_until SET NOT NULL;
UPDATE review_requests SET window_closes = filed_on WHERE window_closes IS NULL;
ALTER TABLE review_requests ALTER COLUMN window_closes SET NOT NULL;
