DROP TABLE application_materials;
DROP TABLE application_items;
DROP TABLE applications;
DROP TABLE drafts;
