DROP TRIGGER result_lookups_publications ON publications;
DROP TRIGGER result_lookups_items ON application_items;
DROP TRIGGER result_lookups_applications ON applications;
DROP TRIGGER result_lookups_people ON people;
DROP FUNCTION result_lookups_touch();
DROP FUNCTION refresh_result_lookup(BIGINT);
DROP TABLE result_lookups;
DROP VIEW result_lookup_rows;
