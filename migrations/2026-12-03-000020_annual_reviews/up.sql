-- 网上年审 (001 通知六): once a year the holder checks the certificate online; the record stays.
CREATE TABLE annual_reviews (
    id BIGSERIAL PRIMARY KEY,
    certificate_id BIGINT NOT NULL REFERENCES certificates (id),
    year INTEGER NOT NULL,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    changed TEXT,
    reviewed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (certificate_id, year)
);
-- The year the holder was last reminded (the job reminds once a year).
ALTER TABLE certificates ADD COLUMN review_reminded_year INTEGER;
