-- The app's clock in the database: the real time plus the offset each of the app's connections
-- sets (`portal.clock_offset`, in microseconds; unset or zero in service, see src/clock.rs), so
-- that what the database records and what the app counts from agree.
CREATE FUNCTION portal_now() RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT now() + COALESCE(NULLIF(current_setting('portal.clock_offset', true), ''), '0')::bigint
                   * interval '1 microsecond'
$$;

-- Today in China Standard Time on that clock, the day deadlines and windows count from.
CREATE FUNCTION portal_today() RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT (portal_now() AT TIME ZONE 'Asia/Shanghai')::date
$$;

ALTER TABLE accounts ALTER COLUMN created_at SET DEFAULT portal_now();
ALTER TABLE accounts ALTER COLUMN updated_at SET DEFAULT portal_now();
ALTER TABLE password_resets ALTER COLUMN created_at SET DEFAULT portal_now();
ALTER TABLE uploads ALTER COLUMN created_at SET DEFAULT portal_now();
ALTER TABLE people ALTER COLUMN created_at SET DEFAULT portal_now();
ALTER TABLE representations ALTER COLUMN created_at SET DEFAULT portal_now();
ALTER TABLE inbox_messages ALTER COLUMN created_at SET DEFAULT portal_now();
ALTER TABLE drafts ALTER COLUMN created_at SET DEFAULT portal_now();
ALTER TABLE drafts ALTER COLUMN updated_at SET DEFAULT portal_now();
ALTER TABLE applications ALTER COLUMN submitted_at SET DEFAULT portal_now();
ALTER TABLE item_events ALTER COLUMN at SET DEFAULT portal_now();
ALTER TABLE audit_log ALTER COLUMN at SET DEFAULT portal_now();
ALTER TABLE outbox ALTER COLUMN next_attempt_at SET DEFAULT portal_now();
ALTER TABLE outbox ALTER COLUMN created_at SET DEFAULT portal_now();
ALTER TABLE public_objections ALTER COLUMN received_at SET DEFAULT portal_now();
ALTER TABLE certificates ALTER COLUMN created_at SET DEFAULT portal_now();
ALTER TABLE ratings ALTER COLUMN rated_at SET DEFAULT portal_now();
ALTER TABLE one_time_codes ALTER COLUMN created_at SET DEFAULT portal_now();
ALTER TABLE pending_registrations ALTER COLUMN created_at SET DEFAULT portal_now();
ALTER TABLE annual_reviews ALTER COLUMN reviewed_at SET DEFAULT portal_now();
ALTER TABLE assessment_sessions ALTER COLUMN created_at SET DEFAULT portal_now();
ALTER TABLE appointments ALTER COLUMN booked_at SET DEFAULT portal_now();
ALTER TABLE staff_digests ALTER COLUMN sent_at SET DEFAULT portal_now();
ALTER TABLE upload_blobs ALTER COLUMN created_at SET DEFAULT portal_now();
