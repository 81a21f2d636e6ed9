DROP TABLE staff_digests;
