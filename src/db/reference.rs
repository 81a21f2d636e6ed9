//! Reference data: administrative divisions and code lists.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::schema::divisions;

/// A division (province, city, county or township).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = divisions)]
pub struct Division {
    /// NBS code (2, 4, 6 or 9 digits).
    pub code: String,
    /// Name.
    pub name: String,
}

/// Code lists that change only with a migration, read once at start-up.
#[derive(Debug, Clone, Default)]
pub struct ReferenceData {
    /// Provinces by code.
    pub provinces: Vec<Division>,
    /// GB/T 4761 relationships (code, name) by code.
    pub relationships: Vec<(String, String)>,
}

impl ReferenceData {
    /// Reads the lists (two small indexed reads).
    pub async fn load(conn: &mut AsyncPgConnection) -> QueryResult<Self> {
        Ok(Self {
            provinces: provinces(conn).await?,
            relationships: super::people::relationships(conn).await?,
        })
    }

    /// Whether `code` is a GB/T 4761 relationship code.
    pub fn has_relationship(&self, code: &str) -> bool {
        self.relationships.iter().any(|(c, _)| c == code)
    }
}

/// Every province, by code (one indexed read of 31 rows).
pub async fn provinces(conn: &mut AsyncPgConnection) -> QueryResult<Vec<Division>> {
    divisions::table
        .filter(divisions::level.eq(1))
        .order(divisions::code)
        .select(Division::as_select())
        .load(conn)
        .await
}
