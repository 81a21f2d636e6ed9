-- Delegated acceptance (000 §三(四)): a county federation may authorise township (street) clerks,
-- who act as county clerks for the applications of their township.
ALTER TABLE offices DROP CONSTRAINT offices_kind_check;
ALTER TABLE offices ADD CONSTRAINT offices_kind_check
    CHECK (kind IN ('federation', 'institution', 'department', 'township'));

-- The residence township (9-digit code) of the application, for the township clerk's queue.
ALTER TABLE applications ADD COLUMN handling_township TEXT REFERENCES divisions (code);
CREATE INDEX applications_township ON applications (handling_township, id)
    WHERE handling_township IS NOT NULL;
