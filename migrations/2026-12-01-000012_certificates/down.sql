DROP TABLE ratings;
ALTER TABLE application_items DROP COLUMN certificate_id;
DROP TABLE certificates;
