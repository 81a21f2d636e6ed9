-- 001 §六: the residence county collects the old card on renewal, migration, cancellation and
-- category/grade change; the clerk records that it was handed in, or that it was lost.
ALTER TABLE applications
    ADD COLUMN old_card TEXT CHECK (old_card IN ('handed_in', 'lost')),
    ADD COLUMN old_card_on DATE,
    ADD CONSTRAINT applications_old_card_dated CHECK ((old_card IS NULL) = (old_card_on IS NULL));
