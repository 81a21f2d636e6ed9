DROP INDEX applications_entered_by;
ALTER TABLE people DROP COLUMN notice_lang, DROP COLUMN notify_sms;
ALTER TABLE accounts DROP COLUMN notice_lang, DROP COLUMN notify_email, DROP COLUMN notify_sms;
ALTER TABLE applications DROP COLUMN channel, DROP COLUMN entered_by;
ALTER TABLE drafts DROP CONSTRAINT drafts_assisted_names_person, DROP COLUMN person_id,
    DROP COLUMN channel;
