-- The services' old routing is not restored: the residence county's departments never had the
-- authority to decide them.
SELECT 1;
