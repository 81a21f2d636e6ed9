//! `GET /staff/items/{id}`: one item for the staff member whose jurisdiction it is in — the
//! person, what they asked for, the materials, the history, and the actions the workflow allows
//! now; `POST` gives a command (checked by `domain::workflow::decide`, stored only if nobody
//! changed the item meanwhile). Outside the jurisdiction: 404. Every view is audited.

use actix_multipart::Multipart;
use actix_web::{http::StatusCode, web};
use askama::Template;

use super::Staff;
use super::case_file::{self, FileSection};
use super::decide::{Refusal, Stage, request_of, stage_of};
use crate::cases::act::{self, Acted, When};
use crate::db::audit;
use crate::db::cases::{self, CaseApplication, ItemRow};
use crate::db::offices;
use crate::db::reviews;
use crate::domain::IdNumber;
use crate::domain::Role;
use crate::domain::item::{ItemKind, ItemSummary};
use crate::domain::matter::MatterKind;
use crate::domain::old_card::{self, OldCard};
use crate::domain::policy;
use crate::domain::review::ReviewState;
use crate::domain::section::Section;
use crate::domain::service_flow::ServiceState;
use crate::domain::workflow::{ItemState, MatterFlow, WorkflowError};
use crate::domain::{Calendar, CertificateStatus};
use crate::domain::{Category, Grade, LinkedService};
use crate::i18n::Lang;
use crate::web::case_text::{conclusion_text, old_card_status};
use crate::web::ctx::{Ctx, Page};
use crate::web::error::{AppError, AppResult};
use crate::web::form::{Fields, FormErrors};
use crate::web::notify;
use crate::web::render::{html_status, see_other};
use crate::web::upload;
use diesel_async::AsyncPgConnection;

/// An event as shown.
pub struct EventRow {
    at: String,
    who: String,
    what: String,
    state: String,
    note: String,
}

/// `templates/staff/item.html`.
#[derive(Template)]
#[template(path = "staff/item.html")]
pub struct ItemPage {
    page: Page,
    /// The refusal, for the error summary.
    errors: FormErrors,
    id: i64,
    version: i32,
    reference: String,
    what: String,
    person: String,
    /// How the application came in, in words.
    channel: String,
    id_number: String,
    state: String,
    deadline: String,
    /// The deadline has passed (flagged as in the work queue).
    overdue: bool,
    materials: Vec<cases::MaterialFile>,
    events: Vec<EventRow>,
    commands: Vec<&'static str>,
    institutions: Vec<(i64, String)>,
    /// Sections the clerk may reopen (code, title) when returning.
    reopenable: Vec<(&'static str, String)>,
    /// The single categories and the grades (code, name) for the doctor's form.
    categories: Vec<(u8, String)>,
    grades: Vec<(u8, String)>,
    /// The committees of the city a review may be forwarded to.
    committees: Vec<(i64, String)>,
    /// A review request: what was asked and how far it got.
    review: Option<ReviewView>,
    /// For the matter: a review is open, so issue waits.
    review_open: bool,
    /// A clerk may file a review request for the person at the window: the application id.
    counter_review: Option<i64>,
    /// The linked service's code, for a service item (its grant form differs).
    service: String,
    /// The certificate the matter issued: (number, card state in words), and whether the card's
    /// dispatch may be recorded now.
    certificate: Option<(String, String)>,
    card_form: bool,
    /// The card form's start: the applicant's choice, the address, and the ways offered.
    card: CardChoice,
    /// An un-migrated hukou move may be recorded for the current certificate.
    hukou_form: bool,
    /// The old card (001 §六), for matters that collect it.
    old_card: Option<OldCardView>,
    /// The bundle's overall limit where the province sets one (004 附件2 八), and whether the
    /// case broke it.
    bundle: Option<(String, bool)>,
    /// The applicant's attendance for assessment (doctor and clerk, while at the institution).
    attendance: Option<AttendanceView>,
    /// The application as this office reads it.
    file: Vec<FileSection>,
    /// The assessment appointment while the person is to be assessed, in words.
    appointment: Option<String>,
    error: Option<PageError>,
}

/// A refusal shown in the error summary and at the field (or the form) it is about, with what
/// was submitted shown again.
pub struct PageError {
    /// The form: a command's code, or `card`, `hukou`, `attended`, `old_card`.
    pub form: String,
    /// The id the summary links to: the field's, or the form heading's (`action-{form}`) when
    /// the refusal is about the form as a whole.
    pub anchor: String,
    /// The message.
    pub message: String,
    /// What was submitted.
    pub kept: Fields,
    /// A file already stored with the refused form (the doctor's signed scan): id and name.
    pub kept_upload: Option<(i64, String)>,
}

impl PageError {
    /// The refusal as the error summary lists it.
    fn summary(&self) -> FormErrors {
        let mut errors = FormErrors::default();
        errors.add(self.anchor.clone(), self.message.clone());
        errors
    }

    /// A refusal of `form`, at `field` (or the form as a whole).
    pub fn new(form: &str, field: Option<String>, message: String, kept: Fields) -> Self {
        PageError {
            anchor: field.unwrap_or_else(|| format!("action-{form}")),
            form: form.to_owned(),
            message,
            kept,
            kept_upload: None,
        }
    }

    /// The refusal of `form` at the first field that held a control character (`refused`, from
    /// [`crate::web::form::FieldForm::into_parts`]), with what was submitted kept.
    pub fn control_characters(form: &str, refused: &FormErrors, kept: &Fields) -> Option<Self> {
        let first = refused.all().first()?;
        Some(Self::new(
            form,
            Some(first.field.clone()),
            first.message.clone(),
            kept.clone(),
        ))
    }
}

impl ItemPage {
    /// The message of the refusal at field `id`, if that is where it is.
    pub fn err(&self, id: &str) -> Option<&str> {
        self.error
            .as_ref()
            .filter(|e| e.anchor == id)
            .map(|e| e.message.as_str())
    }

    /// What was submitted in `name` with the refused `form` ("" otherwise).
    pub fn kept(&self, form: &str, name: &str) -> String {
        self.error
            .as_ref()
            .filter(|e| e.form == form)
            .map(|e| e.kept.get(name))
            .unwrap_or_default()
    }

    /// Whether `value` was among the answers to `name` in the refused `form`.
    pub fn kept_has(&self, form: &str, name: &str, value: &str) -> bool {
        self.error
            .as_ref()
            .filter(|e| e.form == form)
            .is_some_and(|e| e.kept.all(name).iter().any(|v| v == value))
    }

    /// The refusal of the grades chosen (it links to the first category's list).
    pub fn grades_error(&self) -> Option<&str> {
        self.error
            .as_ref()
            .filter(|e| e.anchor.starts_with("grade-"))
            .map(|e| e.message.as_str())
    }

    /// Whether the card form's way `code` is chosen: as submitted before a refusal, else the
    /// applicant's choice.
    pub fn card_checked(&self, code: &str) -> bool {
        match &self.error {
            Some(_) => self.kept_has("card", "method", code),
            None => self.card.chosen == code,
        }
    }

    /// The id of the card form's way `code` (the first is the fieldset's, for the summary).
    pub fn card_field(&self, first: bool, code: &str) -> String {
        if first {
            "method".to_owned()
        } else {
            format!("method-{code}")
        }
    }

    /// The signed scan stored with the refused `form`, if any.
    pub fn kept_upload(&self, form: &str) -> Option<&(i64, String)> {
        self.error
            .as_ref()
            .filter(|e| e.form == form)
            .and_then(|e| e.kept_upload.as_ref())
    }
}

/// How the applicant asked to receive the card (000 §三(三); 004 附件1 十(一)1), for the
/// clerk's dispatch form.
pub struct CardChoice {
    /// The way chosen (its code), preselected.
    pub chosen: String,
    /// The way chosen, in words.
    pub label: String,
    /// Where to post it (post only).
    pub address: String,
    /// The ways the province offers (code, label).
    pub ways: Vec<(&'static str, String)>,
}

impl CardChoice {
    /// The choice in `answers`, with the ways the residence province offers.
    fn of(lang: Lang, a: &crate::domain::answers::Answers) -> Self {
        let label = |code: &str| lang.t(&format!("staff-card-{code}"));
        CardChoice {
            chosen: a.delivery.clone(),
            label: if a.delivery.is_empty() {
                String::new()
            } else {
                lang.t(&format!("apply-delivery-{}", a.delivery))
            },
            address: if a.delivery == "post" {
                format!("{} {}", a.post_address, a.postcode)
                    .trim()
                    .to_owned()
            } else {
                String::new()
            },
            ways: a
                .card_deliveries()
                .iter()
                .map(|d| (d.code(), label(d.code())))
                .collect(),
        }
    }
}

/// The day the applicant came for assessment, while the matter is at the institution.
pub struct AttendanceView {
    /// The recorded day, if any.
    pub recorded: String,
    /// What the field shows (typed before a refusal, else the recorded day).
    pub value: String,
    /// The refusal of the last try.
    pub error: Option<String>,
}

/// The old card of a matter that collects it (001 §六: 旧证由经常居住地县级残联收回).
pub struct OldCardView {
    /// What is recorded, in words (awaited, handed in on …, declared lost on …).
    pub status: String,
    /// The recorded choice's code (the form preselects it).
    pub recorded: String,
    /// The clerk may record it (the residence county's clerks).
    pub form: bool,
    /// The choices (code, label).
    pub choices: Vec<(&'static str, String)>,
    /// The refusal of the last try, shown at the field.
    pub error: Option<String>,
}

impl OldCardView {
    /// The view for `app`'s matter `kind`, when the old card is collected for it.
    fn of(
        lang: Lang,
        role: Role,
        kind: &str,
        app: &CaseApplication,
        error: Option<&PageError>,
    ) -> Option<OldCardView> {
        let kind = MatterKind::ALL.into_iter().find(|k| k.code() == kind)?;
        if !old_card::is_collected(kind) {
            return None;
        }
        let recorded = app.old_card.clone().unwrap_or_default();
        Some(OldCardView {
            status: old_card_status(lang, app.old_card.as_deref(), app.old_card_on),
            recorded,
            form: role == Role::CountyClerk,
            choices: OldCard::ALL
                .into_iter()
                .map(|c| {
                    let code = c.code();
                    (
                        code,
                        lang.t(&format!("old-card-{}", code.replace('_', "-"))),
                    )
                })
                .collect(),
            error: error
                .filter(|e| e.anchor == "old_card")
                .map(|e| e.message.clone()),
        })
    }
}

/// A review request as the county clerk and the committee see it.
pub struct ReviewView {
    filed_on: String,
    window_closes: String,
    reasons: String,
    /// The disputed (first) conclusion.
    first_conclusion: String,
    /// Day and place of the reassessment, once scheduled.
    appointment: String,
}

/// The commands the role may give (the form offers only these); while a review is open the
/// matter's issue and close wait (000 §三(二)).
fn commands(
    role: Role,
    stage: Stage,
    cross_region: bool,
    flow: MatterFlow,
    review_open: bool,
) -> Vec<&'static str> {
    use ItemState as S;
    use ReviewState as R;
    let state = match stage {
        Stage::Service(
            LinkedService::EmploymentTraining | LinkedService::EmploymentReferral,
            ServiceState::AtDepartment,
        ) if role == Role::DepartmentOfficer => {
            return vec!["record_contact", "approve", "refuse"];
        }
        Stage::Service(_, ServiceState::AtDepartment) if role == Role::DepartmentOfficer => {
            return vec!["approve", "refuse"];
        }
        Stage::Service(..) => return vec![],
        Stage::Review(state) => {
            return match (role, state) {
                (Role::CountyClerk, R::Requested) => vec!["forward_to_committee"],
                (Role::ExpertCommittee, R::WithCommittee) => vec!["schedule_reassessment"],
                (Role::ExpertCommittee, R::Scheduled) => {
                    vec!["record_final_conclusion", "schedule_reassessment"]
                }
                _ => vec![],
            };
        }
        Stage::Matter(S::Published | S::Notified { .. }) if review_open => return vec![],
        Stage::Matter(state) => state,
    };
    match (role, state) {
        (Role::CountyClerk, S::Submitted) => [
            (flow.may_assess(), "accept"),
            (flow.may_complete(), "complete"),
            (true, "return_for_correction"),
            (true, "reject"),
        ]
        .into_iter()
        .filter_map(|(ok, c)| ok.then_some(c))
        .collect(),
        (Role::Doctor, S::Accepted) => vec!["record_conclusion"],
        (Role::HukouClerk, S::AwaitingHukouApproval) => {
            vec!["approve_and_issue", "return_outside_jurisdiction"]
        }
        (Role::CountyClerk, S::Assessed { .. }) => vec!["publish_or_notify"],
        (Role::CountyClerk, S::Published | S::Notified { meets: true }) if cross_region => {
            vec!["pass_to_hukou_county"]
        }
        (Role::CountyClerk, S::Published | S::Notified { meets: true }) => vec!["issue"],
        (Role::CountyClerk, S::Notified { meets: false } | S::FinalConclusion { meets: false }) => {
            vec!["close"]
        }
        (Role::CountyClerk, S::FinalConclusion { meets: true }) if cross_region => {
            vec!["pass_to_hukou_county"]
        }
        (Role::CountyClerk, S::FinalConclusion { meets: true }) => vec!["issue"],
        (Role::CountyClerk, S::ReturnedByHukouCounty) => vec!["pass_to_hukou_county", "reject"],
        (Role::CountyClerk, S::Accepted) => vec!["mark_abandoned"],
        (Role::CountyClerk, S::Issued) => vec!["confirm_delivery"],
        _ => vec![],
    }
}

/// The item and its application, if in the staff member's jurisdiction (else 404).
pub(super) async fn load(
    ctx: &Ctx,
    staff: &Staff,
    id: i64,
) -> Result<(ItemRow, CaseApplication), AppError> {
    let mut conn = ctx.state.conn().await?;
    let found = cases::find_item(&mut conn, id)
        .await?
        .filter(|(item, _)| staff.may_see(item))
        .ok_or(AppError::NotFound)?;
    Ok(found)
}

pub(super) async fn render(
    ctx: &mut Ctx,
    staff: &Staff,
    item: &ItemRow,
    app: &CaseApplication,
    error: Option<PageError>,
    status: StatusCode,
) -> AppResult {
    render_with(ctx, staff, item, app, error, status, false).await
}

/// The case page, with the bank card in full when `bank_card` (after the audited step).
pub(super) async fn render_with(
    ctx: &mut Ctx,
    staff: &Staff,
    item: &ItemRow,
    app: &CaseApplication,
    error: Option<PageError>,
    status: StatusCode,
    bank_card: bool,
) -> AppResult {
    let lang = ctx.lang;
    let stage = stage_of(item)?;
    let flow = app.answers.flow();
    let mut conn = ctx.state.conn().await?;
    audit::entry(
        &mut conn,
        staff.account.id,
        Some(staff.office.id),
        Some(item.application_id),
        &format!("view item {}", item.id),
    )
    .await?;
    let materials = cases::materials_of(&mut conn, item.application_id).await?;
    let calendar = ctx.state.calendar().await?;
    let bundle = bundle_line(&mut conn, lang, &calendar, item, ctx.state.clock.today()).await?;
    let events = cases::events(&mut conn, &[item.id]).await?;
    let review = match stage {
        Stage::Review(_) => review_view(&mut conn, lang, item).await?,
        _ => None,
    };
    let review_open = match stage {
        Stage::Matter(ItemState::Published | ItemState::Notified { .. }) => {
            ItemSummary::review_is_open(&cases::items_of(&mut conn, item.application_id).await?)
        }
        _ => false,
    };
    let issued = matches!(
        stage,
        Stage::Matter(ItemState::Issued | ItemState::CardDelivered)
    );
    let certificate = if issued {
        crate::db::certificates::of_application(&mut conn, item.application_id).await?
    } else {
        None
    };
    let (committees, institutions) = office_choices(&mut conn, staff, stage, flow).await?;
    let today = ctx.state.clock.today();
    let appointment = if matches!(stage, Stage::Matter(ItemState::Accepted)) {
        crate::db::appointments::of_item(&mut conn, item.id)
            .await?
            .map(|b| crate::web::apply::appointment::status_text(lang, &b))
    } else {
        None
    };
    let file = match case_file::view_of(staff, item, &app.answers) {
        Some(view) => {
            let mut sources = case_file::sources(&mut conn, ctx, &view, app, today).await?;
            sources.bank_card_in_full = bank_card;
            case_file::build(lang, &view, app, &sources)
        }
        None => vec![],
    };
    drop(conn);
    let (hukou_form, card_form) = certificate_forms(staff.role, stage, certificate.as_ref());
    let cross = item.handling_county != item.approving_county;
    let events = event_rows(lang, events);
    let mut page = ctx.page("staff-item-title");
    page.has_errors = error.is_some();
    html_status(
        status,
        &ItemPage {
            id: item.id,
            version: item.version,
            reference: app.reference.clone(),
            what: lang.item(item.kind(), &item.code),
            person: app.person_name.clone(),
            channel: lang.t(&format!("channel-{}", app.channel)),
            id_number: IdNumber::parse(&app.person_id_number)
                .map(|i| i.masked())
                .unwrap_or_default(),
            state: lang.state(item.status.code()),
            deadline: item
                .deadline
                .map(|d| crate::web::dates::deadline_text(lang, &calendar, d))
                .unwrap_or_default(),
            overdue: item.deadline.is_some_and(|d| d < today),
            file,
            appointment,
            materials,
            events,
            commands: commands(staff.role, stage, cross, flow, review_open),
            committees,
            review,
            review_open,
            counter_review: (staff.role == Role::CountyClerk
                && !review_open
                && matches!(
                    stage,
                    Stage::Matter(ItemState::Published | ItemState::Notified { .. })
                ))
            .then_some(item.application_id),
            hukou_form,
            card_form,
            card: CardChoice::of(lang, &app.answers),
            certificate: certificate.map(|c| certificate_line(lang, &c)),
            service: if item.kind() == ItemKind::Service {
                item.code.clone()
            } else {
                String::new()
            },
            institutions,
            reopenable: reopenable(lang),
            categories: category_choices(lang),
            grades: grade_choices(lang),
            bundle,
            attendance: (matches!(stage, Stage::Matter(ItemState::Accepted))
                && matches!(staff.role, Role::Doctor | Role::CountyClerk))
            .then(|| AttendanceView::of(item, error.as_ref())),
            old_card: (item.kind() == ItemKind::Matter)
                .then(|| OldCardView::of(lang, staff.role, &item.code, app, error.as_ref()))
                .flatten(),
            errors: error.as_ref().map(PageError::summary).unwrap_or_default(),
            error,
            page,
        },
    )
}

/// The history of an item, each event in words.
/// The certificate forms a clerk may use (hukou change while the certificate is valid and
/// current; card delivery once issued and not yet delivered).
fn certificate_forms(
    role: Role,
    stage: Stage,
    certificate: Option<&crate::db::certificates::Certificate>,
) -> (bool, bool) {
    if !matches!(role, Role::CountyClerk | Role::HukouClerk) {
        return (false, false);
    }
    let Some(c) = certificate else {
        return (false, false);
    };
    (
        c.superseded_by.is_none() && c.status == CertificateStatus::Valid,
        c.card_delivered_on.is_none() && matches!(stage, Stage::Matter(ItemState::Issued)),
    )
}

/// The bundle's overall limit where the handling province sets one (004 附件2 八): every item's
/// history counts.
async fn bundle_line(
    conn: &mut AsyncPgConnection,
    lang: Lang,
    calendar: &Calendar,
    item: &ItemRow,
    today: chrono::NaiveDate,
) -> Result<Option<(String, bool)>, AppError> {
    let policy = policy::for_province(&item.handling_county).policy;
    if policy.bundle_limit.is_none() {
        return Ok(None);
    }
    let all = cases::items_of(conn, item.application_id).await?;
    let ids: Vec<i64> = all.iter().map(|i| i.id).collect();
    let events = cases::events(conn, &ids).await?;
    Ok(
        crate::web::bundle::clock(policy, calendar, &all, &events, today)
            .map(|c| crate::web::bundle::text(lang, &c)),
    )
}

/// The offices the page's forms may name, each (id, name): the city's review committees for a
/// clerk forwarding a review request, the county's designated institutions for a clerk
/// accepting a case that may need assessment.
async fn office_choices(
    conn: &mut AsyncPgConnection,
    staff: &Staff,
    stage: Stage,
    flow: MatterFlow,
) -> Result<(Vec<(i64, String)>, Vec<(i64, String)>), AppError> {
    let clerk = staff.role == Role::CountyClerk;
    let pairs =
        |offices: Vec<offices::Office>| offices.into_iter().map(|o| (o.id, o.name)).collect();
    let committees = if clerk && matches!(stage, Stage::Review(ReviewState::Requested)) {
        pairs(offices::committees_of(conn, &staff.county()).await?)
    } else {
        vec![]
    };
    let accepting = matches!(stage, Stage::Matter(ItemState::Submitted)) && flow.may_assess();
    let institutions = if clerk && accepting {
        pairs(offices::institutions_in(conn, &staff.county()).await?)
    } else {
        vec![]
    };
    Ok((committees, institutions))
}

fn event_rows(lang: Lang, events: Vec<crate::db::cases::Event>) -> Vec<EventRow> {
    events
        .into_iter()
        .map(|e| EventRow {
            at: e
                .at
                .with_timezone(&chrono_tz::Asia::Shanghai)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            who: lang.t(&format!("role-{}", e.actor_role.replace('_', "-"))),
            what: lang.t(&format!("command-{}", e.command.replace('_', "-"))),
            state: lang.state(&e.to_state),
            note: crate::web::notes::lines(lang, &e.note).join(" "),
        })
        .collect()
}

/// The certificate issued, as the case page shows it: its number masked (as the person's ID
/// number is on this page) and where the card is.
fn certificate_line(lang: Lang, c: &crate::db::certificates::Certificate) -> (String, String) {
    let day = |d: chrono::NaiveDate| d.to_string();
    let card = match (c.card_delivered_on, c.card_sent_on) {
        (Some(d), _) => lang.t_args("certificate-card-delivered", &[("date", day(d))]),
        (None, Some(d)) => lang.t_args(
            "staff-card-sent-on",
            &[
                ("date", day(d)),
                ("tracking", c.card_tracking.clone().unwrap_or_default()),
            ],
        ),
        (None, None) => c
            .card_due
            .map(|due| lang.t_args("staff-card-due", &[("date", day(due))]))
            .unwrap_or_default(),
    };
    let number = crate::domain::CertificateNumber::parse(&c.number)
        .map(|n| n.masked())
        .unwrap_or_default();
    (number, card)
}

/// The categories a conclusion may record (a 多重 card is made of them), in words.
/// The sections a clerk may reopen for correction: (code, title).
fn reopenable(lang: Lang) -> Vec<(&'static str, String)> {
    Section::REOPENABLE
        .iter()
        .map(|s| (s.code(), lang.t(&format!("apply-{}-title", s.code()))))
        .collect()
}

fn category_choices(lang: Lang) -> Vec<(u8, String)> {
    Category::ALL
        .into_iter()
        .filter(|c| *c != Category::Multiple)
        .map(|c| (c.code(), lang.category(c)))
        .collect()
}

/// The grades, in words.
fn grade_choices(lang: Lang) -> Vec<(u8, String)> {
    Grade::ALL
        .into_iter()
        .map(|g| (g.code(), lang.grade(g)))
        .collect()
}

impl AttendanceView {
    /// The attendance form: the day recorded, or what was typed when it was refused.
    fn of(item: &ItemRow, error: Option<&PageError>) -> AttendanceView {
        let recorded = item.attended_on.map(|d| d.to_string()).unwrap_or_default();
        let refused = error.filter(|e| e.anchor == "attended_on");
        AttendanceView {
            value: refused.map_or_else(|| recorded.clone(), |e| e.kept.get("attended_on")),
            error: refused.map(|e| e.message.clone()),
            recorded,
        }
    }
}

/// The review request of a review item with the conclusion it disputes.
async fn review_view(
    conn: &mut diesel_async::AsyncPgConnection,
    lang: Lang,
    item: &ItemRow,
) -> Result<Option<ReviewView>, AppError> {
    let Some(r) = reviews::find(conn, item.id).await? else {
        return Ok(None);
    };
    let first = cases::find_item(conn, r.matter_item_id).await?;
    let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    Ok(Some(ReviewView {
        filed_on: day(r.filed_on),
        window_closes: r
            .window_closes
            .map(day)
            .unwrap_or_else(|| lang.t("review-until-decided")),
        reasons: r.reasons,
        first_conclusion: first
            .map(|(m, _)| conclusion_text(lang, m.conclusion_category, m.conclusion_grade))
            .unwrap_or_default(),
        appointment: r
            .appointment_on
            .map(|d| format!("{} {}", day(d), r.appointment_place.unwrap_or_default()))
            .unwrap_or_default(),
    }))
}

/// `GET /staff/items/{id}`
pub async fn show(mut ctx: Ctx, id: web::Path<i64>) -> AppResult {
    let staff = Staff::load(&ctx).await?;
    let (item, app) = load(&ctx, &staff, id.into_inner()).await?;
    render(&mut ctx, &staff, &item, &app, None, StatusCode::OK).await
}

/// `GET /staff/items/{id}/files/{upload}`: a material of the item's application.
pub async fn file(ctx: Ctx, path: web::Path<(i64, i64)>) -> AppResult {
    let staff = Staff::load(&ctx).await?;
    let (id, upload_id) = path.into_inner();
    let (item, _) = load(&ctx, &staff, id).await?;
    let mut conn = ctx.state.conn().await?;
    let upload = cases::material_upload(&mut conn, item.application_id, upload_id)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::entry(
        &mut conn,
        staff.account.id,
        Some(staff.office.id),
        Some(item.application_id),
        &format!("view material {upload_id}"),
    )
    .await?;
    drop(conn);
    crate::web::upload::serve(&ctx, &upload).await
}

/// How an action ended.
enum Outcome {
    /// Stored.
    Done,
    /// Refused: the field it is about (none for the form as a whole), the message and the
    /// status of the page shown again.
    Refused(Option<String>, String, StatusCode),
}

/// `POST /staff/items/{id}`
pub async fn act(
    ctx: Ctx,
    id: web::Path<i64>,
    form: crate::web::form::FieldForm<Vec<(String, String)>>,
) -> AppResult {
    let staff = Staff::load(&ctx).await?;
    let (item, app) = load(&ctx, &staff, id.into_inner()).await?;
    let (fields, refused) = form.into_parts(ctx.lang);
    let fields = Fields::from(fields);
    // A control character in a field: refused there (the text kept without it), nothing done.
    let outcome = match refused.all().first() {
        Some(e) => Outcome::Refused(
            Some(e.field.clone()),
            e.message.clone(),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        None => try_act(&ctx, &staff, &item, &app, &fields, None).await?,
    };
    finish(ctx, &staff, item.id, outcome, fields, None).await
}

/// `POST /staff/items/{id}/conclusion` (multipart): the designated doctor records the conclusion
/// with the signed 评定表 scan.
pub async fn conclude(ctx: Ctx, id: web::Path<i64>, payload: Multipart) -> AppResult {
    let staff = Staff::load(&ctx).await?;
    let (item, app) = load(&ctx, &staff, id.into_inner()).await?;
    if !matches!(staff.role, Role::Doctor | Role::ExpertCommittee) {
        return Err(AppError::NotFound);
    }
    let form = upload::read_form(payload, "form_scan").await?;
    let fields = Fields::from(form.fields.clone().into_iter().collect::<Vec<_>>());
    let scan_refused = |e| {
        Outcome::Refused(
            Some("form_scan".to_owned()),
            ctx.lang.t(upload::error_key(e)),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
    };
    // A scan sent with an earlier, refused try is kept (the doctor's own upload only).
    let earlier = match fields.get("form_scan_upload").parse::<i64>() {
        Ok(id) => {
            let mut conn = ctx.state.conn().await?;
            crate::db::uploads::Upload::find_owned(&mut conn, id, staff.account.id)
                .await?
                .map(|u| (u.id, u.original_name))
        }
        Err(_) => None,
    };
    let (outcome, scan) = match form.file {
        Some(Ok((name, bytes))) => match upload::store(&ctx, staff.account.id, &name, bytes).await?
        {
            Ok(scan) => (
                try_act(&ctx, &staff, &item, &app, &fields, Some(scan)).await?,
                Some((scan, name)),
            ),
            Err(e) => (scan_refused(e), earlier),
        },
        Some(Err(e)) => (scan_refused(e), earlier),
        None => (
            try_act(
                &ctx,
                &staff,
                &item,
                &app,
                &fields,
                earlier.as_ref().map(|e| e.0),
            )
            .await?,
            earlier,
        ),
    };
    finish(ctx, &staff, item.id, outcome, fields, scan).await
}

/// After an action: back to the item, or the item as it is now with the refusal at its field
/// and everything submitted (and a scan already stored) kept.
async fn finish(
    mut ctx: Ctx,
    staff: &Staff,
    id: i64,
    outcome: Outcome,
    fields: Fields,
    scan: Option<(i64, String)>,
) -> AppResult {
    match outcome {
        Outcome::Done => {
            ctx.flash("notice-case-moved")?;
            Ok(see_other(&format!("/staff/items/{id}")))
        }
        Outcome::Refused(field, msg, status) => {
            // Show the item as it is now (it may have changed meanwhile).
            let (item, app) = load(&ctx, staff, id).await?;
            let mut error = PageError::new(&fields.get("command"), field, msg, fields);
            error.kept_upload = scan;
            render(&mut ctx, staff, &item, &app, Some(error), status).await
        }
    }
}

/// Reads the form as a request, acts through `cases::act`, and says how it ended.
async fn try_act(
    ctx: &Ctx,
    staff: &Staff,
    item: &ItemRow,
    app: &CaseApplication,
    fields: &Fields,
    scan: Option<i64>,
) -> Result<Outcome, AppError> {
    let lang = ctx.lang;
    let seen_version: i32 = fields
        .get("version")
        .parse()
        .map_err(|_| AppError::BadRequest)?;
    let request = match request_of(lang, item, fields, scan)? {
        Ok(r) => r,
        Err(r) => return Ok(refusal(lang, r)),
    };
    let calendar = ctx.state.calendar().await?;
    let when = When::for_item(
        item,
        &calendar,
        ctx.state.clock.today(),
        ctx.state.settings.publication_days,
    );
    let mut conn = ctx.state.conn().await?;
    let acted = act::act(
        &mut conn,
        &staff.acting(),
        item,
        app,
        seen_version,
        request,
        &when,
    )
    .await?;
    Ok(match acted {
        Acted::Done { notify } => {
            notify::sent(&ctx.state, notify);
            Outcome::Done
        }
        Acted::Conflict => Outcome::Refused(None, lang.t("staff-conflict"), StatusCode::CONFLICT),
        Acted::Refused(r) => refusal(lang, r),
        Acted::NotPossible(e) => Outcome::Refused(
            None,
            not_possible(lang, e),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    })
}

/// A refusal at a field (or of the form) as the page shows it.
fn refusal(lang: Lang, r: Refusal) -> Outcome {
    Outcome::Refused(r.field, lang.t(r.key), StatusCode::UNPROCESSABLE_ENTITY)
}

/// Why the workflow does not allow a step now, in words.
fn not_possible(lang: Lang, e: WorkflowError) -> String {
    let date = |d: chrono::NaiveDate| vec![("date", d.format("%Y-%m-%d").to_string())];
    match e {
        WorkflowError::WindowOpen(d) => lang.t_args("staff-window-open", &date(d)),
        WorkflowError::NoShowLimitNotReached(d) => lang.t_args("staff-no-show-not-yet", &date(d)),
        WorkflowError::NoMissedAppointment => lang.t("staff-no-missed-appointment"),
        WorkflowError::ReasonRequired => lang.t("staff-reason-required"),
        WorkflowError::ReviewOpen => lang.t("staff-review-open"),
        WorkflowError::DateInPast => lang.t("staff-date-in-past"),
        _ => lang.t("staff-not-possible"),
    }
}
