//! Review requests (复核 / 复评): filed by the applicant in one transaction — the review item of
//! the case, what they wrote, its first event and the notice — and read back for the case pages.

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use super::outbox::Notice;
use super::schema::{application_items, item_events, review_requests};
use crate::domain::item::ItemKind;
use crate::domain::review::ReviewState;

/// A request to file.
pub struct NewReview<'a> {
    /// The application.
    pub application_id: i64,
    /// The matter whose conclusion is disputed.
    pub matter_item_id: i64,
    /// Residence county (forwards the request).
    pub handling_county: &'a str,
    /// Hukou county.
    pub approving_county: &'a str,
    /// The account filing it (applicant or guardian).
    pub filed_by: i64,
    /// Today.
    pub filed_on: NaiveDate,
    /// The window's last day.
    pub window_closes: Option<NaiveDate>,
    /// Why the applicant disagrees.
    pub reasons: &'a str,
    /// An optional supporting document.
    pub attachment: Option<i64>,
    /// The county's deadline to forward it.
    pub deadline: Option<NaiveDate>,
    /// What the applicant is told.
    pub notice: Notice,
}

/// What was filed, and how far the committee got.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = review_requests)]
pub struct Review {
    /// The review item.
    pub item_id: i64,
    /// The disputed matter.
    pub matter_item_id: i64,
    /// Filed on.
    pub filed_on: NaiveDate,
    /// The window's last day.
    pub window_closes: Option<NaiveDate>,
    /// The applicant's reasons.
    pub reasons: String,
    /// Supporting document.
    pub attachment_id: Option<i64>,
    /// The reassessment's day.
    pub appointment_on: Option<NaiveDate>,
    /// Where.
    pub appointment_place: Option<String>,
}

impl NewReview<'_> {
    /// Stores the request: the review item (one per application; `None` when one exists
    /// already, e.g. a double click), its row, its first event, the attachment as a material of
    /// the application and the notice — all or nothing.
    pub async fn file(&self, conn: &mut AsyncPgConnection) -> QueryResult<Option<i64>> {
        conn.transaction::<_, diesel::result::Error, _>(async |conn| {
            let item: Option<i64> = diesel::insert_into(application_items::table)
                .values((
                    application_items::application_id.eq(self.application_id),
                    application_items::kind.eq(ItemKind::Review),
                    application_items::code.eq(ItemKind::Review),
                    application_items::status.eq(ReviewState::Requested),
                    application_items::handling_county.eq(self.handling_county),
                    application_items::approving_county.eq(self.approving_county),
                    application_items::state_since.eq(Some(self.filed_on)),
                    application_items::deadline.eq(self.deadline),
                ))
                .on_conflict_do_nothing()
                .returning(application_items::id)
                .get_result(conn)
                .await
                .optional()?;
            let Some(item) = item else {
                return Ok(None);
            };
            diesel::insert_into(review_requests::table)
                .values((
                    review_requests::item_id.eq(item),
                    review_requests::matter_item_id.eq(self.matter_item_id),
                    review_requests::filed_by.eq(self.filed_by),
                    review_requests::filed_on.eq(self.filed_on),
                    review_requests::window_closes.eq(self.window_closes),
                    review_requests::reasons.eq(self.reasons),
                    review_requests::attachment_id.eq(self.attachment),
                ))
                .execute(conn)
                .await?;
            diesel::insert_into(item_events::table)
                .values((
                    item_events::item_id.eq(item),
                    item_events::actor_account_id.eq(Some(self.filed_by)),
                    item_events::actor_role.eq("applicant"),
                    item_events::command.eq("request_review"),
                    item_events::to_state.eq(ReviewState::Requested),
                    item_events::note.eq(serde_json::json!({ "reason": self.reasons })),
                ))
                .execute(conn)
                .await?;
            if let Some(upload) = self.attachment {
                super::cases::set_material(conn, self.application_id, "review_attachment", upload)
                    .await?;
            }
            self.notice.post(conn).await?;
            Ok(Some(item))
        })
        .await
    }
}

/// The review of item `item_id` (a review item), if any.
pub async fn find(conn: &mut AsyncPgConnection, item_id: i64) -> QueryResult<Option<Review>> {
    review_requests::table
        .find(item_id)
        .select(Review::as_select())
        .first(conn)
        .await
        .optional()
}
