ALTER TABLE application_items
    DROP COLUMN conclusion_meets,
    DROP COLUMN conclusion_category,
    DROP COLUMN conclusion_grade,
    DROP COLUMN conclusion_components;
