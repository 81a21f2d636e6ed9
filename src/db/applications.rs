//! Submitted applications: created once per draft in one transaction with their items, their
//! materials and the inbox message; visible to the account that applied and to the person it is
//! about once they have an account.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use super::inbox::MessageKind;
use super::outbox::{Notice, To};
use super::schema::{
    application_items, application_materials, applications, drafts, item_events, people,
    representations,
};
use crate::domain::application::OpenItem;
use crate::domain::item::{ItemKind, ItemStatus};
use crate::domain::workflow::ItemState;

/// A submitted application.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = applications)]
pub struct Application {
    /// Row id.
    pub id: i64,
    /// Human-readable reference.
    pub reference: String,
    /// The account that applied.
    pub account_id: i64,
    /// The person it is for.
    pub person_id: i64,
    /// self / guardian / helper.
    pub applying_as: String,
    /// Matter kind code, if any.
    pub matter: Option<String>,
    /// Residence county (handles the case).
    pub handling_county: String,
    /// Hukou county (approves when different).
    pub approving_county: String,
    /// The answers as submitted.
    pub answers: crate::domain::answers::Answers,
    /// Status code.
    pub status: String,
    /// When it was submitted.
    pub submitted_at: DateTime<Utc>,
    /// The first step's deadline.
    pub first_deadline: NaiveDate,
    /// The draft it was made from (reopened for corrections).
    pub draft_id: i64,
    /// The language the applicant used (for notices).
    pub lang: String,
    /// What the clerk recorded about the old card (001 §六): `handed_in` or `lost`.
    pub old_card: Option<String>,
    /// When the clerk recorded it.
    pub old_card_on: Option<NaiveDate>,
    /// online / counter / helper ([`crate::domain::channel::Channel`]).
    pub channel: String,
    /// The clerk or village helper who typed it in at a window.
    pub entered_by: Option<i64>,
}

/// Everything a submission writes.
pub struct Submission<'a> {
    /// The draft it comes from (the idempotency key).
    pub draft_id: i64,
    /// The account applying.
    pub account_id: i64,
    /// The person it is about.
    pub person_id: i64,
    /// self / guardian / helper.
    pub applying_as: &'a str,
    /// Matter kind code.
    pub matter: Option<&'a str>,
    /// Residence county.
    pub handling_county: &'a str,
    /// Residence township (for a township clerk with delegated authority).
    pub handling_township: Option<&'a str>,
    /// Hukou county.
    pub approving_county: &'a str,
    /// The answers.
    pub answers: serde_json::Value,
    /// First deadline.
    pub first_deadline: NaiveDate,
    /// Items: what they ask for, their first state and deadline.
    pub items: Vec<OpenItem>,
    /// The submission day (Beijing): when the items' first states began.
    pub today: NaiveDate,
    /// The moment of submission (the application's and the first events' time).
    pub at: DateTime<Utc>,
    /// Materials: (material code, upload id).
    pub materials: Vec<(String, i64)>,
    /// Builds the reference from the serial.
    pub reference: &'a (dyn Fn(i64) -> String + Sync),
    /// Inbox parameters for the confirmation message.
    pub message: serde_json::Value,
    /// The applicant's language (for this and later notices about the case).
    pub lang: &'static str,
    /// How it came in.
    pub channel: crate::domain::channel::Channel,
}

/// The handling county's next reference serial of `day`: 1, 2, 3 … without gaps, as it is taken
/// in the submission's transaction (a submission that fails gives its number back).
async fn next_serial(
    conn: &mut AsyncPgConnection,
    county: &str,
    day: NaiveDate,
) -> QueryResult<i64> {
    use super::schema::reference_counters as rc;
    let last: i32 = diesel::insert_into(rc::table)
        .values((rc::county.eq(county), rc::day.eq(day), rc::last.eq(1)))
        .on_conflict((rc::county, rc::day))
        .do_update()
        .set(rc::last.eq(rc::last + 1))
        .returning(rc::last)
        .get_result(conn)
        .await?;
    Ok(i64::from(last))
}

impl Submission<'_> {
    /// Writes the application once per draft. Returns its id and whether this call created it
    /// (false for a repeat or the loser of a race, which get the existing application).
    pub async fn submit(self, conn: &mut AsyncPgConnection) -> QueryResult<(i64, String, bool)> {
        conn.transaction::<_, diesel::result::Error, _>(async |conn| {
            // One submission of a draft at a time: a repeat waits here, then finds the first.
            drafts::table
                .find(self.draft_id)
                .select(drafts::id)
                .for_update()
                .first::<i64>(conn)
                .await
                .optional()?;
            if let Some((existing, reference)) = applications::table
                .filter(applications::draft_id.eq(self.draft_id))
                .select((applications::id, applications::reference))
                .first::<(i64, String)>(conn)
                .await
                .optional()?
            {
                return Ok((existing, reference, false));
            }
            let serial = next_serial(conn, self.handling_county, self.today).await?;
            let reference = (self.reference)(serial);
            let inserted: Option<i64> = diesel::insert_into(applications::table)
                .values((
                    applications::reference.eq(&reference),
                    applications::draft_id.eq(self.draft_id),
                    applications::account_id.eq(self.account_id),
                    applications::person_id.eq(self.person_id),
                    applications::applying_as.eq(self.applying_as),
                    applications::channel.eq(self.channel.code()),
                    // At a window the account submitting is the clerk's, who typed it in.
                    applications::entered_by.eq(self.channel.assisted().then_some(self.account_id)),
                    applications::matter.eq(self.matter),
                    applications::handling_county.eq(self.handling_county),
                    applications::approving_county.eq(self.approving_county),
                    applications::answers.eq(&self.answers),
                    applications::first_deadline.eq(self.first_deadline),
                    applications::lang.eq(self.lang),
                    applications::submitted_at.eq(self.at),
                    // The matter's first state, or the first service's without one.
                    applications::status.eq(self
                        .items
                        .as_slice()
                        .first()
                        .map_or(ItemStatus::Matter(ItemState::Submitted), |i| i.status)),
                    applications::handling_township.eq(self.handling_township),
                ))
                .on_conflict(applications::draft_id)
                .do_nothing()
                .returning(applications::id)
                .get_result(conn)
                .await
                .optional()?;
            let Some(id) = inserted else {
                let (existing, reference) = applications::table
                    .filter(applications::draft_id.eq(self.draft_id))
                    .select((applications::id, applications::reference))
                    .first(conn)
                    .await?;
                return Ok((existing, reference, false));
            };
            self.insert_items(conn, id).await?;
            self.insert_materials(conn, id).await?;
            diesel::update(drafts::table.find(self.draft_id))
                .set(drafts::submitted_at.eq(self.at))
                .execute(conn)
                .await?;
            let mut message = self.message.clone();
            message["reference"] = serde_json::json!(reference);
            Notice {
                to: To::Case(id),
                kind: MessageKind::ApplicationSubmitted,
                params: message,
                lang: self.lang,
            }
            .post(conn)
            .await?;
            Ok((id, reference, true))
        })
        .await
    }

    /// The items of application `id` in their first states, each with its `submit` event.
    async fn insert_items(&self, conn: &mut AsyncPgConnection, id: i64) -> QueryResult<()> {
        if self.items.is_empty() {
            return Ok(());
        }
        let items: Vec<_> = self
            .items
            .iter()
            .map(|i| {
                (
                    application_items::application_id.eq(id),
                    application_items::kind.eq(i.status.kind()),
                    application_items::code.eq(i.code),
                    application_items::status.eq(i.status),
                    // A linked service is handled where the person's hukou is (003 附件3–5:
                    // 湖南户籍, “在户籍地参加”; 004 附件2 六7–10: 河南户籍); the certificate
                    // where they live (001 §一(一)).
                    application_items::handling_county.eq(
                        if i.status.kind() == ItemKind::Service {
                            self.approving_county
                        } else {
                            self.handling_county
                        },
                    ),
                    application_items::approving_county.eq(self.approving_county),
                    application_items::state_since.eq(self.today),
                    application_items::deadline.eq(i.deadline),
                )
            })
            .collect();
        let ids: Vec<(i64, String)> = diesel::insert_into(application_items::table)
            .values(items)
            .returning((application_items::id, application_items::status))
            .get_results(conn)
            .await?;
        let events: Vec<_> = ids
            .iter()
            .map(|(item, status)| {
                (
                    item_events::item_id.eq(*item),
                    item_events::actor_account_id.eq(Some(self.account_id)),
                    item_events::actor_role.eq("applicant"),
                    item_events::command.eq("submit"),
                    item_events::at.eq(self.at),
                    item_events::to_state.eq(status),
                )
            })
            .collect();
        diesel::insert_into(item_events::table)
            .values(events)
            .execute(conn)
            .await?;
        Ok(())
    }

    /// The materials of application `id`.
    async fn insert_materials(&self, conn: &mut AsyncPgConnection, id: i64) -> QueryResult<()> {
        if self.materials.is_empty() {
            return Ok(());
        }
        let materials: Vec<_> = self
            .materials
            .iter()
            .map(|(m, upload)| {
                (
                    application_materials::application_id.eq(id),
                    application_materials::material.eq(m),
                    application_materials::upload_id.eq(*upload),
                )
            })
            .collect();
        diesel::insert_into(application_materials::table)
            .values(materials)
            .execute(conn)
            .await?;
        Ok(())
    }
}

/// Replaces the answers of an application (the applicant corrected reopened sections).
pub async fn replace_answers(
    conn: &mut AsyncPgConnection,
    id: i64,
    answers: &serde_json::Value,
) -> QueryResult<()> {
    diesel::update(applications::table.find(id))
        .set(applications::answers.eq(answers))
        .execute(conn)
        .await
        .map(|_| ())
}

/// The application made from draft `draft_id`, if any.
pub async fn find_by_draft(
    conn: &mut AsyncPgConnection,
    draft_id: i64,
) -> QueryResult<Option<i64>> {
    applications::table
        .filter(applications::draft_id.eq(draft_id))
        .select(applications::id)
        .first(conn)
        .await
        .optional()
}

/// Applications `account_id` may see: those it made, those about the person it is (attached only
/// to a verified identity), and those about people it confirmedly acts for. A claim nobody
/// confirmed shows only what the claimant made itself (issue #16).
#[diesel::dsl::auto_type]
fn visible_to(account_id: i64) -> _ {
    let me: Option<i64> = Some(account_id);
    let own_person = people::table
        .select(people::id)
        .filter(people::account_id.eq(me));
    let confirmed: &'static str = "confirmed";
    let acted_for = representations::table
        .filter(representations::account_id.eq(account_id))
        .filter(representations::status.eq(confirmed))
        .select(representations::person_id);
    applications::account_id
        .eq(account_id)
        .or(applications::person_id.eq_any(own_person))
        .or(applications::person_id.eq_any(acted_for))
}

/// Application `id` if `account_id` may see it (one indexed read).
pub async fn find_visible(
    conn: &mut AsyncPgConnection,
    account_id: i64,
    id: i64,
) -> QueryResult<Option<Application>> {
    applications::table
        .filter(applications::id.eq(id))
        .filter(visible_to(account_id))
        .select(Application::as_select())
        .first(conn)
        .await
        .optional()
}

/// The applications `account_id` may see, newest first (at most 50).
pub async fn list_visible(
    conn: &mut AsyncPgConnection,
    account_id: i64,
) -> QueryResult<Vec<Application>> {
    applications::table
        .filter(visible_to(account_id))
        .order(applications::id.desc())
        .limit(50)
        .select(Application::as_select())
        .load(conn)
        .await
}

/// The answers of application `id` (one primary-key read).
pub async fn answers_of(
    conn: &mut AsyncPgConnection,
    id: i64,
) -> QueryResult<Option<crate::domain::answers::Answers>> {
    applications::table
        .find(id)
        .select(applications::answers)
        .first(conn)
        .await
        .optional()
}

/// Records what happened to the old card of application `id` (001 §六), on `on`.
pub async fn record_old_card(
    conn: &mut AsyncPgConnection,
    id: i64,
    card: crate::domain::old_card::OldCard,
    on: NaiveDate,
) -> QueryResult<()> {
    diesel::update(applications::table.find(id))
        .set((
            applications::old_card.eq(card.code()),
            applications::old_card_on.eq(on),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// The latest applications clerk (or helper) `account_id` typed in at a window, newest first.
pub async fn entered_by(
    conn: &mut AsyncPgConnection,
    account_id: i64,
    limit: i64,
) -> QueryResult<Vec<Application>> {
    applications::table
        .filter(applications::entered_by.eq(Some(account_id)))
        .order(applications::id.desc())
        .limit(limit)
        .select(Application::as_select())
        .load(conn)
        .await
}

/// The reference of application `id` (one primary-key read).
pub async fn reference_of(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<Option<String>> {
    applications::table
        .find(id)
        .select(applications::reference)
        .first(conn)
        .await
        .optional()
}

/// Application `id` if `county` handles it (one primary-key read).
pub async fn find_in_county(
    conn: &mut AsyncPgConnection,
    county: &str,
    id: i64,
) -> QueryResult<Option<Application>> {
    applications::table
        .filter(applications::id.eq(id))
        .filter(applications::handling_county.eq(county))
        .select(Application::as_select())
        .first(conn)
        .await
        .optional()
}
