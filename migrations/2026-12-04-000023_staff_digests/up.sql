-- The daily digest of each staff post (001 二, 002: staff log in every working day): sent once
-- per post and day, however many app instances run the job.
CREATE TABLE staff_digests (
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    role TEXT NOT NULL,
    day DATE NOT NULL,
    sent_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, role, day)
);
