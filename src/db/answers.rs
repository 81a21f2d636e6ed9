//! An application's answers (`domain::answers::Answers`) in `jsonb` columns: read back as the
//! domain type, so answers that cannot be read are an error where they are loaded — never an
//! empty application that silently loses what the person typed.

use diesel::deserialize::{self, FromSql, Queryable};
use diesel::pg::{Pg, PgValue};
use diesel::sql_types::Jsonb;

use crate::domain::answers::Answers;

impl FromSql<Jsonb, Pg> for Answers {
    fn from_sql(bytes: PgValue<'_>) -> deserialize::Result<Self> {
        let value = <serde_json::Value as FromSql<Jsonb, Pg>>::from_sql(bytes)?;
        Ok(serde_json::from_value(value)?)
    }
}

impl Queryable<Jsonb, Pg> for Answers {
    type Row = Self;
    fn build(row: Self) -> deserialize::Result<Self> {
        Ok(row)
    }
}
