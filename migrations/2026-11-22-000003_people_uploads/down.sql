DROP TABLE representations;
DROP TABLE people;
DROP TABLE uploads;
