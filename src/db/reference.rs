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

/// Every province, by code (one indexed read of 31 rows).
pub async fn provinces(conn: &mut AsyncPgConnection) -> QueryResult<Vec<Division>> {
    divisions::table
        .filter(divisions::level.eq(1))
        .order(divisions::code)
        .select(Division::as_select())
        .load(conn)
        .await
}
