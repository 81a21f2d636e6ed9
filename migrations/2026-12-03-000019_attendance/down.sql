ALTER TABLE application_items DROP COLUMN attended_on;
