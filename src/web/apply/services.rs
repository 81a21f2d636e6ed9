//! After the certificate is issued (003 二(二)): the linked services the person did not choose but
//! is likely eligible for, offered on the case page with one click that reuses the application's
//! answers — nothing is asked again. `POST /applications/{id}/services` adds one; it goes straight
//! to its department with the department's time limit.

use actix_web::web;

use crate::db::applications::{self, Application};
use crate::db::cases;
use crate::db::certificates::{self, disability_of};
use crate::db::inbox::MessageKind;
use crate::db::outbox::{Notice, To};
use crate::domain::eligibility::{self, Eligibility};
use crate::domain::item::{ItemKind, ItemStatus, ItemSummary};
use crate::domain::service_flow::{self, ServiceState};
use crate::domain::{CertificateNumber, CertificateStatus, LinkedService, policy};
use crate::i18n::Lang;
use crate::web::ctx::Ctx;
use crate::web::error::{AppError, AppResult};
use crate::web::form::Fields;
use crate::web::render::see_other;

/// A service offered after issuance.
pub struct Offer {
    /// Service code.
    pub code: &'static str,
    /// Its name.
    pub name: String,
    /// What the rules say it brings.
    pub notes: Vec<String>,
}

/// The services of `app` the person may add now: bundled by the province, not asked for, and
/// found eligible on the answers and the valid certificate the application issued. The subsidies
/// need a bank card, which the form collects only when they are chosen.
pub async fn offers(
    conn: &mut diesel_async::AsyncPgConnection,
    lang: Lang,
    app: &Application,
    items: &[ItemSummary],
    today: chrono::NaiveDate,
) -> Result<Vec<Offer>, AppError> {
    let Some(cert) = certificates::of_application(conn, app.id)
        .await?
        .filter(|c| c.status == CertificateStatus::Valid && c.superseded_by.is_none())
    else {
        return Ok(vec![]);
    };
    let (Some(disability), Ok(number)) = (
        disability_of(&cert.components),
        CertificateNumber::parse(&cert.number),
    ) else {
        return Ok(vec![]);
    };
    let answers = &app.answers;
    let person = answers.person(number.id_number());
    let benefits = answers.benefits();
    let certificate = eligibility::Certificate {
        generation: 2,
        status: CertificateStatus::Valid,
        grade: disability.grade(),
    };
    // Linked services are judged by the rules of the hukou province (003 附件3–5, 004 六7–10).
    let policy = policy::for_province(&app.approving_county).policy;
    Ok(LinkedService::ALL
        .into_iter()
        .filter(|s| policy.bundles(*s))
        .filter(|s| {
            !items
                .iter()
                .any(|i| i.kind() == ItemKind::Service && i.code == s.code())
        })
        .filter(|s| {
            !matches!(
                s,
                LinkedService::LivingSubsidy | LinkedService::NursingSubsidy
            ) || !answers.bank_card.trim().is_empty()
        })
        .filter_map(|s| {
            match eligibility::for_service(s, &person, Some(&certificate), &benefits, policy, today)
            {
                Eligibility::Eligible(notes) => Some(Offer {
                    code: s.code(),
                    name: lang.item(ItemKind::Service, s.code()),
                    notes: notes.iter().map(|r| lang.reason(r)).collect(),
                }),
                _ => None,
            }
        })
        .collect())
}

/// `POST /applications/{id}/services` (`service`): adds an offered service.
pub async fn add(
    ctx: Ctx,
    path: web::Path<i64>,
    form: crate::web::form::Form<Vec<(String, String)>>,
) -> AppResult {
    let account = ctx.require_account()?.clone();
    let code = Fields::from(form.into_inner()).get("service");
    let mut conn = ctx.state.conn().await?;
    let app = applications::find_visible(&mut conn, account.id, path.into_inner())
        .await?
        .filter(|a| a.account_id == account.id)
        .ok_or(AppError::NotFound)?;
    let items = cases::items_of(&mut conn, app.id).await?;
    let offered = offers(&mut conn, ctx.lang, &app, &items, ctx.state.clock.today()).await?;
    let Some(service) = offered
        .iter()
        .find(|o| o.code == code)
        .and_then(|o| LinkedService::from_code(o.code))
    else {
        drop(conn);
        ctx.flash("notice-service-not-offered")?;
        return Ok(see_other(&format!("/applications/{}", app.id)));
    };
    let today = ctx.state.clock.today();
    let calendar = ctx.state.calendar().await?;
    // The hukou county's departments under the hukou province's rules (003 附件3–5, 004 六7–10).
    let policy = policy::for_province(&app.approving_county).policy;
    let added = cases::add_service(
        &mut conn,
        &cases::NewService {
            application_id: app.id,
            code: service.code(),
            status: ServiceState::AtDepartment,
            handling_county: &app.approving_county,
            approving_county: &app.approving_county,
            since: today,
            deadline: service_flow::deadline(policy, &calendar, service, today).map(|d| d.date),
            account_id: account.id,
        },
        &Notice {
            to: To::Case(app.id),
            kind: MessageKind::CaseUpdated,
            params: serde_json::json!({
                "reference": app.reference,
                "state": ServiceState::AtDepartment.code()
            }),
            lang: Lang::from_tag(&app.lang).unwrap_or_default().tag(),
        },
    )
    .await?;
    drop(conn);
    crate::web::notify::sent(&ctx.state, app.account_id);
    ctx.flash(if added {
        "notice-service-added"
    } else {
        "notice-service-not-offered"
    })?;
    Ok(see_other(&format!("/applications/{}", app.id)))
}

/// When a linked service's help starts, in words (003 附件4 3, 附件5 4; 004 三(三)2), for a
/// service at its department or granted (`on`: the day it was granted, or today while pending).
pub fn help_starts_text(
    lang: Lang,
    policy: &crate::domain::policy::ProvincePolicy,
    status: ItemStatus,
    code: &str,
    on: chrono::NaiveDate,
) -> Option<String> {
    use crate::domain::service_timing::{HelpStarts, help_starts};
    if !matches!(
        status.service(),
        Some(ServiceState::Waiting | ServiceState::AtDepartment | ServiceState::Approved)
    ) {
        return None;
    }
    let timing = help_starts(policy, LinkedService::from_code(code)?, on)?;
    let source = crate::web::sources::sources_text(lang, timing.seed);
    Some(match timing.starts {
        HelpStarts::PensionPaidBy(by) => lang.t_args(
            "starts-pension-by",
            &[("date", by.to_string()), ("source", source)],
        ),
        HelpStarts::PensionPaidBeforeDecember(by) => lang.t_args(
            "starts-pension-before-december",
            &[("date", by.to_string()), ("source", source)],
        ),
        HelpStarts::MedicalSubsidyFrom {
            year,
            enrollment_from,
            enrollment_to,
        } => lang.t_args(
            "starts-medical-from",
            &[
                ("year", year.to_string()),
                ("from", enrollment_from.to_string()),
                ("to", enrollment_to.to_string()),
                ("source", source),
            ],
        ),
    })
}
