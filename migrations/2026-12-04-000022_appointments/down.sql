ALTER TABLE offices DROP COLUMN appointment_moves, DROP COLUMN move_notice_days;
DROP TABLE appointments;
DROP TABLE assessment_sessions;
