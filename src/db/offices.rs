//! Offices (county federations, designated assessment institutions, departments) and the staff
//! assignments that give an account its jurisdiction.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::schema::{offices, staff_assignments};

/// An office.
#[derive(Debug, Clone, Queryable, Selectable, PartialEq, Eq)]
#[diesel(table_name = offices)]
pub struct Office {
    /// Row id.
    pub id: i64,
    /// federation / institution / department.
    pub kind: String,
    /// The county it serves.
    pub division_code: String,
    /// The department, for departments.
    pub department: Option<String>,
    /// Name.
    pub name: String,
}

/// The office in which `account_id` holds `role` (its jurisdiction), if any.
pub async fn assignment(
    conn: &mut AsyncPgConnection,
    account_id: i64,
    role: &str,
) -> QueryResult<Option<Office>> {
    staff_assignments::table
        .inner_join(offices::table)
        .filter(staff_assignments::account_id.eq(account_id))
        .filter(staff_assignments::role.eq(role))
        .select(Office::as_select())
        .first(conn)
        .await
        .optional()
}

/// The designated assessment institutions serving `county`.
pub async fn institutions_in(
    conn: &mut AsyncPgConnection,
    county: &str,
) -> QueryResult<Vec<Office>> {
    offices::table
        .filter(offices::division_code.eq(county))
        .filter(offices::kind.eq("institution"))
        .order(offices::id)
        .select(Office::as_select())
        .load(conn)
        .await
}

/// Adds an office unless one with the same kind and name serves the county; returns its id.
pub async fn ensure(
    conn: &mut AsyncPgConnection,
    kind: &str,
    division_code: &str,
    department: Option<&str>,
    name: &str,
) -> QueryResult<i64> {
    let existing = offices::table
        .filter(offices::division_code.eq(division_code))
        .filter(offices::kind.eq(kind))
        .filter(offices::name.eq(name))
        .select(offices::id)
        .first(conn)
        .await
        .optional()?;
    match existing {
        Some(id) => Ok(id),
        None => {
            diesel::insert_into(offices::table)
                .values((
                    offices::kind.eq(kind),
                    offices::division_code.eq(division_code),
                    offices::department.eq(department),
                    offices::name.eq(name),
                ))
                .returning(offices::id)
                .get_result(conn)
                .await
        }
    }
}

/// Gives `account_id` `role` in `office_id` (replacing an earlier office for that role).
pub async fn assign(
    conn: &mut AsyncPgConnection,
    account_id: i64,
    role: &str,
    office_id: i64,
) -> QueryResult<()> {
    diesel::insert_into(staff_assignments::table)
        .values((
            staff_assignments::account_id.eq(account_id),
            staff_assignments::role.eq(role),
            staff_assignments::office_id.eq(office_id),
        ))
        .on_conflict((staff_assignments::account_id, staff_assignments::role))
        .do_update()
        .set(staff_assignments::office_id.eq(office_id))
        .execute(conn)
        .await
        .map(|_| ())
}
