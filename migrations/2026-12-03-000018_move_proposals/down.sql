DROP INDEX certificates_proposals;
ALTER TABLE certificates
    DROP CONSTRAINT certificates_proposal_dated,
    DROP COLUMN proposed_on,
    DROP COLUMN proposed_step;
