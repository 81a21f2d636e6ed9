-- The day the applicant came for assessment (or was visited at home): the institution's limits
-- count from it (000 §三(二), 002 三, 004 附件3 五(四)1), and the applicant's delay before it is
-- theirs.
ALTER TABLE application_items ADD COLUMN attended_on DATE;
