-- 001 §四(三): after an un-migrated hukou move the issuing federation may freeze (6 months) and
-- cancel (1 year) the certificate “经核实后” — after checking. The scheduled job proposes the
-- step; a clerk of the issuing county confirms or dismisses it.
ALTER TABLE certificates
    ADD COLUMN proposed_step TEXT CHECK (proposed_step IN ('freeze', 'cancel')),
    ADD COLUMN proposed_on DATE,
    ADD CONSTRAINT certificates_proposal_dated CHECK ((proposed_step IS NULL) = (proposed_on IS NULL));
CREATE INDEX certificates_proposals ON certificates (issuing_county, id)
    WHERE proposed_step IS NOT NULL;
