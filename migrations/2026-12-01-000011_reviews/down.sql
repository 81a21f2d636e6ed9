ALTER TABLE login_throttle SET LOGGED;
DROP TABLE public_objections;
DROP TABLE review_requests;
ALTER TABLE application_items DROP CONSTRAINT application_items_kind_check;
ALTER TABLE application_items ADD CONSTRAINT application_items_kind_check
    CHECK (kind IN ('matter', 'service'));
DELETE FROM staff_assignments WHERE office_id IN (SELECT id FROM offices WHERE kind = 'committee');
DELETE FROM offices WHERE kind = 'committee';
ALTER TABLE offices DROP CONSTRAINT offices_kind_check;
ALTER TABLE offices ADD CONSTRAINT offices_kind_check
    CHECK (kind IN ('federation', 'institution', 'department', 'township'));
