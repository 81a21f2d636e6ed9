DROP INDEX applications_township;
ALTER TABLE applications DROP COLUMN handling_township;
ALTER TABLE offices DROP CONSTRAINT offices_kind_check;
ALTER TABLE offices ADD CONSTRAINT offices_kind_check
    CHECK (kind IN ('federation', 'institution', 'department'));
