//! Cases as staff and applicants see them: the county queue (earliest deadline first, paged by
//! key), one item with its application for its jurisdiction, the item's history, transitions that
//! check the version, and the audit log.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::deserialize::FromStaticSqlRow;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::Date;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use super::outbox::Notice;
use super::schema::{application_items, applications, item_events, people};
use crate::domain::item::{ItemKind, ItemStatus, ItemSummary};
use crate::domain::jurisdiction::{ItemPlace, Scope};
use crate::domain::service_flow::ServiceState;
use crate::domain::workflow::ItemState;

/// The queue's sort key as SQL (matches the index `application_items_queue`).
const DUE: &str = "COALESCE(application_items.deadline, DATE '9999-12-31')";

/// “No deadline” in the queue's order.
pub const NO_DEADLINE: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => panic!("valid date"),
};

/// One row of a staff queue.
#[derive(Debug, Clone, Queryable)]
pub struct QueueRow {
    /// Item id.
    pub id: i64,
    /// Application reference.
    pub reference: String,
    /// matter / service.
    pub kind: ItemKind,
    /// Matter kind or service code.
    pub code: String,
    /// State code.
    pub status: String,
    /// Deadline of the current step.
    pub deadline: Option<NaiveDate>,
    /// The person's name.
    pub person_name: String,
    /// Submitted.
    pub submitted_at: DateTime<Utc>,
}

/// The joins every queue reads.
type QueueSource = diesel::dsl::InnerJoinOn<
    diesel::dsl::InnerJoin<application_items::table, applications::table>,
    people::table,
    diesel::dsl::Eq<people::id, applications::person_id>,
>;

/// The items in `scope`, boxed for the caller's filters: the SQL twin of [`Scope::covers`].
fn scoped<'a>(scope: &Scope) -> diesel::dsl::IntoBoxed<'a, QueueSource, diesel::pg::Pg> {
    let q = application_items::table
        .inner_join(applications::table)
        .inner_join(people::table.on(people::id.eq(applications::person_id)))
        .into_boxed();
    match scope {
        Scope::County(c) => q
            .filter(application_items::handling_county.eq(c.clone()))
            .filter(application_items::kind.eq_any([ItemKind::Matter, ItemKind::Review])),
        Scope::Township(t) => q
            .filter(applications::handling_township.eq(t.clone()))
            .filter(application_items::kind.eq_any([ItemKind::Matter, ItemKind::Review])),
        // A committee's review requests carry it as their institution.
        Scope::Institution(i) | Scope::Committee(i) => {
            q.filter(application_items::institution_id.eq(*i))
        }
        Scope::Approving(c) => q.filter(application_items::approving_county.eq(c.clone())),
        Scope::Department(c, codes) => q
            .filter(application_items::handling_county.eq(c.clone()))
            .filter(application_items::kind.eq(ItemKind::Service))
            .filter(application_items::code.eq_any(codes.iter().map(|s| s.code()))),
    }
}

/// How much work a queue holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Queryable)]
pub struct Workload {
    /// Items in it.
    pub open: i64,
    /// Items that arrived on or after the day asked about.
    pub new: i64,
    /// Items due on or before the day asked about, or overdue.
    pub due: i64,
}

/// The work in `scope` in one of `states`: all of it, what arrived since `new_since`, and what
/// is due by `due_by` (one scan of the queue's index range).
pub async fn workload(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    states: &[&str],
    new_since: NaiveDate,
    due_by: NaiveDate,
) -> QueryResult<Workload> {
    use diesel::dsl::sql;
    use diesel::sql_types::BigInt;
    scoped(scope)
        .filter(application_items::status.eq_any(states))
        .select((
            sql::<BigInt>("count(*)"),
            sql::<BigInt>("count(*) FILTER (WHERE application_items.state_since >= ")
                .bind::<Date, _>(new_since)
                .sql(")"),
            sql::<BigInt>("count(*) FILTER (WHERE application_items.deadline <= ")
                .bind::<Date, _>(due_by)
                .sql(")"),
        ))
        .get_result(conn)
        .await
}

/// Up to `limit` items in `scope` after the key `(due, id)`, earliest deadline first; only
/// items in one of `states` (one indexed range scan). The SQL twin of [`Scope::covers`]: the
/// states chosen narrow it to what the scope's role works.
pub async fn queue(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    states: &[&str],
    after: Option<(NaiveDate, i64)>,
    limit: i64,
) -> QueryResult<Vec<QueueRow>> {
    let mut q = scoped(scope).filter(application_items::status.eq_any(states));
    if let Some((due_after, id)) = after {
        q = q.filter(
            diesel::dsl::sql::<diesel::sql_types::Bool>(&format!(
                "({DUE}, application_items.id) > ("
            ))
            .bind::<Date, _>(due_after)
            .sql(", ")
            .bind::<diesel::sql_types::BigInt, _>(id)
            .sql(")"),
        );
    }
    q.order((
        diesel::dsl::sql::<Date>(DUE).asc(),
        application_items::id.asc(),
    ))
    .limit(limit)
    .select((
        application_items::id,
        applications::reference,
        application_items::kind,
        application_items::code,
        application_items::status,
        application_items::deadline,
        people::real_name,
        applications::submitted_at,
    ))
    .load(conn)
    .await
}

/// An item's workflow fields.
#[derive(Debug, Clone)]
pub struct ItemRow {
    /// Item id.
    pub id: i64,
    /// Application id.
    pub application_id: i64,
    /// Matter kind or service code.
    pub code: String,
    /// Where it stands (and so what it is).
    pub status: ItemStatus,
    /// Residence county.
    pub handling_county: String,
    /// Hukou county.
    pub approving_county: String,
    /// When the state began.
    pub state_since: Option<NaiveDate>,
    /// Acceptance days used before a return.
    pub used_days: i32,
    /// Current deadline.
    pub deadline: Option<NaiveDate>,
    /// Designated institution.
    pub institution_id: Option<i64>,
    /// Version.
    pub version: i32,
    /// Residence township.
    pub handling_township: Option<String>,
    /// The conclusion's category code, once assessed.
    pub conclusion_category: Option<i16>,
    /// The conclusion's grade code, once assessed.
    pub conclusion_grade: Option<i16>,
    /// The day the applicant came for assessment, once recorded.
    pub attended_on: Option<NaiveDate>,
}

impl ItemRow {
    /// Where the item lies, for a scope to judge.
    pub fn place(&self) -> ItemPlace<'_> {
        ItemPlace {
            status: self.status,
            code: &self.code,
            handling_county: &self.handling_county,
            approving_county: &self.approving_county,
            handling_township: self.handling_township.as_deref(),
            institution_id: self.institution_id,
        }
    }

    /// What the item is.
    pub fn kind(&self) -> ItemKind {
        self.status.kind()
    }
}

/// [`ItemRow`] as selected: the status code is read by the item's kind.
type ItemRowColumns = (
    i64,
    i64,
    ItemKind,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<NaiveDate>,
    i32,
    Option<NaiveDate>,
    Option<i64>,
    i32,
    Option<String>,
    Option<i16>,
    Option<i16>,
    Option<NaiveDate>,
);

impl<ST> Queryable<ST, Pg> for ItemRow
where
    ItemRowColumns: FromStaticSqlRow<ST, Pg>,
{
    type Row = ItemRowColumns;

    fn build(row: Self::Row) -> diesel::deserialize::Result<Self> {
        let (
            id,
            application_id,
            kind,
            code,
            status,
            handling_county,
            approving_county,
            state_since,
            used_days,
            deadline,
            institution_id,
            version,
            handling_township,
            conclusion_category,
            conclusion_grade,
            attended_on,
        ) = row;
        Ok(ItemRow {
            id,
            application_id,
            code,
            status: super::codes::item_status(kind, &status)?,
            // Every item is routed when it is created; an item without its counties is damaged.
            handling_county: handling_county.ok_or("item without a handling county")?,
            approving_county: approving_county.ok_or("item without an approving county")?,
            state_since,
            used_days,
            deadline,
            institution_id,
            version,
            handling_township,
            conclusion_category,
            conclusion_grade,
            attended_on,
        })
    }
}

/// The application and person an item belongs to.
#[derive(Debug, Clone, Queryable)]
pub struct CaseApplication {
    /// Application reference.
    pub reference: String,
    /// The answers.
    pub answers: crate::domain::answers::Answers,
    /// The account that applied.
    pub account_id: i64,
    /// The person's name.
    pub person_name: String,
    /// The person's ID number.
    pub person_id_number: String,
    /// The language the applicant used (for notices).
    pub lang: String,
    /// The person the application is about.
    pub person_id: i64,
    /// What the clerk recorded about the old card (001 §六).
    pub old_card: Option<String>,
    /// When.
    pub old_card_on: Option<NaiveDate>,
    /// How it came in: online / counter / helper (issue #21).
    pub channel: String,
}

/// Item `id` with its application (one join by primary key); the caller checks jurisdiction.
pub async fn find_item(
    conn: &mut AsyncPgConnection,
    id: i64,
) -> QueryResult<Option<(ItemRow, CaseApplication)>> {
    application_items::table
        .inner_join(applications::table)
        .inner_join(people::table.on(people::id.eq(applications::person_id)))
        .filter(application_items::id.eq(id))
        .select((
            (
                application_items::id,
                application_items::application_id,
                application_items::kind,
                application_items::code,
                application_items::status,
                application_items::handling_county,
                application_items::approving_county,
                application_items::state_since,
                application_items::used_days,
                application_items::deadline,
                application_items::institution_id,
                application_items::version,
                applications::handling_township,
                application_items::conclusion_category,
                application_items::conclusion_grade,
                application_items::attended_on,
            ),
            (
                applications::reference,
                applications::answers,
                applications::account_id,
                people::real_name,
                people::id_number,
                applications::lang,
                applications::person_id,
                applications::old_card,
                applications::old_card_on,
                applications::channel,
            ),
        ))
        .first(conn)
        .await
        .optional()
}

/// One event of an item's history.
#[derive(Debug, Clone, Queryable)]
pub struct Event {
    /// Item id.
    pub item_id: i64,
    /// When.
    pub at: DateTime<Utc>,
    /// Role code of the actor.
    pub actor_role: String,
    /// Office id.
    pub office_id: Option<i64>,
    /// Command code.
    pub command: String,
    /// From state.
    pub from_state: Option<String>,
    /// To state.
    pub to_state: String,
    /// Parameters.
    pub note: serde_json::Value,
}

/// The history of `items`, oldest first (one indexed read).
pub async fn events(conn: &mut AsyncPgConnection, items: &[i64]) -> QueryResult<Vec<Event>> {
    item_events::table
        .filter(item_events::item_id.eq_any(items))
        .order((item_events::item_id, item_events::id))
        .select((
            item_events::item_id,
            item_events::at,
            item_events::actor_role,
            item_events::office_id,
            item_events::command,
            item_events::from_state,
            item_events::to_state,
            item_events::note,
        ))
        .load(conn)
        .await
}

/// A transition to store.
pub struct Transition<'a> {
    /// Item.
    pub item_id: i64,
    /// The version the actor saw.
    pub expected_version: i32,
    /// From state.
    pub from: ItemStatus,
    /// To state.
    pub to: ItemStatus,
    /// When the new state began.
    pub since: NaiveDate,
    /// Its deadline.
    pub deadline: Option<NaiveDate>,
    /// Acceptance days used (kept across a return).
    pub used_days: i32,
    /// Designated institution.
    pub institution_id: Option<i64>,
    /// Actor.
    pub actor_account_id: i64,
    /// Actor's role code.
    pub actor_role: &'a str,
    /// Actor's office.
    pub office_id: Option<i64>,
    /// Command code.
    pub command: &'a str,
    /// What the actor wrote.
    pub note: serde_json::Value,
    /// Application (for the audit log).
    pub application_id: i64,
    /// What the applicant is told (inbox, email, SMS), stored with the change.
    pub notice: Option<Notice>,
    /// Other items of the application that move with this one (services forwarded when the
    /// certificate is issued, or lapsed when the matter ends without one).
    pub followers: Vec<Follower>,
    /// The assessment conclusion recorded with this transition.
    pub conclusion: Option<Conclusion>,
    /// The public announcement entry this transition starts (评残公示).
    pub publication: Option<super::publications::NewPublication>,
    /// The matter item that also receives this transition's conclusion (a review's final
    /// conclusion replaces the first one; its announcement entry follows).
    pub conclusion_also_on: Option<i64>,
    /// A review's reassessment appointment: day and place.
    pub appointment: Option<(NaiveDate, String)>,
    /// The certificate this step issues (and what becomes of the one held before).
    pub certificate: Option<super::certificates::CertificateChange>,
}

/// An assessment conclusion as stored.
#[derive(Debug, Clone)]
pub struct Conclusion {
    /// Meets the standard.
    pub meets: bool,
    /// The card's category and grade codes, when it meets the standard.
    pub category_grade: Option<(i16, i16)>,
    /// Each assessed component: `[{"category": 4, "grade": 2}, …]`.
    pub components: serde_json::Value,
    /// The signed 评定表 scan.
    pub form_upload: i64,
    /// The material it is linked as: `assessment_result`, or `final_assessment_result` for a
    /// review's final conclusion.
    pub material: &'static str,
}

/// An item moved by the system as a consequence of a transition.
#[derive(Debug, Clone)]
pub struct Follower {
    /// Item.
    pub item_id: i64,
    /// Its state now (moved only if still in it).
    pub from: ItemStatus,
    /// Its new state.
    pub to: ItemStatus,
    /// Its new deadline.
    pub deadline: Option<NaiveDate>,
    /// Command code.
    pub command: &'static str,
    /// What the system noted (the eligibility reasons of a service found not eligible).
    pub note: serde_json::Value,
    /// The linked service it is, if a service.
    pub service: Option<crate::domain::LinkedService>,
}

impl Transition<'_> {
    /// Stores the new state, its event and the audit entry in one transaction, only if the item
    /// is still at the version the actor saw. False when someone else changed it first.
    pub async fn apply(self, conn: &mut AsyncPgConnection) -> QueryResult<bool> {
        conn.transaction::<_, diesel::result::Error, _>(async |conn| {
            let n = diesel::update(application_items::table.find(self.item_id))
                .filter(application_items::version.eq(self.expected_version))
                .filter(application_items::status.eq(self.from))
                .set((
                    application_items::status.eq(self.to),
                    application_items::state_since.eq(Some(self.since)),
                    application_items::deadline.eq(self.deadline),
                    application_items::used_days.eq(self.used_days),
                    application_items::institution_id.eq(self.institution_id),
                    application_items::version.eq(self.expected_version + 1),
                ))
                .execute(conn)
                .await?;
            if n == 0 {
                return Ok(false);
            }
            diesel::insert_into(item_events::table)
                .values((
                    item_events::item_id.eq(self.item_id),
                    item_events::actor_account_id.eq(Some(self.actor_account_id)),
                    item_events::actor_role.eq(self.actor_role),
                    item_events::office_id.eq(self.office_id),
                    item_events::command.eq(self.command),
                    item_events::from_state.eq(Some(self.from)),
                    item_events::to_state.eq(self.to),
                    item_events::note.eq(&self.note),
                ))
                .execute(conn)
                .await?;
            super::audit::entry(
                conn,
                self.actor_account_id,
                self.office_id,
                Some(self.application_id),
                &format!("{} item {}", self.command, self.item_id),
            )
            .await?;
            // The application's status follows its certificate matter.
            if self.to.kind() == ItemKind::Matter {
                diesel::update(applications::table.find(self.application_id))
                    .set(applications::status.eq(self.to))
                    .execute(conn)
                    .await?;
            }
            for f in &self.followers {
                move_follower(conn, f, self.application_id, self.since).await?;
            }
            if let Some(c) = &self.conclusion {
                self.record_conclusion(conn, c).await?;
            }
            if let Some(change) = &self.certificate {
                change.apply(conn, self.item_id, self.since).await?;
            }
            self.record_dates(conn).await?;
            if let Some(p) = &self.publication {
                super::publications::insert(conn, p).await?;
            }
            if let Some(notice) = &self.notice {
                notice.post(conn).await?;
            }
            Ok(true)
        })
        .await
    }

    /// The conclusion on the item (and the matter a final conclusion replaces), its signed
    /// form as a material, and the announcement following a final conclusion.
    async fn record_conclusion(
        &self,
        conn: &mut AsyncPgConnection,
        c: &Conclusion,
    ) -> QueryResult<()> {
        let items: Vec<i64> = std::iter::once(self.item_id)
            .chain(self.conclusion_also_on)
            .collect();
        diesel::update(application_items::table.filter(application_items::id.eq_any(&items)))
            .set((
                application_items::conclusion_meets.eq(Some(c.meets)),
                application_items::conclusion_category.eq(c.category_grade.map(|x| x.0)),
                application_items::conclusion_grade.eq(c.category_grade.map(|x| x.1)),
                application_items::conclusion_components.eq(Some(&c.components)),
            ))
            .execute(conn)
            .await?;
        set_material(conn, self.application_id, c.material, c.form_upload).await?;
        if let Some(matter) = self.conclusion_also_on {
            super::publications::follow_final(conn, matter, c.category_grade, self.since).await?;
        }
        Ok(())
    }

    /// The dates a step records elsewhere: the card's delivery on its certificate, a
    /// reassessment's appointment on its review request.
    async fn record_dates(&self, conn: &mut AsyncPgConnection) -> QueryResult<()> {
        if self.to == ItemStatus::Matter(ItemState::CardDelivered) {
            use super::schema::certificates;
            diesel::update(
                certificates::table
                    .filter(certificates::application_id.eq(self.application_id))
                    .filter(certificates::card_delivered_on.is_null()),
            )
            .set(certificates::card_delivered_on.eq(Some(self.since)))
            .execute(conn)
            .await?;
        }
        if let Some((on, place)) = &self.appointment {
            use super::schema::review_requests;
            diesel::update(review_requests::table.find(self.item_id))
                .set((
                    review_requests::appointment_on.eq(Some(*on)),
                    review_requests::appointment_place.eq(Some(place)),
                ))
                .execute(conn)
                .await?;
        }
        Ok(())
    }
}

/// Moves a follower of a step, if it is still where the step found it, with its event; a
/// matter moved by the system (a review's final conclusion) carries the application's status.
async fn move_follower(
    conn: &mut AsyncPgConnection,
    f: &Follower,
    application_id: i64,
    since: NaiveDate,
) -> QueryResult<()> {
    let moved = diesel::update(application_items::table.find(f.item_id))
        .filter(application_items::status.eq(f.from))
        .set((
            application_items::status.eq(f.to),
            application_items::state_since.eq(Some(since)),
            application_items::deadline.eq(f.deadline),
            application_items::version.eq(application_items::version + 1),
        ))
        .execute(conn)
        .await?;
    if moved != 1 {
        return Ok(());
    }
    if f.to.kind() == ItemKind::Matter {
        diesel::update(applications::table.find(application_id))
            .set(applications::status.eq(f.to))
            .execute(conn)
            .await?;
    }
    diesel::insert_into(item_events::table)
        .values((
            item_events::item_id.eq(f.item_id),
            item_events::actor_role.eq("system"),
            item_events::command.eq(f.command),
            item_events::from_state.eq(Some(f.from)),
            item_events::to_state.eq(f.to),
            item_events::note.eq(&f.note),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// A linked service added to an application after its certificate was issued.
pub struct NewService<'a> {
    /// The application.
    pub application_id: i64,
    /// Service code.
    pub code: &'a str,
    /// Its first state (at the department).
    pub status: ServiceState,
    /// Residence county.
    pub handling_county: &'a str,
    /// Hukou county.
    pub approving_county: &'a str,
    /// Today.
    pub since: NaiveDate,
    /// The department's deadline.
    pub deadline: Option<NaiveDate>,
    /// Who added it.
    pub account_id: i64,
}

/// Adds the service with its first event and the notice, in one transaction; false when the
/// application has it already.
pub async fn add_service(
    conn: &mut AsyncPgConnection,
    s: &NewService<'_>,
    notice: &Notice,
) -> QueryResult<bool> {
    conn.transaction::<_, diesel::result::Error, _>(async |conn| {
        let item: Option<i64> = diesel::insert_into(application_items::table)
            .values((
                application_items::application_id.eq(s.application_id),
                application_items::kind.eq(ItemKind::Service),
                application_items::code.eq(s.code),
                application_items::status.eq(s.status),
                application_items::handling_county.eq(s.handling_county),
                application_items::approving_county.eq(s.approving_county),
                application_items::state_since.eq(Some(s.since)),
                application_items::deadline.eq(s.deadline),
            ))
            .on_conflict_do_nothing()
            .returning(application_items::id)
            .get_result(conn)
            .await
            .optional()?;
        let Some(item) = item else {
            return Ok(false);
        };
        diesel::insert_into(item_events::table)
            .values((
                item_events::item_id.eq(item),
                item_events::actor_account_id.eq(Some(s.account_id)),
                item_events::actor_role.eq("applicant"),
                item_events::command.eq("add_service"),
                item_events::to_state.eq(s.status),
            ))
            .execute(conn)
            .await?;
        notice.post(conn).await?;
        Ok(true)
    })
    .await
}

/// The conclusion's components of item `item_id`, when it met the standard.
pub async fn conclusion_components(
    conn: &mut AsyncPgConnection,
    item_id: i64,
) -> QueryResult<Option<serde_json::Value>> {
    application_items::table
        .find(item_id)
        .filter(application_items::conclusion_meets.eq(Some(true)))
        .select(application_items::conclusion_components)
        .first::<Option<serde_json::Value>>(conn)
        .await
        .optional()
        .map(Option::flatten)
}

/// The items of an application with their states and deadlines (for the applicant's timeline).
pub async fn items_of(
    conn: &mut AsyncPgConnection,
    application_id: i64,
) -> QueryResult<Vec<ItemSummary>> {
    application_items::table
        .filter(application_items::application_id.eq(application_id))
        .order(application_items::id)
        .select((
            application_items::id,
            application_items::kind,
            application_items::code,
            application_items::status,
            application_items::deadline,
        ))
        .load(conn)
        .await
}

/// A material of an application with its file.
#[derive(Debug, Clone, Queryable)]
pub struct MaterialFile {
    /// The material's code.
    pub material: String,
    /// The upload.
    pub upload_id: i64,
    /// The file's original name.
    pub file_name: String,
}

/// The materials of an application, by material code.
pub async fn materials_of(
    conn: &mut AsyncPgConnection,
    application_id: i64,
) -> QueryResult<Vec<MaterialFile>> {
    use super::schema::{application_materials, uploads};
    application_materials::table
        .inner_join(uploads::table.on(uploads::id.eq(application_materials::upload_id)))
        .filter(application_materials::application_id.eq(application_id))
        .order(application_materials::material)
        .select((
            application_materials::material,
            uploads::id,
            uploads::original_name,
        ))
        .load(conn)
        .await
}

/// Upload `upload_id` if it is one of the application's materials.
pub async fn material_upload(
    conn: &mut AsyncPgConnection,
    application_id: i64,
    upload_id: i64,
) -> QueryResult<Option<super::uploads::Upload>> {
    use super::schema::{application_materials, uploads};
    uploads::table
        .inner_join(
            application_materials::table.on(application_materials::upload_id.eq(uploads::id)),
        )
        .filter(application_materials::application_id.eq(application_id))
        .filter(uploads::id.eq(upload_id))
        .select(super::uploads::Upload::as_select())
        .first(conn)
        .await
        .optional()
}

/// Withdraws every open item of application `application_id` (matter before acceptance, and the
/// services waiting for it) in one transaction, with an event each; false when the matter has
/// moved on meanwhile (then nothing changes).
pub async fn withdraw_application(
    conn: &mut AsyncPgConnection,
    application_id: i64,
    account_id: i64,
    open: &[ItemStatus],
) -> QueryResult<bool> {
    conn.transaction::<_, diesel::result::Error, _>(async |conn| {
        let rows: Vec<(i64, ItemKind)> = diesel::update(application_items::table)
            .filter(application_items::application_id.eq(application_id))
            .filter(application_items::status.eq_any(open.to_vec()))
            .set((
                // A matter and a service share the code of their withdrawn state.
                application_items::status.eq(ItemState::Withdrawn),
                application_items::deadline.eq(None::<NaiveDate>),
                application_items::version.eq(application_items::version + 1),
            ))
            .returning((application_items::id, application_items::kind))
            .get_results(conn)
            .await?;
        if !rows.iter().any(|(_, kind)| *kind == ItemKind::Matter) {
            // The matter was accepted (or had moved on) meanwhile: undo by failing the transaction.
            return Err(diesel::result::Error::RollbackTransaction);
        }
        let events: Vec<_> = rows
            .iter()
            .map(|(item, _)| {
                (
                    item_events::item_id.eq(*item),
                    item_events::actor_account_id.eq(Some(account_id)),
                    item_events::actor_role.eq("applicant"),
                    item_events::command.eq("withdraw"),
                    item_events::to_state.eq(ItemState::Withdrawn),
                )
            })
            .collect();
        diesel::insert_into(item_events::table)
            .values(events)
            .execute(conn)
            .await?;
        diesel::update(applications::table.find(application_id))
            .set(applications::status.eq(ItemState::Withdrawn))
            .execute(conn)
            .await?;
        Ok(true)
    })
    .await
    .or_else(|e| match e {
        diesel::result::Error::RollbackTransaction => Ok(false),
        e => Err(e),
    })
}

/// Sets the file of one material of an application (replacing an earlier one).
pub async fn set_material(
    conn: &mut AsyncPgConnection,
    application_id: i64,
    material: &str,
    upload_id: i64,
) -> QueryResult<()> {
    use super::schema::application_materials;
    diesel::insert_into(application_materials::table)
        .values((
            application_materials::application_id.eq(application_id),
            application_materials::material.eq(material),
            application_materials::upload_id.eq(upload_id),
        ))
        .on_conflict((
            application_materials::application_id,
            application_materials::material,
        ))
        .do_update()
        .set(application_materials::upload_id.eq(upload_id))
        .execute(conn)
        .await
        .map(|_| ())
}

/// An open item whose deadline may change when a year's holiday notice is loaded.
#[derive(Debug, Clone, Queryable)]
pub struct OpenDeadline {
    /// Item id.
    pub id: i64,
    /// matter / service / review.
    pub kind: String,
    /// Matter kind or service code.
    pub code: String,
    /// State code.
    pub status: String,
    /// When the state began.
    pub state_since: Option<NaiveDate>,
    /// Acceptance days used before a return.
    pub used_days: i32,
    /// Residence county.
    pub handling_county: Option<String>,
    /// Hukou county.
    pub approving_county: Option<String>,
    /// The application's answers (for the matter's flow).
    pub answers: crate::domain::answers::Answers,
    /// The deadline now.
    pub deadline: Option<NaiveDate>,
    /// The day the applicant came for assessment.
    pub attended_on: Option<NaiveDate>,
}

/// Items with a deadline on or after `from` (the first day of a year whose notice was just
/// loaded): their deadlines were counted without it.
pub async fn deadlines_from(
    conn: &mut AsyncPgConnection,
    from: NaiveDate,
) -> QueryResult<Vec<OpenDeadline>> {
    application_items::table
        .inner_join(applications::table)
        .filter(application_items::deadline.ge(from))
        .select((
            application_items::id,
            application_items::kind,
            application_items::code,
            application_items::status,
            application_items::state_since,
            application_items::used_days,
            application_items::handling_county,
            application_items::approving_county,
            applications::answers,
            application_items::deadline,
            application_items::attended_on,
        ))
        .load(conn)
        .await
}

/// Records the day the applicant came for assessment on item `id`, while it is `accepted`, with
/// the deadline it starts; false when the item moved on meanwhile.
pub async fn set_attended(
    conn: &mut AsyncPgConnection,
    id: i64,
    on: NaiveDate,
    deadline: Option<NaiveDate>,
) -> QueryResult<bool> {
    diesel::update(application_items::table.find(id))
        .filter(application_items::status.eq(ItemStatus::Matter(ItemState::Accepted)))
        .set((
            application_items::attended_on.eq(on),
            application_items::deadline.eq(deadline),
        ))
        .execute(conn)
        .await
        .map(|n| n == 1)
}

/// Sets an item's deadline (a recount; the state and its version do not change).
pub async fn set_deadline(
    conn: &mut AsyncPgConnection,
    id: i64,
    deadline: Option<NaiveDate>,
) -> QueryResult<()> {
    diesel::update(application_items::table.find(id))
        .set(application_items::deadline.eq(deadline))
        .execute(conn)
        .await
        .map(|_| ())
}
