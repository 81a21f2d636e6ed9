ALTER TABLE offices
    DROP COLUMN address,
    DROP COLUMN phone,
    DROP COLUMN hours,
    DROP COLUMN online,
    DROP COLUMN accessibility;
