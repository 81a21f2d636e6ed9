DROP INDEX review_requests_attachment;
DROP INDEX representations_proof_upload;
DROP INDEX certificates_photo_upload;
DROP INDEX application_materials_upload;
DROP INDEX uploads_owner_created;
DROP INDEX uploads_sha256;
DROP TABLE upload_blobs;
