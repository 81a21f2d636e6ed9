-- Application references numbered per handling county and day without gaps (issue #22): the
-- serial of `20261204-430102-000042` was the global id sequence, which skips numbers after a
-- crash (sequences log 32 ahead) and for every other county's applications, and staff read the
-- jumps as lost applications. The counter is taken in the submission's transaction, so a
-- number is used exactly when an application is.
CREATE TABLE reference_counters (
    county TEXT    NOT NULL,
    day    DATE    NOT NULL,
    last   INTEGER NOT NULL CHECK (last > 0),
    PRIMARY KEY (county, day)
);

-- Continue after the references already given.
INSERT INTO reference_counters (county, day, last)
SELECT split_part(reference, '-', 2),
       to_date(split_part(reference, '-', 1), 'YYYYMMDD'),
       max(split_part(reference, '-', 3)::integer)
  FROM applications
 WHERE reference ~ '^[0-9]{8}-[0-9]{6}-[0-9]+$'
 GROUP BY 1, 2;
