//! Reference data: administrative divisions and code lists.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::schema::{divisions, education_levels, ethnic_groups, marital_statuses};

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
    /// GB/T 3304 ethnic groups (code, name).
    pub ethnic_groups: Vec<(String, String)>,
    /// GB/T 4658 education levels (code, name).
    pub education_levels: Vec<(String, String)>,
    /// GB/T 2261.2 marital statuses (code, name).
    pub marital_statuses: Vec<(String, String)>,
    /// The cities of each province and the counties of each city, by parent code.
    pub children: std::collections::HashMap<String, Vec<Division>>,
}

impl ReferenceData {
    /// Reads the lists (two small indexed reads).
    pub async fn load(conn: &mut AsyncPgConnection) -> QueryResult<Self> {
        Ok(Self {
            provinces: provinces(conn).await?,
            relationships: super::people::relationships(conn).await?,
            ethnic_groups: ethnic_groups::table
                .order(ethnic_groups::code)
                .select((ethnic_groups::code, ethnic_groups::name))
                .load(conn)
                .await?,
            education_levels: education_levels::table
                .order(education_levels::code)
                .select((education_levels::code, education_levels::name))
                .load(conn)
                .await?,
            marital_statuses: marital_statuses::table
                .order(marital_statuses::code)
                .select((marital_statuses::code, marital_statuses::name))
                .load(conn)
                .await?,
            children: cities_and_counties(conn).await?,
        })
    }

    /// The cities of a province or the counties of a city, in code order (from memory).
    pub fn children(&self, parent: &str) -> &[Division] {
        self.children.get(parent).map_or(&[], Vec::as_slice)
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

/// Every city and county by parent code (one read of about 3,500 rows, at start-up).
async fn cities_and_counties(
    conn: &mut AsyncPgConnection,
) -> QueryResult<std::collections::HashMap<String, Vec<Division>>> {
    let rows: Vec<(String, Division)> = divisions::table
        .filter(divisions::level.eq_any([2_i16, 3]))
        .order((divisions::parent_code, divisions::code))
        .select((
            divisions::parent_code.assume_not_null(),
            Division::as_select(),
        ))
        .load(conn)
        .await?;
    let mut by_parent: std::collections::HashMap<String, Vec<Division>> = Default::default();
    for (parent, d) in rows {
        by_parent.entry(parent).or_default().push(d);
    }
    Ok(by_parent)
}

/// The children of each of `parents` (one indexed read on `(parent_code, code)`), as
/// `(parent code, child)` in code order: the options of an address cascade.
pub async fn children_of(
    conn: &mut AsyncPgConnection,
    parents: &[String],
) -> QueryResult<Vec<(String, Division)>> {
    if parents.is_empty() {
        return Ok(vec![]);
    }
    divisions::table
        .filter(divisions::parent_code.eq_any(parents))
        .order((divisions::parent_code, divisions::code))
        .select((
            divisions::parent_code.assume_not_null(),
            Division::as_select(),
        ))
        .load(conn)
        .await
}

/// The names of the divisions `codes`, by code (one primary-key read).
pub async fn names(
    conn: &mut AsyncPgConnection,
    codes: &[&str],
) -> QueryResult<std::collections::BTreeMap<String, String>> {
    let rows: Vec<(String, String)> = divisions::table
        .filter(divisions::code.eq_any(codes))
        .select((divisions::code, divisions::name))
        .load(conn)
        .await?;
    Ok(rows.into_iter().collect())
}
