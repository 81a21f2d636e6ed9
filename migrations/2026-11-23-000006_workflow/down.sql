DROP TABLE audit_log;
DROP TABLE item_events;
DROP FUNCTION refuse_change();
DROP INDEX application_items_queue;
DROP INDEX application_items_institution;
DROP INDEX application_items_approving;
ALTER TABLE application_items
    DROP COLUMN handling_county, DROP COLUMN approving_county, DROP COLUMN state_since,
    DROP COLUMN used_days, DROP COLUMN deadline, DROP COLUMN institution_id, DROP COLUMN version;
DROP TABLE staff_assignments;
DROP TABLE offices;
