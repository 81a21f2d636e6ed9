ALTER TABLE audit_log DROP COLUMN person_id, DROP COLUMN subject_account_id;
DELETE FROM outbox WHERE account_id IS NULL;
ALTER TABLE outbox ALTER COLUMN account_id SET NOT NULL;
DROP TABLE pending_registrations;
DROP TABLE one_time_codes;
DROP INDEX representations_to_check;
DROP INDEX representations_live;
DELETE FROM representations WHERE status IN ('refused', 'ended');
ALTER TABLE representations ADD CONSTRAINT representations_account_id_person_id_key
    UNIQUE (account_id, person_id);
ALTER TABLE representations DROP COLUMN note, DROP COLUMN county, DROP COLUMN decided_by,
    DROP COLUMN decided_at, DROP COLUMN confirmed_by, DROP COLUMN claimed_name, DROP COLUMN status;
ALTER TABLE people DROP COLUMN phone, DROP COLUMN name_verified;
ALTER TABLE accounts DROP CONSTRAINT accounts_verified_has_source;
ALTER TABLE accounts DROP COLUMN lang, DROP COLUMN phone_confirmed_at, DROP COLUMN oidc_subject,
    DROP COLUMN identity_verified_at, DROP COLUMN identity_source, DROP COLUMN identity;
DELETE FROM accounts WHERE id_number IS NULL;
ALTER TABLE accounts ALTER COLUMN id_number SET NOT NULL;
DROP TABLE sessions;
