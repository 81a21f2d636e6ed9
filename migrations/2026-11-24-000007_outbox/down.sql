DROP TABLE outbox;
ALTER TABLE applications DROP COLUMN lang;
