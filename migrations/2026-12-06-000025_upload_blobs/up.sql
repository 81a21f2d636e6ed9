-- Uploaded files' bytes in the database (issue #22): every app instance reads them, a backup
-- holds them, and one content is stored once however many uploads name it.
CREATE TABLE upload_blobs (
    sha256     TEXT        PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    bytes      BYTEA       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- JPEG, PNG and PDF are compressed already: stored out of line without trying again.
ALTER TABLE upload_blobs ALTER COLUMN bytes SET STORAGE EXTERNAL;

-- The sweeper asks, for each old upload, whether anything still names it; the quota sums an
-- account's uploads of the last day.
CREATE INDEX uploads_sha256 ON uploads (sha256);
CREATE INDEX uploads_owner_created ON uploads (owner_account_id, created_at);
CREATE INDEX application_materials_upload ON application_materials (upload_id);
CREATE INDEX certificates_photo_upload ON certificates (photo_upload_id)
    WHERE photo_upload_id IS NOT NULL;
CREATE INDEX representations_proof_upload ON representations (proof_upload_id);
CREATE INDEX review_requests_attachment ON review_requests (attachment_id)
    WHERE attachment_id IS NOT NULL;
