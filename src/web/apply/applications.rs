//! Submitted applications: the confirmation page (reference, what happens next, the first
//! deadline) and the list of the person's applications. Only the account that applied and the
//! person it is about can see one; anyone else gets 404.

use std::collections::BTreeMap;

use actix_web::web;
use askama::Template;

use super::progress::{Responsible, StepView, progress_of};
use crate::db::applications::{self, Application};
use crate::db::cases::{self, Event, ItemRow};
use crate::db::reference;
use crate::domain::Calendar;
use crate::domain::item::{ItemStatus, ItemSummary};
use crate::domain::matter::MatterKind;
use crate::domain::service_flow::ServiceState;
use crate::domain::workflow::ItemState;
use crate::i18n::Lang;
use crate::web::contacts::ContactCard;
use crate::web::ctx::{Ctx, Page};
use crate::web::error::{AppError, AppResult};
use crate::web::render::{html, html_status};

/// An application as listed.
pub struct ApplicationRow {
    /// Id.
    pub id: i64,
    /// Reference.
    pub reference: String,
    /// Whom it is for (a guardian of two children tells them apart).
    pub person: String,
    /// What it asks for.
    pub what: String,
    /// Submitted (local date).
    pub submitted: String,
    /// Status text.
    pub status: String,
}

/// What an application asks for, in words.
fn what(lang: Lang, app: &Application) -> String {
    let a = &app.answers;
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
pub fn row(lang: Lang, app: &Application, person: &str) -> ApplicationRow {
    ApplicationRow {
        id: app.id,
        reference: app.reference.clone(),
        person: person.to_owned(),
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
    /// What matters now: the state, or the day the assessment is booked for.
    heading: String,
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
    /// How to reach the handling office.
    handling_contact: Option<ContactCard>,
    /// How to reach the designated institution while the person is to be assessed there.
    institution_contact: Option<ContactCard>,
    /// The assessment appointment, while the person is to be assessed.
    appointment: Option<super::appointment::AppointmentView>,
}

/// Everything the case page shows, as loaded for the account viewing it.
struct CaseData {
    app: Application,
    /// Whether the viewer is the account that applied.
    own: bool,
    items: Vec<ItemSummary>,
    events: Vec<Event>,
    matter: Option<ItemRow>,
    /// Names of the handling and approving counties.
    names: BTreeMap<String, String>,
    /// Names of the offices in the history and the designated institution.
    office_names: BTreeMap<i64, String>,
    /// While returned, for the applicant: the materials (code, upload, file name).
    materials: Vec<cases::MaterialFile>,
    rated: BTreeMap<i64, String>,
    certificate: Option<(i64, bool)>,
    offers: Vec<super::services::Offer>,
    /// The name of the person it is for.
    person_name: String,
    /// The offices the applicant deals with (handling federation or township office, the
    /// designated institution).
    contacts: Vec<crate::db::offices::Office>,
}

impl CaseData {
    /// Application `id` as `account_id` may see it (404 otherwise), with its items, history
    /// and the names they refer to.
    async fn load(ctx: &Ctx, account_id: i64, id: i64) -> Result<Self, AppError> {
        let mut conn = ctx.state.conn().await?;
        let app = applications::find_visible(&mut conn, account_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let own = app.account_id == account_id;
        let person_name = crate::db::people::names(&mut conn, &[app.person_id])
            .await?
            .remove(&app.person_id)
            .unwrap_or_default();
        let names =
            reference::names(&mut conn, &[&app.handling_county, &app.approving_county]).await?;
        let items = cases::items_of(&mut conn, app.id).await?;
        let ids: Vec<i64> = items.iter().map(|i| i.id).collect();
        let events = cases::events(&mut conn, &ids).await?;
        let matter = match ItemSummary::matter_of(&items) {
            Some(m) => cases::find_item(&mut conn, m.id).await?.map(|(i, _)| i),
            None => None,
        };
        let mut office_ids: Vec<i64> = events.iter().filter_map(|e| e.office_id).collect();
        office_ids.extend(matter.as_ref().and_then(|m| m.institution_id));
        office_ids.sort_unstable();
        office_ids.dedup();
        let office_names = crate::db::offices::names(&mut conn, &office_ids).await?;
        let returned = matter
            .as_ref()
            .is_some_and(|m| m.status == ItemStatus::Matter(ItemState::ReturnedForCorrection));
        let materials = if returned && own {
            cases::materials_of(&mut conn, app.id).await?
        } else {
            vec![]
        };
        let rated = crate::db::ratings::of_items(&mut conn, &ids).await?;
        let certificate = match crate::db::certificates::of_application(&mut conn, app.id).await? {
            Some(c) => Some((
                c.id,
                crate::db::certificates::is_visible_to(&mut conn, account_id, c.id).await?,
            )),
            None => None,
        };
        let offers = if own {
            super::services::offers(&mut conn, ctx.lang, &app, &items, ctx.state.clock.today())
                .await?
        } else {
            vec![]
        };
        let contacts = crate::db::offices::of_case(
            &mut conn,
            &app.handling_county,
            matter.as_ref().and_then(|m| m.handling_township.as_deref()),
            matter.as_ref().and_then(|m| m.institution_id),
        )
        .await?;
        Ok(CaseData {
            app,
            own,
            items,
            events,
            matter,
            names,
            office_names,
            materials,
            rated,
            certificate,
            offers,
            person_name,
            contacts,
        })
    }

    /// A county's name (its code when unknown).
    fn county_name(&self, code: &str) -> String {
        self.names
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_owned())
    }

    /// The matter item while returned for correction.
    fn returned_item(&self) -> Option<i64> {
        self.matter
            .as_ref()
            .filter(|m| m.status == ItemStatus::Matter(ItemState::ReturnedForCorrection))
            .map(|m| m.id)
    }

    /// What the county asked to correct, and for the applicant the sections reopened (link,
    /// title).
    fn corrections(&self, lang: Lang) -> (Vec<String>, Vec<(String, String)>) {
        let Some(item) = self.returned_item() else {
            return (vec![], vec![]);
        };
        let asked = crate::cases::correct::requested(&self.events, item);
        let reopened = if self.own {
            crate::cases::correct::reopened(&self.events, item)
        } else {
            vec![]
        };
        let links = reopened
            .into_iter()
            .map(|s| {
                (
                    format!("/apply/{}/{s}", self.app.draft_id),
                    lang.t(&format!("apply-{s}-title")),
                )
            })
            .collect();
        (asked, links)
    }

    /// What the applicant should know now and the matter's milestones, with the offices
    /// responsible for them.
    fn progress(
        &self,
        lang: Lang,
        calendar: &Calendar,
        offices: &Offices,
        today: chrono::NaiveDate,
    ) -> (String, Vec<StepView>) {
        let Some(m) = &self.matter else {
            return (lang.t("now-services-only"), vec![]);
        };
        let institution = m
            .institution_id
            .and_then(|o| self.office_names.get(&o))
            .cloned()
            .unwrap_or_default();
        let roles = Responsible {
            office: &offices.handling,
            approving: offices.approving.as_deref().unwrap_or(&offices.handling),
            institution: &institution,
        };
        let matter_events: Vec<(chrono::DateTime<chrono::Utc>, String)> = self
            .events
            .iter()
            .filter(|e| e.item_id == m.id)
            .map(|e| (e.at, e.to_state.clone()))
            .collect();
        let a = &self.app.answers;
        progress_of(lang, a, m, &matter_events, &roles, calendar, today)
    }

    /// While a review is open, what happens now is the review's step (issue waits for it).
    fn review_now(
        &self,
        lang: Lang,
        calendar: &Calendar,
        review: Option<&super::review::ReviewSummary>,
    ) -> Option<String> {
        let review_item = ItemSummary::review_of(&self.items)?;
        let status = review_item.status.review().filter(|s| s.is_open())?;
        let appointment = review
            .and_then(|r| r.appointment.clone())
            .unwrap_or_default();
        let date = review_item
            .deadline
            .map(|d| crate::web::dates::deadline_text(lang, calendar, d))
            .unwrap_or_else(|| "none".to_owned());
        Some(lang.t_args(
            &format!("now-{}", status.code().replace('_', "-")),
            &[("date", date), ("appointment", appointment)],
        ))
    }

    /// How to reach the office handling the case (the township office where acceptance is
    /// delegated, else the county federation) and, while the person is to be assessed, the
    /// designated institution.
    fn contact_cards(&self, lang: Lang) -> (Option<ContactCard>, Option<ContactCard>) {
        use crate::domain::office::OfficeKind;
        let find = |kind: OfficeKind| self.contacts.iter().find(|o| o.kind == kind);
        let handling = find(OfficeKind::Township).or_else(|| find(OfficeKind::Federation));
        let assessing = self
            .matter
            .as_ref()
            .filter(|m| m.status == ItemStatus::Matter(ItemState::Accepted))
            .and_then(|m| m.institution_id)
            .and_then(|id| self.contacts.iter().find(|o| o.id == id));
        (
            handling.map(|o| ContactCard::of(lang, o)),
            assessing.map(|o| ContactCard::of(lang, o)),
        )
    }

    /// The old card, for matters that collect it (001 §六): what is recorded, in words.
    fn old_card(&self, lang: Lang) -> Option<String> {
        let app = &self.app;
        app.matter
            .as_deref()
            .and_then(|m| MatterKind::ALL.into_iter().find(|k| k.code() == m))
            .filter(|k| crate::domain::old_card::is_collected(*k))
            .map(|_| {
                crate::web::case_text::old_card_status(
                    lang,
                    app.old_card.as_deref(),
                    app.old_card_on,
                )
            })
    }
}

/// The offices a case page names: the handling county's federation and, across counties, the
/// approving one.
struct Offices {
    handling: String,
    approving: Option<String>,
}

impl Offices {
    fn of(lang: Lang, case: &CaseData) -> Self {
        let app = &case.app;
        let office =
            |county: &str| lang.t_args("apply-office", &[("county", case.county_name(county))]);
        Offices {
            handling: office(&app.handling_county),
            approving: (app.handling_county != app.approving_county)
                .then(|| office(&app.approving_county)),
        }
    }
}

/// `GET /applications/{id}`
pub async fn show(ctx: Ctx, path: web::Path<i64>) -> AppResult {
    render(
        ctx,
        path.into_inner(),
        None,
        actix_web::http::StatusCode::OK,
    )
    .await
}

/// The case page of application `id`, with a refused appointment move at its field.
pub async fn render(
    mut ctx: Ctx,
    id: i64,
    move_error: Option<String>,
    status: actix_web::http::StatusCode,
) -> AppResult {
    let account_id = ctx.require_account()?.id;
    let mut case = CaseData::load(&ctx, account_id, id).await?;
    let offers = std::mem::take(&mut case.offers);
    let calendar = ctx.state.calendar().await?;
    let lang = ctx.lang;
    let app = &case.app;
    let (corrections, reopened) = case.corrections(lang);
    // Before acceptance the person who applied may withdraw (DOMAIN “States”: withdrawn).
    let can_withdraw =
        case.own && ItemSummary::matter_of(&case.items).is_some_and(|m| m.status.is_withdrawable());
    let today = ctx.state.clock.today();
    let bundle = crate::web::bundle::clock(
        crate::domain::policy::for_province(&app.handling_county).policy,
        &calendar,
        &case.items,
        &case.events,
        today,
    )
    .map(|c| crate::web::bundle::text(lang, &c));
    let offices = Offices::of(lang, &case);
    let (now, steps) = case.progress(lang, &calendar, &offices, today);
    let review = match &case.matter {
        Some(m) => super::review::summary(&ctx, m, &case.items, &app.handling_county).await?,
        None => None,
    };
    let now = case
        .review_now(lang, &calendar, review.as_ref())
        .unwrap_or(now);
    let service_policy = crate::domain::policy::for_province(&app.approving_county).policy;
    let (handling_contact, institution_contact) = case.contact_cards(lang);
    let appointment = match case
        .matter
        .as_ref()
        .filter(|_| institution_contact.is_some())
    {
        Some(m) => {
            let mut conn = ctx.state.conn().await?;
            super::appointment::AppointmentView::load(&mut conn, lang, m.id, &calendar, today)
                .await?
                .map(|mut a| {
                    a.error = move_error;
                    a
                })
        }
        None => None,
    };
    let now = match &appointment {
        Some(a) => format!("{} {}", a.status, lang.t("appointment-bring")),
        None => now,
    };
    let mut page = ctx.page("application-title");
    page.has_errors = appointment.as_ref().is_some_and(|a| a.error.is_some());
    let heading = match appointment.as_ref().and_then(|a| a.booked.clone()) {
        Some(when) => lang.t_args("application-heading-booked", &[("date", when)]),
        None if app.status == ItemState::Submitted.code() => lang.t("application-heading"),
        None => lang.state(&app.status),
    };
    html_status(
        status,
        &ApplicationPage {
            heading,
            appointment,
            handling_contact,
            institution_contact,
            now,
            steps,
            office: offices.handling,
            approving_office: offices.approving,
            row: row(lang, app, &case.person_name),
            items: item_views(lang, &calendar, service_policy, &case, today),
            id: app.id,
            can_withdraw,
            corrections,
            reopened,
            review,
            offers,
            certificate: case.certificate,
            bundle,
            old_card: case.old_card(lang),
            fees: fees_text(lang, app),
            materials: case
                .materials
                .iter()
                .map(|m| {
                    let name = lang.t(&format!("material-{}", m.material.replace('_', "-")));
                    (m.material.clone(), name, m.file_name.clone())
                })
                .collect(),
            page,
        },
    )
}

/// Each item of a case as its applicant sees it: what it is, where it stands, its deadline, its
/// history (who did what, in which office) and whether it may be rated.
fn item_views(
    lang: Lang,
    calendar: &crate::domain::Calendar,
    service_policy: &crate::domain::policy::ProvincePolicy,
    case: &CaseData,
    today: chrono::NaiveDate,
) -> Vec<ItemView> {
    let (events, rated, office_names) = (&case.events, &case.rated, &case.office_names);
    let state_name = |code: &str| lang.state(code);
    case.items
        .iter()
        .map(
            |&ItemSummary {
                 id,
                 ref code,
                 status,
                 deadline,
             }| ItemView {
                starts: super::services::help_starts_text(
                    lang,
                    service_policy,
                    status,
                    code,
                    events
                        .iter()
                        .rev()
                        .find(|e| e.item_id == id && e.to_state == ServiceState::Approved.code())
                        .map_or(today, |e| crate::domain::working_days::local_date(e.at)),
                ),
                id,
                not_eligible: status == ItemStatus::Service(ServiceState::NotEligible),
                rated: rated.get(&id).map(|r| lang.t(&format!("rating-{r}"))),
                rate: crate::domain::rating::may_rate(status) && !rated.contains_key(&id),
                what: lang.item(status.kind(), code),
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
                            .and_then(|o| office_names.get(&o))
                            .map(|n| format!("，{n}"))
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
    let ids: Vec<i64> = apps.iter().map(|a| a.person_id).collect();
    let people = crate::db::people::names(&mut conn, &ids).await?;
    let drafts = crate::db::drafts::Draft::open_for(&mut conn, account.id).await?;
    drop(conn);
    let lang = ctx.lang;
    html(&ApplicationsPage {
        rows: apps
            .iter()
            .map(|a| row(lang, a, people.get(&a.person_id).map_or("", String::as_str)))
            .collect(),
        drafts: drafts
            .iter()
            .map(|d| super::tasks::draft_row(&ctx, d))
            .collect(),
        page: ctx.page("applications-title"),
    })
}
