ALTER TABLE applications
    DROP CONSTRAINT applications_old_card_dated,
    DROP COLUMN old_card_on,
    DROP COLUMN old_card;
