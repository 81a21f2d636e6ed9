//! The case file on a staff case page: the application as the person submitted it, part by
//! part in the order the office works, each office seeing what `domain::case_file` gives its
//! role. `POST /staff/items/{id}/bank-card` shows the bank card number in full, audited.

use std::collections::BTreeMap;

use actix_web::{http::StatusCode, web};
use chrono::NaiveDate;
use diesel_async::AsyncPgConnection;

use super::Staff;
use crate::db::audit;
use crate::db::cases::{CaseApplication, ItemRow};
use crate::db::reference::ReferenceData;
use crate::domain::answers::Answers;
use crate::domain::case_file::{self, Need, Part, View};
use crate::domain::certificate::{Category, CertificateNumber, Grade};
use crate::domain::contact::{BankCardNumber, MobileNumber};
use crate::domain::id_number::{IdNumber, Sex};
use crate::domain::item::ItemKind;
use crate::domain::matter::LinkedService;
use crate::i18n::Lang;
use crate::web::ctx::Ctx;
use crate::web::error::{AppError, AppResult};

/// One answer.
pub struct FileRow {
    /// The question, briefly.
    pub key: String,
    /// The answer.
    pub value: String,
}

/// One part of the case file.
pub struct FileSection {
    /// Anchor (`file-<part>`).
    pub id: &'static str,
    /// Heading.
    pub title: String,
    /// What changes the office's work (a home visit, an interpreter …), shown first.
    pub alerts: Vec<String>,
    /// The answers.
    pub rows: Vec<FileRow>,
    /// The bank card is shown masked and may be shown in full (audited).
    pub reveal: bool,
}

/// What the case file is built from besides the application.
pub struct Sources<'a> {
    /// Code lists (ethnic groups, relationships …).
    pub reference: &'a ReferenceData,
    /// Division names of the addresses.
    pub places: BTreeMap<String, String>,
    /// The grade the services build on, from the certificate issued or held.
    pub grade: Option<(Category, Grade)>,
    /// The name of the account that applied, when not the person.
    pub applied_by: Option<String>,
    /// Today (the person's age).
    pub today: NaiveDate,
    /// The bank card is shown in full (after the audited step).
    pub bank_card_in_full: bool,
}

/// What `staff` sees of the case file of `item`, if the role has one.
pub fn view_of(staff: &Staff, item: &ItemRow, a: &Answers) -> Option<View> {
    let service = (item.kind() == ItemKind::Service)
        .then(|| LinkedService::from_code(&item.code))
        .flatten();
    let home_visit = Need::of(&a.needs).contains(&Need::HomeVisit);
    case_file::view_for(staff.role, home_visit, service)
}

/// Loads what the file needs beyond the application (one read of division names; the account
/// that applied when it is not the person's own; the certificate's grade for a department).
pub async fn sources<'a>(
    conn: &mut AsyncPgConnection,
    ctx: &'a Ctx,
    view: &View,
    app: &CaseApplication,
    today: NaiveDate,
) -> Result<Sources<'a>, AppError> {
    let a = &app.answers;
    let mut codes: Vec<&str> = a.hukou.iter().map(String::as_str).collect();
    if view.residence {
        codes.extend(a.residence.iter().map(String::as_str));
    }
    codes.retain(|c| !c.is_empty());
    let places = crate::db::reference::names(conn, &codes).await?;
    let applied_by = if view.parts.contains(&Part::Applicant) && !a.applies_for_themself() {
        crate::db::accounts::Account::find(conn, app.account_id)
            .await?
            .map(|acc| acc.real_name)
    } else {
        None
    };
    let grade = if view.parts.contains(&Part::Grade) {
        let issued = crate::db::certificates::current_of(conn, app.person_id).await?;
        issued
            .and_then(|c| CertificateNumber::parse(&c.number).ok())
            .or_else(|| CertificateNumber::parse(&a.cert_number).ok())
            .map(|n| (n.category(), n.grade()))
    } else {
        None
    };
    Ok(Sources {
        reference: &ctx.state.reference,
        places,
        grade,
        applied_by,
        today,
        bank_card_in_full: false,
    })
}

/// The case file's parts as `view` shows them.
pub fn build(lang: Lang, view: &View, app: &CaseApplication, s: &Sources<'_>) -> Vec<FileSection> {
    let a = &app.answers;
    view.parts
        .iter()
        .filter_map(|part| {
            let (id, title, rows, alerts) = match part {
                Part::Person => (
                    "file-person",
                    "staff-file-person",
                    person(lang, view, app, s),
                    vec![],
                ),
                Part::Applicant => (
                    "file-applicant",
                    "staff-file-applicant",
                    applicant(lang, a, s),
                    vec![],
                ),
                Part::Matter => ("file-matter", "staff-file-matter", matter(lang, a), vec![]),
                Part::Needs => {
                    let needs = Need::of(&a.needs);
                    let alerts = needs
                        .iter()
                        .map(|n| lang.t(&format!("staff-file-need-{}", n.code().replace('_', "-"))))
                        .collect();
                    let value = if needs.is_empty() {
                        lang.t("apply-needs-none")
                    } else {
                        join(
                            lang,
                            needs.iter().map(|n| {
                                lang.t(&format!("apply-need-{}", n.code().replace('_', "-")))
                            }),
                        )
                    };
                    (
                        "file-needs",
                        "staff-file-needs",
                        vec![row(lang, "apply-needs-title", value)],
                        alerts,
                    )
                }
                Part::Grade => {
                    let value = s
                        .grade
                        .map(|(c, g)| format!("{} {}", lang.category(c), lang.grade(g)))?;
                    (
                        "file-grade",
                        "staff-file-grade",
                        vec![row(lang, "staff-file-grade", value)],
                        vec![],
                    )
                }
                Part::Contact => (
                    "file-contact",
                    "apply-contact-title",
                    contact(lang, a, s),
                    vec![],
                ),
                Part::Services => (
                    "file-services",
                    "apply-services-title",
                    services(lang, a),
                    vec![],
                ),
                Part::Benefits => (
                    "file-benefits",
                    "staff-file-benefits",
                    benefits(lang, a),
                    vec![],
                ),
                Part::BankCard => ("file-bank", "apply-bank-heading", bank(lang, a, s), vec![]),
                Part::Delivery => (
                    "file-delivery",
                    "apply-delivery-title",
                    delivery(lang, a),
                    vec![],
                ),
            };
            (!rows.is_empty() || !alerts.is_empty()).then(|| FileSection {
                id,
                title: lang.t(title),
                reveal: *part == Part::BankCard && !s.bank_card_in_full && !a.bank_card.is_empty(),
                alerts,
                rows,
            })
        })
        .collect()
}

fn row(lang: Lang, key: &str, value: String) -> FileRow {
    FileRow {
        key: lang.t(key),
        value,
    }
}

fn join(lang: Lang, parts: impl Iterator<Item = String>) -> String {
    parts.collect::<Vec<_>>().join(&lang.t("list-separator"))
}

/// The name of `code` in a code list.
fn named(list: &[(String, String)], code: &str) -> String {
    list.iter()
        .find(|(c, _)| c == code)
        .map(|(_, n)| n.clone())
        .unwrap_or_default()
}

/// An address: the division names, then the detail.
fn address(codes: &[String; 4], detail: &str, places: &BTreeMap<String, String>) -> String {
    let mut out: String = codes
        .iter()
        .filter_map(|c| places.get(c))
        .cloned()
        .collect::<Vec<_>>()
        .concat();
    out.push_str(detail);
    out
}

/// Leaves out rows whose answer is empty.
fn given(rows: Vec<FileRow>) -> Vec<FileRow> {
    rows.into_iter().filter(|r| !r.value.is_empty()).collect()
}

fn person(lang: Lang, view: &View, app: &CaseApplication, s: &Sources<'_>) -> Vec<FileRow> {
    let a = &app.answers;
    let id = IdNumber::parse(&app.person_id_number).ok();
    let phone = if view.phone {
        a.phone.clone()
    } else {
        MobileNumber::parse(&a.phone)
            .map(|m| m.masked())
            .unwrap_or_default()
    };
    let mut rows = vec![
        row(lang, "staff-file-name", app.person_name.clone()),
        row(
            lang,
            "staff-file-id",
            id.as_ref().map(IdNumber::masked).unwrap_or_default(),
        ),
        row(
            lang,
            "staff-file-sex",
            id.as_ref()
                .map(|i| {
                    lang.t(match i.sex() {
                        Sex::Male => "staff-file-male",
                        Sex::Female => "staff-file-female",
                    })
                })
                .unwrap_or_default(),
        ),
        row(
            lang,
            "staff-file-age",
            id.as_ref()
                .map(|i| lang.t_args("staff-file-years", &[("n", i.age_on(s.today).to_string())]))
                .unwrap_or_default(),
        ),
        row(
            lang,
            "apply-ethnicity",
            named(&s.reference.ethnic_groups, &a.ethnicity),
        ),
        row(
            lang,
            "apply-marital",
            named(&s.reference.marital_statuses, &a.marital),
        ),
        row(
            lang,
            "apply-education",
            named(&s.reference.education_levels, &a.education),
        ),
        row(lang, "apply-phone", phone),
        row(
            lang,
            "apply-hukou-heading",
            address(&a.hukou, &a.hukou_detail, &s.places),
        ),
    ];
    if view.residence {
        let residence = if a.same_residence == "yes" || a.residence.iter().all(String::is_empty) {
            lang.t("staff-file-same-residence")
        } else {
            address(&a.residence, &a.residence_detail, &s.places)
        };
        rows.push(row(lang, "apply-residence-heading", residence));
        rows.push(row(lang, "apply-email", a.email.clone()));
    }
    given(rows)
}

fn applicant(lang: Lang, a: &Answers, s: &Sources<'_>) -> Vec<FileRow> {
    let capacity = lang.t(&format!("apply-who-{}", a.applying_as));
    let mut rows = vec![row(lang, "staff-file-applied-as", capacity)];
    if let Some(name) = &s.applied_by {
        rows.push(row(lang, "staff-file-applied-by", name.clone()));
    }
    given(rows)
}

fn categories(lang: Lang, codes: &[String]) -> String {
    join(
        lang,
        codes
            .iter()
            .filter_map(|c| c.parse::<u8>().ok())
            .filter_map(Category::from_code)
            .map(|c| lang.category(c)),
    )
}

fn matter(lang: Lang, a: &Answers) -> Vec<FileRow> {
    let mut rows = vec![];
    if !a.held.is_empty() {
        rows.push(row(
            lang,
            "apply-held-legend",
            lang.t(&format!("apply-held-{}", a.held)),
        ));
    }
    let number = CertificateNumber::parse(&a.cert_number)
        .map(|n| n.masked())
        .unwrap_or_default();
    rows.push(row(lang, "apply-cert-number", number));
    rows.push(row(lang, "apply-cert-issued", a.cert_issued.clone()));
    let kind = a
        .matter_kind()
        .map(|k| lang.t(&format!("matter-{}", k.code())))
        .unwrap_or_else(|| lang.t("apply-matter-none"));
    rows.push(row(lang, "apply-matter-legend", kind));
    match a.matter.as_str() {
        "new" | "change" => rows.push(row(
            lang,
            "apply-categories-legend",
            categories(lang, &a.categories),
        )),
        "renewal" if !a.renewal_kind.is_empty() => rows.push(row(
            lang,
            "apply-renewal-kind-legend",
            lang.t(&format!("apply-renewal-{}", a.renewal_kind)),
        )),
        "migration" => {
            rows.push(row(lang, "apply-old-hukou", a.old_hukou.clone()));
            rows.push(row(lang, "apply-moved-on", a.moved_on.clone()));
        }
        "cancellation" => {
            if !a.cancel_scope.is_empty() {
                rows.push(row(
                    lang,
                    "apply-cancel-scope-legend",
                    lang.t(&format!("apply-cancel-scope-{}", a.cancel_scope)),
                ));
            }
            if a.cancel_scope == "some" {
                rows.push(row(
                    lang,
                    "apply-cancel-categories-legend",
                    categories(lang, &a.cancel_categories),
                ));
            }
            if !a.cancel_reason.is_empty() {
                rows.push(row(
                    lang,
                    "apply-cancel-reason-legend",
                    lang.t(&format!("apply-cancel-reason-{}", a.cancel_reason)),
                ));
            }
            rows.push(row(lang, "apply-cancel-other", a.cancel_other.clone()));
        }
        _ => {}
    }
    given(rows)
}

fn contact(lang: Lang, a: &Answers, s: &Sources<'_>) -> Vec<FileRow> {
    given(vec![
        row(lang, "apply-contact-name", a.contact_name.clone()),
        row(lang, "apply-phone", a.contact_phone.clone()),
        row(
            lang,
            "staff-file-relationship",
            named(&s.reference.relationships, &a.contact_relationship),
        ),
    ])
}

fn services(lang: Lang, a: &Answers) -> Vec<FileRow> {
    let chosen = a.services();
    if chosen.is_empty() {
        return vec![];
    }
    let mut rows = vec![row(
        lang,
        "apply-services-legend",
        join(
            lang,
            chosen
                .iter()
                .map(|s| lang.t(&format!("linked-{}", s.code().replace('_', "-")))),
        ),
    )];
    for (code, answer) in &a.facts {
        let yes_no = match answer.as_str() {
            "yes" => lang.t("answer-yes"),
            "no" => lang.t("answer-no"),
            _ => continue,
        };
        rows.push(row(lang, &format!("apply-fact-{code}"), yes_no));
    }
    if !a.work_ability.is_empty() {
        rows.push(row(
            lang,
            "apply-work-ability-legend",
            lang.t(&format!("apply-work-ability-{}", a.work_ability)),
        ));
    }
    rows.push(row(lang, "apply-work-wishes", a.work_wishes.clone()));
    rows.push(row(lang, "apply-skills", a.skills.clone()));
    given(rows)
}

fn benefits(lang: Lang, a: &Answers) -> Vec<FileRow> {
    if a.benefits.is_empty() {
        return vec![];
    }
    let value = if a.benefits.iter().all(|b| b == "none") {
        lang.t("apply-benefits-none")
    } else {
        join(
            lang,
            a.benefits
                .iter()
                .filter(|b| *b != "none")
                .map(|b| lang.t(&format!("benefit-{}", b.replace('_', "-")))),
        )
    };
    vec![row(lang, "apply-benefits-legend", value)]
}

fn bank(lang: Lang, a: &Answers, s: &Sources<'_>) -> Vec<FileRow> {
    let card = if s.bank_card_in_full {
        a.bank_card.clone()
    } else {
        BankCardNumber::parse(&a.bank_card)
            .map(|c| c.masked())
            .unwrap_or_default()
    };
    given(vec![
        row(lang, "apply-bank-holder", a.bank_holder.clone()),
        row(lang, "apply-bank-name", a.bank_name.clone()),
        row(lang, "apply-bank-card", card),
    ])
}

fn delivery(lang: Lang, a: &Answers) -> Vec<FileRow> {
    if a.delivery.is_empty() {
        return vec![];
    }
    let mut rows = vec![row(
        lang,
        "apply-delivery-legend",
        lang.t(&format!("apply-delivery-{}", a.delivery)),
    )];
    if a.delivery == "post" {
        rows.push(row(lang, "apply-post-address", a.post_address.clone()));
        rows.push(row(lang, "apply-postcode", a.postcode.clone()));
    }
    given(rows)
}

/// `POST /staff/items/{id}/bank-card`: the bank card number in full, for the offices that pay
/// to it (the view is audited like every view, and the reveal on its own).
pub async fn reveal(mut ctx: Ctx, id: web::Path<i64>) -> AppResult {
    let staff = Staff::load(&ctx).await?;
    let (item, app) = super::item::load(&ctx, &staff, id.into_inner()).await?;
    let shows_card =
        view_of(&staff, &item, &app.answers).is_some_and(|v| v.parts.contains(&Part::BankCard));
    if !shows_card {
        return Err(AppError::NotFound);
    }
    {
        let mut conn = ctx.state.conn().await?;
        audit::entry(
            &mut conn,
            staff.account.id,
            Some(staff.office.id),
            Some(item.application_id),
            &format!("reveal bank card of item {}", item.id),
        )
        .await?;
    }
    super::item::render_with(&mut ctx, &staff, &item, &app, None, StatusCode::OK, true).await
}
