-- Many rate-limit attempts counted in one statement (issue #22, `db::rate_limits::take`): each
-- app instance gathers the attempts that arrive while its previous statement runs and sends them
-- together, so that a limit every request shares (one address behind a proxy) costs one row
-- update per batch, not one per request, and is still counted exactly across instances. The
-- statement records on each row how many of its attempts the batch was granted, and returns it.
ALTER TABLE rate_limits ADD COLUMN granted INT NOT NULL DEFAULT 0;
