DROP TABLE calendar_years;
DROP TABLE calendar_days;
DROP TABLE marital_statuses;
DROP TABLE education_levels;
DROP TABLE relationships;
DROP TABLE ethnic_groups;
DROP TABLE divisions;
