//! The certificate a step issues (000 §三(六): issuing the e-certificate completes the matter):
//! from the matter, the conclusion recorded on the item and the certificate held before
//! (`domain::issuance`), with the holder's photo from the materials and the card's due date
//! (000 §三(三)). Stored with the step in one transaction (`db::certificates::CertificateChange`).

use chrono::NaiveDate;
use diesel_async::AsyncPgConnection;

use super::CaseError;
use crate::db::cases::{self, CaseApplication, Follower, ItemRow};
use crate::db::certificates::{self, CertificateChange, NewCertificate, disability_of};
use crate::domain::answers::parse_date;
use crate::domain::certificate::Disability;
use crate::domain::eligibility;
use crate::domain::issuance::{self, IssueError, Previous};
use crate::domain::item::ItemStatus;
use crate::domain::materials::Material;
use crate::domain::policy::{ProvincePolicy, Step};
use crate::domain::service_flow::{self, ServiceState};
use crate::domain::working_days::Calendar;
use crate::domain::{CertificateNumber, IdNumber};

/// Components as stored (`[{"category": 4, "grade": 2}, …]`).
pub fn components_json(d: &Disability) -> serde_json::Value {
    serde_json::Value::Array(
        d.components()
            .iter()
            .map(|c| serde_json::json!({ "category": c.category.code(), "grade": c.grade.code() }))
            .collect(),
    )
}

/// What issuing does: the certificate change, and the disability of the certificate issued (for
/// the linked services' eligibility).
pub struct Issuing {
    /// Stored with the step.
    pub change: CertificateChange,
    /// The disability the new certificate records.
    pub disability: Option<Disability>,
}

/// What issuing the matter of `item` does to the person's certificates on `today`; `Err` when
/// it cannot be done with what is known (no conclusion, no certificate held).
#[allow(clippy::too_many_arguments)]
pub async fn change(
    conn: &mut AsyncPgConnection,
    office_id: i64,
    item: &ItemRow,
    app: &CaseApplication,
    policy: &ProvincePolicy,
    calendar: &Calendar,
    today: NaiveDate,
) -> Result<Result<Issuing, IssueError>, CaseError> {
    let answers = &app.answers;
    let id = IdNumber::parse(&app.person_id_number).map_err(|_| CaseError::NotFound)?;
    let Some(matter) = answers.matter() else {
        return Ok(Err(IssueError::PreviousRequired));
    };
    let conclusion = cases::conclusion_components(conn, item.id)
        .await?
        .and_then(|c| disability_of(&c));
    let stored = certificates::current_of(conn, app.person_id).await?;
    let previous: Option<Previous> = match &stored {
        Some(c) => disability_of(&c.components).map(|disability| Previous {
            disability,
            valid_from: c.valid_from,
            expires_on: c.expires_on,
        }),
        None => CertificateNumber::parse(&answers.cert_number)
            .ok()
            .zip(parse_date(&answers.cert_issued))
            .and_then(|(n, issued)| issuance::typed_previous(&n, issued)),
    };
    let outcome = match issuance::outcome(&matter, &id, conclusion, previous.as_ref(), today) {
        Ok(o) => o,
        Err(e) => return Ok(Err(e)),
    };
    let photo = cases::materials_of(conn, item.application_id)
        .await?
        .into_iter()
        .find(|m| m.material == Material::Photo.code())
        .map(|m| m.upload_id);
    let card_method = match answers.delivery.as_str() {
        "post" | "township" => Some(answers.delivery.clone()),
        _ => None,
    };
    let disability = outcome.issued.as_ref().map(|i| i.disability.clone());
    let new = outcome.issued.map(|i| NewCertificate {
        person_id: app.person_id,
        number: i.number.as_string(),
        category: i16::from(i.disability.category().code()),
        grade: i16::from(i.disability.grade().code()),
        components: components_json(&i.disability),
        issued_on: today,
        valid_from: i.valid_from,
        expires_on: i.expires_on,
        status_since: today,
        issuing_county: item.approving_county.clone(),
        issuing_office_id: Some(office_id),
        photo_upload_id: photo,
        application_id: Some(item.application_id),
        // 000 §三(三): the card reaches the holder within the policy's days (Hunan: 15).
        card_due: policy
            .limit(Step::CardDelivery)
            .map(|l| l.due(calendar, today, 0).date),
        card_method: card_method.clone(),
    });
    // A new certificate replaces no earlier one; every other matter is about the one held.
    let replaces = !matches!(matter, crate::domain::CertificateMatter::New { .. });
    Ok(Ok(Issuing {
        change: CertificateChange {
            new,
            previous: stored.filter(|_| replaces).map(|c| c.id),
            previous_status: outcome.previous_becomes,
        },
        disability,
    }))
}

/// 003 二(二): once the certificate exists, each service on its way to its department is checked
/// with the eligibility rules on the application's answers and the new certificate; those the
/// rules exclude stop as “not eligible”, with every reason stored on their event.
pub fn screen_services(
    followers: &mut [Follower],
    app: &CaseApplication,
    disability: &Disability,
    policy: &ProvincePolicy,
    today: NaiveDate,
) {
    let answers = &app.answers;
    let Ok(id) = IdNumber::parse(&app.person_id_number) else {
        return;
    };
    let person = answers.person(&id);
    let benefits = answers.benefits();
    let certificate = eligibility::Certificate {
        generation: 2,
        status: crate::domain::CertificateStatus::Valid,
        grade: disability.grade(),
    };
    for f in followers
        .iter_mut()
        .filter(|f| f.to == ItemStatus::Service(ServiceState::AtDepartment))
    {
        let Some(service) = f.service else { continue };
        let e = eligibility::for_service(
            service,
            &person,
            Some(&certificate),
            &benefits,
            policy,
            today,
        );
        let (state, reasons) = service_flow::at_issue(&e);
        if state == ServiceState::NotEligible {
            f.to = ItemStatus::Service(state);
            f.deadline = None;
            f.command = service_flow::CHECK_ELIGIBILITY;
            f.note = serde_json::json!({ "reasons": reasons });
        }
    }
}
