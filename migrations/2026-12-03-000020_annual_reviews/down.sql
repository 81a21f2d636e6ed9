ALTER TABLE certificates DROP COLUMN review_reminded_year;
DROP TABLE annual_reviews;
