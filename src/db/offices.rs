//! Offices (county federations, designated assessment institutions, departments) and the staff
//! assignments that give an account its jurisdiction.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::schema::{offices, staff_assignments};
use crate::domain::office::{OfficeContacts, OfficeKind};

/// An office.
#[derive(Debug, Clone, Queryable, Selectable, PartialEq, Eq)]
#[diesel(table_name = offices)]
pub struct Office {
    /// Row id.
    pub id: i64,
    /// What it is.
    pub kind: OfficeKind,
    /// The county it serves.
    pub division_code: String,
    /// The department, for departments.
    pub department: Option<String>,
    /// Name.
    pub name: String,
    /// How to reach it.
    #[diesel(embed)]
    pub contacts: Contacts,
}

/// How to reach an office, as stored (see [`OfficeContacts`]).
#[derive(Debug, Clone, Default, Queryable, Selectable, PartialEq, Eq)]
#[diesel(table_name = offices)]
pub struct Contacts {
    /// Street address.
    pub address: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Opening hours.
    pub hours: Option<String>,
    /// Web or email address.
    pub online: Option<String>,
    /// Accessibility of the site.
    pub accessibility: Option<String>,
}

impl Contacts {
    /// Whether nothing has been given yet.
    pub fn is_empty(&self) -> bool {
        self == &Contacts::default()
    }
}

/// Records how to reach office `id`.
pub async fn set_contacts(
    conn: &mut AsyncPgConnection,
    id: i64,
    c: &OfficeContacts,
) -> QueryResult<bool> {
    diesel::update(offices::table.find(id))
        .set((
            offices::address.eq(&c.address),
            offices::phone.eq(&c.phone),
            offices::hours.eq(&c.hours),
            offices::online.eq(&c.online),
            offices::accessibility.eq(&c.accessibility),
        ))
        .execute(conn)
        .await
        .map(|n| n == 1)
}

/// The offices of `county` (and of its townships) that people contact — federation, township
/// offices, institutions, departments — by kind and id (one indexed read; a county has a
/// handful).
pub async fn of_county(conn: &mut AsyncPgConnection, county: &str) -> QueryResult<Vec<Office>> {
    offices::table
        // The county and its townships (codes 6 and 9 digits), a range of the index.
        .filter(offices::division_code.ge(county))
        .filter(offices::division_code.le(format!("{county}999")))
        .filter(offices::kind.ne(OfficeKind::Committee))
        .order((offices::kind, offices::id))
        .select(Office::as_select())
        .load(conn)
        .await
}

/// The offices a case's applicant deals with: the federation of the handling county, the
/// township office when acceptance is delegated to one (000 §三(四)), and the designated
/// institution once chosen (one indexed read).
pub async fn of_case(
    conn: &mut AsyncPgConnection,
    county: &str,
    township: Option<&str>,
    institution: Option<i64>,
) -> QueryResult<Vec<Office>> {
    offices::table
        .filter(
            offices::division_code
                .eq(county)
                .and(offices::kind.eq(OfficeKind::Federation))
                .or(offices::division_code
                    .nullable()
                    .eq(township)
                    .and(offices::kind.eq(OfficeKind::Township)))
                .or(offices::id.nullable().eq(institution)),
        )
        .order(offices::id)
        .select(Office::as_select())
        .load(conn)
        .await
}

/// The designated assessment institutions of a province, each with the name of the county it
/// serves, by county (004 附件3 五(一): 公布残疾等级评定机构名单; one indexed range read).
pub async fn institutions_of_province(
    conn: &mut AsyncPgConnection,
    province: &str,
) -> QueryResult<Vec<(Office, String)>> {
    use super::schema::divisions;
    offices::table
        .inner_join(divisions::table.on(divisions::code.eq(offices::division_code)))
        .filter(offices::division_code.ge(province))
        .filter(offices::division_code.le(format!("{province}9999")))
        .filter(offices::kind.eq(OfficeKind::Institution))
        .order((offices::division_code, offices::id))
        .select((Office::as_select(), divisions::name))
        .load(conn)
        .await
}

/// A staff post with the email address its digest goes to.
#[derive(Debug, Clone, Queryable)]
pub struct DigestPost {
    /// The account.
    pub account_id: i64,
    /// Its email address.
    pub email: String,
    /// The language the staff member chose for notices.
    pub notice_lang: Option<String>,
    /// The role held in the office.
    pub role: String,
    /// The office.
    pub office: Office,
}

/// Staff posts whose accounts have an email address, after `after` (keyset on account and
/// role; the digest job pages through them).
pub async fn digest_posts(
    conn: &mut AsyncPgConnection,
    after: (i64, String),
    limit: i64,
) -> QueryResult<Vec<DigestPost>> {
    use super::schema::accounts;
    staff_assignments::table
        .inner_join(offices::table)
        .inner_join(accounts::table.on(accounts::id.eq(staff_assignments::account_id)))
        .filter(accounts::email.is_not_null())
        .filter(accounts::notify_email)
        .filter(
            staff_assignments::account_id
                .gt(after.0)
                .or(staff_assignments::account_id
                    .eq(after.0)
                    .and(staff_assignments::role.gt(after.1))),
        )
        .order((staff_assignments::account_id, staff_assignments::role))
        .limit(limit)
        .select((
            staff_assignments::account_id,
            accounts::email.assume_not_null(),
            accounts::notice_lang,
            staff_assignments::role,
            Office::as_select(),
        ))
        .load(conn)
        .await
}

/// Claims the digest of `account_id`'s post `role` for `day`; false when it was sent already.
pub async fn claim_digest(
    conn: &mut AsyncPgConnection,
    account_id: i64,
    role: &str,
    day: chrono::NaiveDate,
) -> QueryResult<bool> {
    use super::schema::staff_digests;
    diesel::insert_into(staff_digests::table)
        .values((
            staff_digests::account_id.eq(account_id),
            staff_digests::role.eq(role),
            staff_digests::day.eq(day),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await
        .map(|n| n == 1)
}

/// The counties that have a disabled persons' federation in the offices data, with their
/// names, by code (the help page's choice).
pub async fn counties_served(conn: &mut AsyncPgConnection) -> QueryResult<Vec<(String, String)>> {
    use super::schema::divisions;
    offices::table
        .inner_join(divisions::table.on(divisions::code.eq(offices::division_code)))
        .filter(offices::kind.eq(OfficeKind::Federation))
        .order(offices::division_code)
        .select((offices::division_code, divisions::name))
        .distinct()
        .load(conn)
        .await
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
        .filter(offices::kind.eq(OfficeKind::Institution))
        .order(offices::id)
        .select(Office::as_select())
        .load(conn)
        .await
}

/// The final-assessment expert committees of the city `county` belongs to (001 §三).
pub async fn committees_of(conn: &mut AsyncPgConnection, county: &str) -> QueryResult<Vec<Office>> {
    let city: String = county.chars().take(4).collect();
    offices::table
        .filter(offices::division_code.eq(city))
        .filter(offices::kind.eq(OfficeKind::Committee))
        .order(offices::id)
        .select(Office::as_select())
        .load(conn)
        .await
}

/// Adds an office unless one with the same kind and name serves the county; returns its id.
pub async fn ensure(
    conn: &mut AsyncPgConnection,
    kind: OfficeKind,
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

/// Up to `limit` offices after id `after` (keyset), optionally of one county, by id.
pub async fn page(
    conn: &mut AsyncPgConnection,
    county: Option<&str>,
    after: i64,
    limit: i64,
) -> QueryResult<Vec<Office>> {
    let mut q = offices::table
        .filter(offices::id.gt(after))
        .order(offices::id)
        .limit(limit)
        .select(Office::as_select())
        .into_boxed();
    if let Some(county) = county {
        q = q.filter(offices::division_code.eq(county.to_owned()));
    }
    q.load(conn).await
}

/// One office.
pub async fn find(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<Option<Office>> {
    offices::table
        .find(id)
        .select(Office::as_select())
        .first(conn)
        .await
        .optional()
}

/// A staff post as administrators see it.
#[derive(Debug, Clone, Queryable)]
pub struct Post {
    /// Account.
    pub account_id: i64,
    /// Real name.
    pub name: String,
    /// Role code.
    pub role: String,
    /// Office id.
    pub office_id: i64,
    /// Office name.
    pub office: String,
    /// The office's county.
    pub county: String,
}

/// Every staff post, by office and name (administrators' list; a few hundred rows at most).
pub async fn posts(conn: &mut AsyncPgConnection) -> QueryResult<Vec<Post>> {
    use super::schema::accounts;
    staff_assignments::table
        .inner_join(offices::table)
        .inner_join(accounts::table.on(accounts::id.eq(staff_assignments::account_id)))
        .order((offices::division_code, offices::id, accounts::real_name))
        .select((
            staff_assignments::account_id,
            accounts::real_name,
            staff_assignments::role,
            offices::id,
            offices::name,
            offices::division_code,
        ))
        .load(conn)
        .await
}

/// Gives `account_id` the role (in its role list) and the post, in one transaction.
pub async fn appoint(
    conn: &mut AsyncPgConnection,
    account_id: i64,
    role: &str,
    office_id: i64,
) -> QueryResult<()> {
    use super::schema::accounts;
    use diesel_async::AsyncConnection;
    conn.transaction::<_, diesel::result::Error, _>(async |conn| {
        diesel::update(accounts::table.find(account_id))
            .filter(diesel::dsl::not(accounts::roles.contains(vec![role])))
            .set(
                accounts::roles.eq(diesel::dsl::sql::<
                    diesel::sql_types::Array<diesel::sql_types::Text>,
                >("array_append(roles, ")
                .bind::<diesel::sql_types::Text, _>(role)
                .sql(")")),
            )
            .execute(conn)
            .await?;
        assign(conn, account_id, role, office_id).await
    })
    .await
}

/// Ends `account_id`'s post in `role` and takes the role away, in one transaction.
pub async fn dismiss(
    conn: &mut AsyncPgConnection,
    account_id: i64,
    role: &str,
) -> QueryResult<bool> {
    use super::schema::accounts;
    use diesel_async::AsyncConnection;
    conn.transaction::<_, diesel::result::Error, _>(async |conn| {
        let n = diesel::delete(
            staff_assignments::table
                .filter(staff_assignments::account_id.eq(account_id))
                .filter(staff_assignments::role.eq(role)),
        )
        .execute(conn)
        .await?;
        diesel::update(accounts::table.find(account_id))
            .set(
                accounts::roles.eq(diesel::dsl::sql::<
                    diesel::sql_types::Array<diesel::sql_types::Text>,
                >("array_remove(roles, ")
                .bind::<diesel::sql_types::Text, _>(role)
                .sql(")")),
            )
            .execute(conn)
            .await?;
        Ok(n == 1)
    })
    .await
}

/// The name of division `code` at `level` (3 county, 4 township), if it is one.
pub async fn division_name(
    conn: &mut AsyncPgConnection,
    code: &str,
    level: i16,
) -> QueryResult<Option<String>> {
    use super::schema::divisions;
    divisions::table
        .filter(divisions::code.eq(code))
        .filter(divisions::level.eq(level))
        .select(divisions::name)
        .first(conn)
        .await
        .optional()
}

/// The names of offices `ids`, by id (one read by primary key).
pub async fn names(
    conn: &mut AsyncPgConnection,
    ids: &[i64],
) -> QueryResult<std::collections::BTreeMap<i64, String>> {
    let rows: Vec<(i64, String)> = offices::table
        .filter(offices::id.eq_any(ids))
        .select((offices::id, offices::name))
        .load(conn)
        .await?;
    Ok(rows.into_iter().collect())
}
