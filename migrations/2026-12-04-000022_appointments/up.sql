-- Booked assessments (002 二: 告知申请人残疾评定机构和评定时间; 000 §三(五), 001 §六 上门评残).
-- A designated institution publishes sessions at its site, and home-visit rounds by area.
CREATE TABLE assessment_sessions (
    id BIGSERIAL PRIMARY KEY,
    institution_id BIGINT NOT NULL REFERENCES offices (id),
    day DATE NOT NULL,
    starts_at TIME NOT NULL,
    ends_at TIME NOT NULL CHECK (ends_at > starts_at),
    place TEXT NOT NULL,
    capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 500),
    booked INTEGER NOT NULL DEFAULT 0 CHECK (booked >= 0 AND booked <= capacity),
    -- A home-visit round: the area it covers. NULL: a session at the site.
    home_area TEXT,
    created_by BIGINT NOT NULL REFERENCES accounts (id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX assessment_sessions_by_day ON assessment_sessions (institution_id, day, id);

-- One appointment per accepted matter item: a session, or (session NULL) waiting on the
-- institution's home-visit list or for a free session.
CREATE TABLE appointments (
    item_id BIGINT PRIMARY KEY REFERENCES application_items (id),
    institution_id BIGINT NOT NULL REFERENCES offices (id),
    session_id BIGINT REFERENCES assessment_sessions (id),
    home_visit BOOLEAN NOT NULL,
    moves INTEGER NOT NULL DEFAULT 0 CHECK (moves >= 0),
    -- The session day the reminder was sent for (sent once per day booked).
    reminded_for DATE,
    booked_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX appointments_waiting ON appointments (institution_id, booked_at)
    WHERE session_id IS NULL;
CREATE INDEX appointments_session ON appointments (session_id);

-- The limits an institution sets on moving appointments online: how many moves, and how many
-- working days before the day moving closes.
ALTER TABLE offices
    ADD COLUMN appointment_moves INTEGER NOT NULL DEFAULT 2 CHECK (appointment_moves BETWEEN 0 AND 10),
    ADD COLUMN move_notice_days INTEGER NOT NULL DEFAULT 1 CHECK (move_notice_days BETWEEN 0 AND 10);
