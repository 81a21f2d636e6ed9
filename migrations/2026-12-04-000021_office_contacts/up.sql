-- How to reach each office (004 附件3 五(一): 公布残疾等级评定机构名单; 004 附件1 十一、十三:
-- 电话咨询、网上咨询地址、现场咨询): address, phone, opening hours, an online contact, and
-- for designated institutions the accessibility of the site. NULL: not yet given.
ALTER TABLE offices
    ADD COLUMN address TEXT,
    ADD COLUMN phone TEXT,
    ADD COLUMN hours TEXT,
    ADD COLUMN online TEXT,
    ADD COLUMN accessibility TEXT;
