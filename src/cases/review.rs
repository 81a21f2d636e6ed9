//! The applicant (or the guardian who applied) requests a review of the assessment conclusion
//! (复核) within the window — 10 working days from the publication start or the notice
//! (000 §三(二)) — with their reasons and an optional supporting document.

use chrono::NaiveDate;
use diesel_async::AsyncPgConnection;

use super::{CaseError, case_updated};
use crate::db::applications::{self, Application};
use crate::db::cases::{self, ItemRow};
use crate::db::reviews::NewReview;
use crate::domain::Calendar;
use crate::domain::item::ItemSummary;
use crate::domain::policy;
use crate::domain::review::{self, RequestRefused, ReviewState, ReviewWindow};
use crate::domain::workflow::ItemState;

/// Where an application stands for a review request: its matter and the window.
pub struct Standing {
    /// The application.
    pub app: Application,
    /// Its certificate matter.
    pub matter: ItemRow,
    /// The matter's state.
    pub state: ItemState,
    /// The window for a request, once a conclusion is known.
    pub window: Option<ReviewWindow>,
    /// Whether a review was requested already.
    pub requested: bool,
}

impl Standing {
    /// Application `application_id` as `account_id` may see it, with its matter and window;
    /// `NotFound` for anyone else's, or one without a matter.
    pub async fn load(
        conn: &mut AsyncPgConnection,
        account_id: i64,
        application_id: i64,
        calendar: &Calendar,
    ) -> Result<Self, CaseError> {
        let app = applications::find_visible(conn, account_id, application_id)
            .await?
            .ok_or(CaseError::NotFound)?;
        Self::of(conn, app, calendar).await
    }

    /// Application `application_id` as a clerk of `county` at the window sees it: only one the
    /// county handles (jurisdiction, as on every staff route); `NotFound` for any other.
    pub async fn load_in_county(
        conn: &mut AsyncPgConnection,
        county: &str,
        application_id: i64,
        calendar: &Calendar,
    ) -> Result<Self, CaseError> {
        let app = applications::find_in_county(conn, county, application_id)
            .await?
            .ok_or(CaseError::NotFound)?;
        Self::of(conn, app, calendar).await
    }

    async fn of(
        conn: &mut AsyncPgConnection,
        app: Application,
        calendar: &Calendar,
    ) -> Result<Self, CaseError> {
        let items = cases::items_of(conn, app.id).await?;
        let matter_id = ItemSummary::matter_of(&items)
            .map(|i| i.id)
            .ok_or(CaseError::NotFound)?;
        let (matter, _) = cases::find_item(conn, matter_id)
            .await?
            .ok_or(CaseError::NotFound)?;
        let state = matter.status.matter().ok_or(CaseError::NotFound)?;
        let policy = policy::for_province(&app.handling_county).policy;
        let window = matter
            .state_since
            .and_then(|since| review::window_closes(policy, calendar, state, since));
        Ok(Standing {
            requested: ItemSummary::review_of(&items).is_some(),
            app,
            matter,
            state,
            window,
        })
    }

    /// Whether a request with `reasons` may be made on `today`.
    pub fn may_request(&self, today: NaiveDate, reasons: &str) -> Result<(), RequestRefused> {
        review::may_request(self.window, today, self.requested, reasons)
    }
}

/// `account_id` files a review request on `standing`'s matter on `today`, with `reasons` and an
/// optional stored `attachment`; the applicant is told. `Ok(false)` when one was filed already
/// (a double click).
pub async fn file(
    conn: &mut AsyncPgConnection,
    account_id: i64,
    standing: &Standing,
    reasons: &str,
    attachment: Option<i64>,
    calendar: &Calendar,
    today: NaiveDate,
) -> Result<Result<bool, RequestRefused>, CaseError> {
    if let Err(e) = standing.may_request(today, reasons) {
        return Ok(Err(e));
    }
    let (app, matter) = (&standing.app, &standing.matter);
    let policy = policy::for_province(&app.handling_county).policy;
    let county = matter.handling_county.clone();
    let approving = matter.approving_county.clone();
    let filed = NewReview {
        application_id: app.id,
        matter_item_id: matter.id,
        handling_county: &county,
        approving_county: &approving,
        filed_by: account_id,
        filed_on: today,
        window_closes: standing.window.and_then(|w| w.last_day()),
        reasons,
        attachment,
        deadline: review::deadline(policy, calendar, ReviewState::Requested, today).map(|d| d.date),
        notice: case_updated(
            app.id,
            &app.reference,
            &app.lang,
            ReviewState::Requested.code(),
        ),
    };
    let stored = filed.file(conn).await?.is_some();
    tracing::info!(
        application = app.id,
        filed = stored,
        state = standing.state.code(),
        "review requested"
    );
    Ok(Ok(stored))
}
