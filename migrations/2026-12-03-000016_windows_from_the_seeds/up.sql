-- Only Hunan's seed gives the objection (review) window a length (000 §三(二): 10 working days).
-- 001 §四(一)4 and 004 附件3 五(四)1 publish without one, and 002 replaces publication with a
-- commitment: there an announcement has no fixed last day and a review request none either.
ALTER TABLE publications ALTER COLUMN objection_until DROP NOT NULL;
ALTER TABLE review_requests ALTER COLUMN window_closes DROP NOT NULL;

-- The personal lookup tells a public result (on the announcement) from one that is not by whether
-- an entry exists, no longer by its last day.
ALTER TABLE result_lookups ADD COLUMN published BOOLEAN NOT NULL DEFAULT FALSE;

CREATE OR REPLACE VIEW result_lookup_rows AS
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
    review.status                  AS review_status,
    publications.id IS NOT NULL    AS published
FROM people
JOIN applications ON applications.person_id = people.id
JOIN application_items matter
    ON matter.application_id = applications.id AND matter.kind = 'matter'
LEFT JOIN publications ON publications.item_id = matter.id
LEFT JOIN application_items review
    ON review.application_id = applications.id AND review.kind = 'review'
WHERE matter.conclusion_meets IS NOT NULL
ORDER BY people.id, matter.id DESC;

CREATE OR REPLACE FUNCTION refresh_result_lookup(person BIGINT) RETURNS void LANGUAGE plpgsql AS $$
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
        review_status   = EXCLUDED.review_status,
        published       = EXCLUDED.published;
    IF NOT FOUND THEN
        DELETE FROM result_lookups WHERE person_id = person;
    END IF;
END
$$;

-- Entries whose window had no seed behind it (not Hunan's) keep no last day.
UPDATE publications SET objection_until = NULL WHERE province_code <> '43';

INSERT INTO result_lookups SELECT * FROM result_lookup_rows
ON CONFLICT (person_id) DO UPDATE SET
    objection_until = EXCLUDED.objection_until,
    published       = EXCLUDED.published;
