-- The counter (综合窗口) and assisted digital (issue #21).
--
-- 001 附件三(一): at the window staff type the form into the system and upload the materials;
-- 004 三(三)1, 附件3 五(三)2: window staff fill the form with the person, who signs it;
-- 000 §三(四)(五): township clerks and village helpers (帮代办) submit for people who cannot
-- travel. A draft entered for a person names them; the application records how it came in and
-- who typed it.
ALTER TABLE drafts
    ADD COLUMN person_id BIGINT REFERENCES people (id),
    ADD COLUMN channel TEXT NOT NULL DEFAULT 'online'
        CHECK (channel IN ('online', 'counter', 'helper')),
    ADD CONSTRAINT drafts_assisted_names_person
        CHECK ((channel = 'online') = (person_id IS NULL));

ALTER TABLE applications
    ADD COLUMN channel TEXT NOT NULL DEFAULT 'online'
        CHECK (channel IN ('online', 'counter', 'helper')),
    ADD COLUMN entered_by BIGINT REFERENCES accounts (id);

-- How each person wants to be told: the language of notices (NULL: the language of the page
-- that caused them) and whether by email and SMS (the portal inbox always).
ALTER TABLE accounts
    ADD COLUMN notice_lang TEXT CHECK (notice_lang IN ('zh-CN', 'en')),
    ADD COLUMN notify_email BOOLEAN NOT NULL DEFAULT TRUE,
    ADD COLUMN notify_sms BOOLEAN NOT NULL DEFAULT TRUE;

ALTER TABLE people
    ADD COLUMN notice_lang TEXT CHECK (notice_lang IN ('zh-CN', 'en')),
    ADD COLUMN notify_sms BOOLEAN NOT NULL DEFAULT TRUE;

CREATE INDEX applications_entered_by ON applications (entered_by) WHERE entered_by IS NOT NULL;
