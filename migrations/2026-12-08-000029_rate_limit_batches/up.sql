-- Many rate-limit attempts counted in one statement (issue #22): each app instance gathers the
-- attempts that arrive while its previous statement runs and sends them together, so that a
-- limit every request shares (one address behind a proxy) costs one row update per batch, not
-- one per request, and is still counted exactly across instances.
--
-- For each key: how many of `wanted` attempts the GCRA allows now (the first `granted` of them),
-- and when the next attempt would be allowed. Keys are locked in their sorted order, so two
-- instances' batches never wait on each other in a circle. The real time (`now()`), as before.
CREATE FUNCTION rate_limit_take(keys TEXT[], interval_us BIGINT[], burst_us BIGINT[], wanted INT[])
RETURNS TABLE (limit_key TEXT, granted INT, again TIMESTAMPTZ)
LANGUAGE plpgsql AS $$
DECLARE
    i INT;
    at_now CONSTANT TIMESTAMPTZ := now();
    base TIMESTAMPTZ;
    room BIGINT;
BEGIN
    FOR i IN SELECT u.ord FROM unnest(keys) WITH ORDINALITY AS u(k, ord) ORDER BY u.k LOOP
        INSERT INTO rate_limits AS r (key, tat) VALUES (keys[i], at_now) ON CONFLICT DO NOTHING;
        SELECT GREATEST(r.tat, at_now) INTO base FROM rate_limits AS r WHERE r.key = keys[i] FOR UPDATE;
        -- Microseconds left in the burst: k attempts fit while base + k * interval <= now + burst.
        room := (extract(epoch FROM at_now - base) * 1000000)::BIGINT + burst_us[i];
        granted := GREATEST(0, LEAST(wanted[i]::BIGINT, room / interval_us[i]))::INT;
        base := base + granted * interval_us[i] * INTERVAL '1 microsecond';
        IF granted > 0 THEN
            UPDATE rate_limits AS r SET tat = base WHERE r.key = keys[i];
        END IF;
        limit_key := keys[i];
        again := base + (interval_us[i] - burst_us[i]) * INTERVAL '1 microsecond';
        RETURN NEXT;
    END LOOP;
END
$$;
