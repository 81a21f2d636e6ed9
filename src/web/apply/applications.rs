//! Submitted applications: the confirmation page (reference, what happens next, the first
//! deadline) and the list of the person's applications. Only the account that applied and the
//! person it is about can see one; anyone else gets 404.

use actix_web::web;
use askama::Template;

use super::progress::{Responsible, StepView, progress_of};
use crate::db::applications::{self, Application};
use crate::db::reference;
use crate::domain::answers::Answers;
use crate::domain::item::{ItemStatus, ItemSummary};
use crate::domain::matter::MatterKind;
use crate::domain::service_flow::ServiceState;
use crate::domain::workflow::ItemState;
use crate::i18n::Lang;
use crate::web::ctx::{Ctx, Page};
use crate::web::error::{AppError, AppResult};
use crate::web::render::html;

/// An application as listed.
pub struct ApplicationRow {
    /// Id.
    pub id: i64,
    /// Reference.
    pub reference: String,
    /// What it asks for.
    pub what: String,
    /// Submitted (local date).
    pub submitted: String,
    /// Status text.
    pub status: String,
}

/// What an application asks for, in words.
fn what(lang: Lang, app: &Application) -> String {
    let a: Answers = serde_json::from_value(app.answers.clone()).unwrap_or_default();
    let mut parts = vec![];
    if let Some(k) = a.matter_kind() {
        parts.push(lang.t(&format!("matter-{}", k.code())));
    }
    for s in a.services() {
        parts.push(lang.t(&format!("linked-{}", s.code().replace('_', "-"))));
    }
    parts.join(lang.t("list-separator").as_str())
}

/// A row for lists.
pub fn row(lang: Lang, app: &Application) -> ApplicationRow {
    ApplicationRow {
        id: app.id,
        reference: app.reference.clone(),
        what: what(lang, app),
        submitted: app
            .submitted_at
            .with_timezone(&chrono_tz::Asia::Shanghai)
            .format("%Y-%m-%d")
            .to_string(),
        status: lang.state(&app.status),
    }
}

/// An item of the application with its place in the flow.
pub struct ItemView {
    /// Item id.
    pub id: i64,
    /// It is completed and not yet rated (好差评).
    pub rate: bool,
    /// How the person rated it, in words.
    pub rated: Option<String>,
    /// A service the rules found not eligible (the page says what would change the answer).
    pub not_eligible: bool,
    /// What it asks for.
    pub what: String,
    /// State in words.
    pub state: String,
    /// Deadline of the current step.
    pub deadline: String,
    /// History: (time, what, state, who: role and office, what was noted).
    pub events: Vec<(String, String, String, String, String)>,
    /// When the service's help starts, where a seed of the hukou province says (003 附件4 3,
    /// 附件5 4; 004 三(三)2).
    pub starts: Option<String>,
}

/// What the applicant may pay for this case (001 §四(一)3, §六; 000 §三(三); 004 附件2 九): the
/// residence province's charges that are not free, and cross-province postage only when the hukou
/// county is in another province.
fn fees_text(lang: Lang, app: &Application) -> String {
    use crate::domain::policy::{self, Charge, Fee};
    let policy = policy::for_province(&app.handling_county).policy;
    let across = !policy.holds_hukou(&app.approving_county);
    let parts: Vec<String> = Charge::ALL
        .into_iter()
        .filter(|c| match c {
            Charge::PostageAcrossProvinces => across,
            Charge::PostageInProvince => !across,
            _ => true,
        })
        .filter_map(|c| {
            let (fee, waiver) = policy.fee(c, &app.handling_county);
            let rule = match (fee, waiver) {
                (Fee::Free(_), _) | (_, Some(_)) => return None,
                (fee, None) => lang.t(&format!("fee-{}", fee.code())),
            };
            Some(format!(
                "{}：{rule}",
                lang.t(&format!("charge-{}", c.code()))
            ))
        })
        .collect();
    if parts.is_empty() {
        lang.t("fee-free")
    } else {
        parts.join("；")
    }
}

/// `templates/apply/application.html`.
#[derive(Template)]
#[template(path = "apply/application.html")]
pub struct ApplicationPage {
    page: Page,
    row: ApplicationRow,
    /// What the applicant may pay, under the residence province's rules.
    fees: String,
    /// What the applicant should know or do now.
    now: String,
    /// The matter's milestones.
    steps: Vec<StepView>,
    office: String,
    approving_office: Option<String>,
    items: Vec<ItemView>,
    id: i64,
    can_withdraw: bool,
    /// What the county asked to correct (empty unless returned).
    corrections: Vec<String>,
    /// Sections reopened for correction: (link, title).
    reopened: Vec<(String, String)>,
    /// The application's materials (code, name, file) while returned.
    materials: Vec<(String, String, String)>,
    /// The conclusion and the review request (复核), once a conclusion is known.
    review: Option<super::review::ReviewSummary>,
    /// Services the person may add now that the certificate is issued.
    offers: Vec<super::services::Offer>,
    /// The certificate the application issued (its page), and whether this account may open it
    /// (its holder verified, or a confirmed representative).
    certificate: Option<(i64, bool)>,
    /// The old card, for matters that collect it (001 §六): what is recorded, in words.
    old_card: Option<String>,
    /// The bundle's overall limit where the province sets one (004 附件2 八), and whether the
    /// case broke it.
    bundle: Option<(String, bool)>,
}

/// `GET /applications/{id}`
pub async fn show(mut ctx: Ctx, path: web::Path<i64>) -> AppResult {
    let account = ctx.require_account()?.clone();
    let mut conn = ctx.state.conn().await?;
    let app = applications::find_visible(&mut conn, account.id, path.into_inner())
        .await?
        .ok_or(AppError::NotFound)?;
    let names = reference::names(&mut conn, &[&app.handling_county, &app.approving_county]).await?;
    let items = crate::db::cases::items_of(&mut conn, app.id).await?;
    let ids: Vec<i64> = items.iter().map(|i| i.id).collect();
    let events = crate::db::cases::events(&mut conn, &ids).await?;
    let mut office_ids: Vec<i64> = events.iter().filter_map(|e| e.office_id).collect();
    let matter = match ItemSummary::matter_of(&items) {
        Some(m) => crate::db::cases::find_item(&mut conn, m.id)
            .await?
            .map(|(i, _)| i),
        None => None,
    };
    office_ids.extend(matter.as_ref().and_then(|m| m.institution_id));
    office_ids.sort_unstable();
    office_ids.dedup();
    let office_names = crate::db::offices::names(&mut conn, &office_ids).await?;
    let calendar = ctx.state.calendar().await?;
    let returned_item = items
        .iter()
        .find(|i| i.status == ItemStatus::Matter(ItemState::ReturnedForCorrection))
        .map(|i| i.id);
    let materials = match returned_item {
        Some(_) if app.account_id == account.id => {
            crate::db::cases::materials_of(&mut conn, app.id).await?
        }
        _ => vec![],
    };
    let rated = crate::db::ratings::of_items(&mut conn, &ids).await?;
    let certificate = match crate::db::certificates::of_application(&mut conn, app.id).await? {
        Some(c) => Some((
            c.id,
            crate::db::certificates::is_visible_to(&mut conn, account.id, c.id).await?,
        )),
        None => None,
    };
    let offers = if app.account_id == account.id {
        super::services::offers(&mut conn, ctx.lang, &app, &items).await?
    } else {
        vec![]
    };
    drop(conn);
    let corrections = returned_item
        .map(|item| super::correction::requested(&events, item))
        .unwrap_or_default();
    let reopened: Vec<(String, String)> = returned_item
        .filter(|_| app.account_id == account.id)
        .map(|item| super::correction::reopened(&events, item))
        .unwrap_or_default()
        .into_iter()
        .map(|s| {
            (
                format!("/apply/{}/{s}", app.draft_id),
                ctx.lang.t(&format!("apply-{s}-title")),
            )
        })
        .collect();
    let name_of = |code: &str| {
        names
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| code.to_owned())
    };
    let lang = ctx.lang;
    let a: Answers = serde_json::from_value(app.answers.clone()).unwrap_or_default();
    // Before acceptance the person who applied may withdraw (DOMAIN “States”: withdrawn).
    let can_withdraw = app.account_id == account.id
        && ItemSummary::matter_of(&items).is_some_and(|m| m.status.is_withdrawable());
    let matter_events: Vec<(chrono::DateTime<chrono::Utc>, String)> = events
        .iter()
        .filter(|e| matter.as_ref().is_some_and(|m| m.id == e.item_id))
        .map(|e| (e.at, e.to_state.clone()))
        .collect();
    let raw_items = items.clone();
    let bundle = crate::web::bundle::clock(
        crate::domain::policy::for_province(&app.handling_county).policy,
        &calendar,
        &raw_items,
        &events,
        crate::domain::working_days::local_date(chrono::Utc::now()),
    )
    .map(|c| crate::web::bundle::text(lang, &c));
    let service_policy = crate::domain::policy::for_province(&app.approving_county).policy;
    let items = item_views(
        lang,
        &calendar,
        service_policy,
        items,
        &events,
        &rated,
        &office_names,
    );
    let office = lang.t_args("apply-office", &[("county", name_of(&app.handling_county))]);
    let approving_office = (app.handling_county != app.approving_county).then(|| {
        lang.t_args(
            "apply-office",
            &[("county", name_of(&app.approving_county))],
        )
    });
    let institution = matter
        .as_ref()
        .and_then(|m| m.institution_id)
        .and_then(|o| office_names.iter().find(|(id, _)| *id == o))
        .map(|(_, n)| n.clone())
        .unwrap_or_default();
    let (mut now, steps) = match &matter {
        Some(m) => {
            let roles = Responsible {
                office: &office,
                approving: approving_office.as_deref().unwrap_or(&office),
                institution: &institution,
            };
            progress_of(lang, &a, m, &matter_events, &roles, &calendar)
        }
        None => (lang.t("now-services-only"), vec![]),
    };
    let review = match &matter {
        Some(m) => super::review::summary(&ctx, m, &raw_items, &app.handling_county).await?,
        None => None,
    };
    // While a review is open, what happens now is the review's step (issue waits for it).
    if let Some(review_item) = ItemSummary::review_of(&raw_items)
        && let Some(status) = review_item.status.review().filter(|s| s.is_open())
    {
        let deadline = review_item.deadline;
        let appointment = review
            .as_ref()
            .and_then(|r| r.appointment.clone())
            .unwrap_or_default();
        let date = deadline
            .map(|d| crate::web::dates::deadline_text(lang, &calendar, d))
            .unwrap_or_else(|| "none".to_owned());
        now = lang.t_args(
            &format!("now-{}", status.code().replace('_', "-")),
            &[("date", date), ("appointment", appointment)],
        );
    }
    html(&ApplicationPage {
        now,
        steps,
        office,
        approving_office,
        row: row(lang, &app),
        items,
        id: app.id,
        can_withdraw,
        corrections,
        reopened,
        review,
        offers,
        certificate,
        bundle,
        old_card: app
            .matter
            .as_deref()
            .and_then(|m| MatterKind::ALL.into_iter().find(|k| k.code() == m))
            .filter(|k| crate::domain::old_card::is_collected(*k))
            .map(|_| {
                crate::web::case_text::old_card_status(
                    lang,
                    app.old_card.as_deref(),
                    app.old_card_on,
                )
            }),
        fees: fees_text(lang, &app),
        materials: materials
            .into_iter()
            .map(|(code, _, file)| {
                let name = lang.t(&format!("material-{}", code.replace('_', "-")));
                (code, name, file)
            })
            .collect(),
        page: ctx.page("application-title"),
    })
}

/// Each item of a case as its applicant sees it: what it is, where it stands, its deadline, its
/// history (who did what, in which office) and whether it may be rated.
fn item_views(
    lang: Lang,
    calendar: &crate::domain::Calendar,
    service_policy: &crate::domain::policy::ProvincePolicy,
    items: Vec<ItemSummary>,
    events: &[crate::db::cases::Event],
    rated: &[(i64, String)],
    office_names: &[(i64, String)],
) -> Vec<ItemView> {
    let today = crate::domain::working_days::local_date(chrono::Utc::now());
    let state_name = |code: &str| lang.state(code);
    items
        .into_iter()
        .map(
            |ItemSummary {
                 id,
                 code,
                 status,
                 deadline,
             }| ItemView {
                starts: super::services::help_starts_text(
                    lang,
                    service_policy,
                    status,
                    &code,
                    events
                        .iter()
                        .rev()
                        .find(|e| e.item_id == id && e.to_state == ServiceState::Approved.code())
                        .map_or(today, |e| crate::domain::working_days::local_date(e.at)),
                ),
                id,
                not_eligible: status == ItemStatus::Service(ServiceState::NotEligible),
                rated: rated
                    .iter()
                    .find(|(item, _)| *item == id)
                    .map(|(_, r)| lang.t(&format!("rating-{r}"))),
                rate: crate::domain::rating::may_rate(status)
                    && !rated.iter().any(|(item, _)| *item == id),
                what: lang.item(status.kind(), &code),
                state: state_name(status.code()),
                deadline: deadline
                    .map(|d| crate::web::dates::deadline_text(lang, calendar, d))
                    .unwrap_or_default(),
                events: events
                    .iter()
                    .filter(|e| e.item_id == id)
                    .map(|e| {
                        let role = lang.t(&format!("role-{}", e.actor_role.replace('_', "-")));
                        let office = e
                            .office_id
                            .and_then(|o| office_names.iter().find(|(id, _)| *id == o))
                            .map(|(_, n)| format!("，{n}"))
                            .unwrap_or_default();
                        (
                            e.at.with_timezone(&chrono_tz::Asia::Shanghai)
                                .format("%Y-%m-%d %H:%M")
                                .to_string(),
                            lang.t(&format!("command-{}", e.command.replace('_', "-"))),
                            state_name(&e.to_state),
                            format!("{role}{office}"),
                            crate::web::notes::lines(lang, &e.note).join("；"),
                        )
                    })
                    .collect(),
            },
        )
        .collect()
}

/// `POST /applications/{id}/withdraw`: the account that applied withdraws before acceptance.
pub async fn withdraw(ctx: Ctx, path: web::Path<i64>) -> AppResult {
    use crate::cases::withdraw::{self, Withdrawal};
    let account_id = ctx.require_account()?.id;
    let id = path.into_inner();
    let mut conn = ctx.state.conn().await?;
    let done = withdraw::application(&mut conn, account_id, id).await?;
    drop(conn);
    ctx.flash(match done {
        Withdrawal::Done { .. } => "notice-application-withdrawn",
        Withdrawal::TooLate => "notice-application-not-withdrawn",
    })?;
    Ok(crate::web::render::see_other(&format!(
        "/applications/{id}"
    )))
}

/// `templates/apply/applications.html`.
#[derive(Template)]
#[template(path = "apply/applications.html")]
pub struct ApplicationsPage {
    page: Page,
    rows: Vec<ApplicationRow>,
    drafts: Vec<super::tasks::DraftRow>,
}

/// `GET /applications`: drafts to continue and submitted applications.
pub async fn list(mut ctx: Ctx) -> AppResult {
    let account = ctx.require_account()?.clone();
    let mut conn = ctx.state.conn().await?;
    let apps = applications::list_visible(&mut conn, account.id).await?;
    let drafts = crate::db::drafts::Draft::open_for(&mut conn, account.id).await?;
    drop(conn);
    let lang = ctx.lang;
    html(&ApplicationsPage {
        rows: apps.iter().map(|a| row(lang, a)).collect(),
        drafts: drafts
            .iter()
            .map(|d| super::tasks::draft_row(&ctx, d))
            .collect(),
        page: ctx.page("applications-title"),
    })
}
