-- The assessment conclusion recorded by the designated institution's doctor: meets the standard or
-- not, the category and grade (for multiple disabilities: 多重 with the higher grade) and each
-- assessed component. The signed 评定表 scan is linked as the application's `assessment_result`.
ALTER TABLE application_items
    ADD COLUMN conclusion_meets    BOOLEAN,
    ADD COLUMN conclusion_category SMALLINT,
    ADD COLUMN conclusion_grade    SMALLINT,
    -- [{"category": 4, "grade": 2}, …]
    ADD COLUMN conclusion_components JSONB;
