-- 评残公示: one public entry per published assessment (adults who meet the standard, in provinces
-- that publish). Only what the announcement needs is stored here, already masked; the entry leaves
-- public view some days after its objection window closes.
CREATE TABLE publications (
    id              BIGSERIAL PRIMARY KEY,
    item_id         BIGINT   NOT NULL UNIQUE REFERENCES application_items (id),
    province_code   TEXT     NOT NULL,
    city_code       TEXT     NOT NULL,
    county_code     TEXT     NOT NULL REFERENCES divisions (code),
    masked_name     TEXT     NOT NULL,
    masked_id       TEXT     NOT NULL,
    category        SMALLINT NOT NULL,
    grade           SMALLINT NOT NULL,
    published_on    DATE     NOT NULL,
    objection_until DATE     NOT NULL,
    shown_until     DATE     NOT NULL
);
-- The county listing, newest first, by key.
CREATE INDEX publications_county ON publications (county_code, published_on DESC, id DESC);
