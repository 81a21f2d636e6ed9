//! `GET/POST /applications/{id}/review`: the applicant (or the guardian who applied) requests a
//! review of the assessment conclusion (复核) within the window — 10 working days from the
//! publication start or the notice (000 §三(二)) — with their reasons and an optional supporting
//! document. After the window it is refused with the exact last day. `POST …/review/withdraw`
//! withdraws it before the county has forwarded it.

use actix_multipart::Multipart;
use actix_web::web;
use askama::Template;

use crate::cases::review::{self as review_case, Standing};
use crate::db::cases::ItemRow;
use crate::db::reviews;
use crate::domain::item::{ItemStatus, ItemSummary};
use crate::domain::policy;
use crate::domain::review::{self, RequestRefused, ReviewState};
use crate::domain::workflow::ItemState;
use crate::i18n::Lang;
use crate::web::case_text::conclusion_text;
use crate::web::ctx::{Ctx, Page};
use crate::web::error::{AppError, AppResult};
use crate::web::form::FormErrors;
use crate::web::render::{form_page, see_other};
use crate::web::upload;

/// The longest reasons accepted (characters).
const MAX_REASONS: usize = 2000;

/// `templates/apply/review.html`.
#[derive(Template)]
#[template(path = "apply/review.html")]
pub struct ReviewPage {
    page: Page,
    /// Where the form posts, where “back” goes, and whether it is filed at a window.
    via: Via,
    reference: String,
    /// The disputed conclusion in words.
    conclusion: String,
    /// The window's last day, when a conclusion is known.
    window_closes: String,
    /// Why no request can be made (window closed on …, already requested …).
    refused: Option<String>,
    errors: FormErrors,
    reasons: String,
}

/// The window's end in words: its last day, or that it lasts until the county decides.
fn window_text(lang: Lang, window: review::ReviewWindow) -> String {
    match window.last_day() {
        Some(d) => d.format("%Y-%m-%d").to_string(),
        None => lang.t("review-until-decided"),
    }
}

async fn load(ctx: &Ctx, id: i64) -> Result<Standing, AppError> {
    let account_id = ctx.require_account()?.id;
    let calendar = ctx.state.calendar().await?;
    let mut conn = ctx.state.conn().await?;
    Ok(Standing::load(&mut conn, account_id, id, &calendar).await?)
}

fn refusal(lang: Lang, e: &RequestRefused) -> String {
    match e {
        RequestRefused::NoConclusion => lang.t("review-refused-no-conclusion"),
        RequestRefused::WindowClosed(d) => lang.t_args(
            "review-refused-window-closed",
            &[("date", d.format("%Y-%m-%d").to_string())],
        ),
        RequestRefused::AlreadyRequested => lang.t("review-refused-already"),
        RequestRefused::ReasonsRequired => lang.t("review-reasons-missing"),
    }
}

/// How a review request comes in: online from the case page, or at a window where the clerk
/// types the reasons and scans in the form the person signed (issue #21).
#[derive(Debug, Clone)]
pub struct Via {
    /// The form's address.
    pub action: String,
    /// The back link.
    pub back: String,
    /// Filed by a clerk at a window (the signed form is then required).
    pub at_counter: bool,
}

impl Via {
    /// The applicant's own request on application `id`.
    pub fn online(id: i64) -> Via {
        Via {
            action: format!("/applications/{id}/review"),
            back: format!("/applications/{id}"),
            at_counter: false,
        }
    }
}

fn render(ctx: Ctx, case: &Standing, errors: FormErrors, reasons: String) -> AppResult {
    render_via(ctx, case, errors, reasons, Via::online(case.app.id))
}

/// The request page, for either way in.
pub fn render_via(
    mut ctx: Ctx,
    case: &Standing,
    errors: FormErrors,
    reasons: String,
    via: Via,
) -> AppResult {
    let lang = ctx.lang;
    let today = ctx.state.clock.today();
    let refused = match case.may_request(today, "-") {
        Err(e) => Some(refusal(lang, &e)),
        Ok(()) => None,
    };
    let mut page = ctx.page("review-title");
    page.has_errors = !errors.is_empty();
    let has_errors = page.has_errors;
    form_page(
        &ReviewPage {
            page,
            via,
            reference: case.app.reference.clone(),
            conclusion: conclusion_text(
                lang,
                case.matter.conclusion_category,
                case.matter.conclusion_grade,
            ),
            window_closes: case
                .window
                .map(|w| window_text(lang, w))
                .unwrap_or_default(),
            refused,
            errors,
            reasons,
        },
        has_errors,
    )
}

/// `GET /applications/{id}/review`
pub async fn show(ctx: Ctx, path: web::Path<i64>) -> AppResult {
    let case = load(&ctx, path.into_inner()).await?;
    render(ctx, &case, FormErrors::default(), String::new())
}

/// `POST /applications/{id}/review` (multipart: `reasons`, optional `attachment`).
pub async fn submit(ctx: Ctx, path: web::Path<i64>, payload: Multipart) -> AppResult {
    let case = load(&ctx, path.into_inner()).await?;
    let account_id = ctx.require_account()?.id;
    let via = Via::online(case.app.id);
    file_request(ctx, &case, payload, account_id, via).await
}

/// Reads and checks the request form and files it for `account_id` (the applicant, or the
/// clerk at a window); the form again with its errors, or back to `via.back`.
pub async fn file_request(
    ctx: Ctx,
    case: &Standing,
    payload: Multipart,
    account_id: i64,
    via: Via,
) -> AppResult {
    let lang = ctx.lang;
    let form = upload::read_form(payload, "attachment").await?;
    let reasons = form.field("reasons").trim().to_owned();
    let today = ctx.state.clock.today();
    let mut errors = FormErrors::default();
    match case.may_request(today, &reasons) {
        Ok(()) if reasons.chars().count() > MAX_REASONS => errors.add(
            "reasons",
            lang.t_args(
                "review-reasons-too-long",
                &[("max", MAX_REASONS.to_string())],
            ),
        ),
        Ok(()) => {}
        Err(RequestRefused::ReasonsRequired) => {
            errors.add("reasons", lang.t("review-reasons-missing"))
        }
        // Shown at the top of the page instead of the form.
        Err(_) => return render_via(ctx, case, errors, reasons, via),
    }
    if !errors.is_empty() {
        return render_via(ctx, case, errors, reasons, via);
    }
    // The file is checked (and stored) only once the rest of the form is valid.
    let attachment = match form.file {
        // At a window the form the person signed is the request (001 附件三(一)).
        None if via.at_counter => {
            errors.add("attachment", lang.t("counter-review-signed-missing"));
            return render_via(ctx, case, errors, reasons, via);
        }
        None => None,
        Some(Ok((name, bytes))) => match upload::store(&ctx, account_id, &name, bytes).await? {
            Ok(id) => Some(id),
            Err(e) => {
                errors.add("attachment", lang.t(upload::error_key(e)));
                return render_via(ctx, case, errors, reasons, via);
            }
        },
        Some(Err(e)) => {
            errors.add("attachment", lang.t(upload::error_key(e)));
            return render_via(ctx, case, errors, reasons, via);
        }
    };
    let calendar = ctx.state.calendar().await?;
    let mut conn = ctx.state.conn().await?;
    let filed = review_case::file(
        &mut conn, account_id, case, &reasons, attachment, &calendar, today,
    )
    .await?;
    drop(conn);
    let stored = match filed {
        Ok(stored) => stored,
        Err(_) => return render_via(ctx, case, errors, reasons, via),
    };
    crate::web::notify::sent(&ctx.state, case.app.account_id);
    ctx.flash(if stored {
        "notice-review-requested"
    } else {
        "review-refused-already"
    })?;
    Ok(see_other(&via.back))
}

/// `POST /applications/{id}/review/withdraw`: before the county forwards it.
pub async fn withdraw(ctx: Ctx, path: web::Path<i64>) -> AppResult {
    use crate::cases::withdraw::{self, Withdrawal};
    let account_id = ctx.require_account()?.id;
    let id = path.into_inner();
    let mut conn = ctx.state.conn().await?;
    let done = withdraw::review(&mut conn, account_id, id, ctx.state.clock.today()).await?;
    drop(conn);
    ctx.flash(match done {
        Withdrawal::Done { notify } => {
            if let Some(account) = notify {
                crate::web::notify::sent(&ctx.state, account);
            }
            "notice-review-withdrawn"
        }
        Withdrawal::TooLate => "notice-review-not-withdrawn",
    })?;
    Ok(see_other(&format!("/applications/{id}")))
}

/// What the case page says of the review: the conclusion and, while the window is open and no
/// review was requested, the last day to request one (the same as the personal lookup).
pub struct ReviewSummary {
    /// The conclusion in words.
    pub conclusion: String,
    /// The last day to request a review, while one may be requested.
    pub until: Option<String>,
    /// The review request's appointment, once scheduled.
    pub appointment: Option<String>,
    /// Whether the request may still be withdrawn.
    pub withdrawable: bool,
}

/// The review part of the case page for a matter in `matter` (None when no conclusion is known).
pub async fn summary(
    ctx: &Ctx,
    matter: &ItemRow,
    items: &[ItemSummary],
    handling_county: &str,
) -> Result<Option<ReviewSummary>, AppError> {
    let Some(state) = matter.status.matter() else {
        return Ok(None);
    };
    let review_item = ItemSummary::review_of(items);
    let known = matches!(
        state,
        ItemState::Published | ItemState::Notified { .. } | ItemState::FinalConclusion { .. }
    );
    if !known && review_item.is_none() {
        return Ok(None);
    }
    let calendar = ctx.state.calendar().await?;
    let policy = policy::for_province(handling_county).policy;
    let window = matter
        .state_since
        .and_then(|since| review::window_closes(policy, &calendar, state, since));
    let today = ctx.state.clock.today();
    let until = review::may_request(window, today, review_item.is_some(), "-")
        .ok()
        .and(window)
        .map(|w| window_text(ctx.lang, w));
    let appointment = match review_item {
        Some(r) => {
            let mut conn = ctx.state.conn().await?;
            reviews::find(&mut conn, r.id).await?.and_then(|r| {
                Some(format!(
                    "{} {}",
                    r.appointment_on?.format("%Y-%m-%d"),
                    r.appointment_place.unwrap_or_default()
                ))
            })
        }
        None => None,
    };
    Ok(Some(ReviewSummary {
        conclusion: conclusion_text(
            ctx.lang,
            matter.conclusion_category,
            matter.conclusion_grade,
        ),
        until,
        appointment,
        withdrawable: review_item
            .is_some_and(|i| i.status == ItemStatus::Review(ReviewState::Requested)),
    }))
}
