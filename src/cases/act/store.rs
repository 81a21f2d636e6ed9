//! Storing a decided step with its event, the audit entry, the applicant's notice, the items
//! that move with it, the announcement entry it starts and the certificate it issues — in one
//! transaction, only if the item is still as the staff member saw it.

use diesel_async::AsyncPgConnection;

use super::{Decided, StaffActor, Stored, When};
use crate::cases::{CaseError, issue};
use crate::db::cases::{CaseApplication, ItemRow, Transition};
use crate::db::certificates::CertificateChange;
use crate::db::publications::NewPublication;
use crate::domain::IdNumber;
use crate::domain::issuance::IssueError;
use crate::domain::item::ItemStatus;
use crate::domain::policy;
use crate::domain::publication::{PublicationDates, mask_name};
use crate::domain::workflow::ItemState;

/// Stores a decided step: issuing (or cancelling) completes the matter with the certificate
/// (000 §三(六)) and screens the services that follow; then the transition, its event, the audit
/// entry and the applicant's notice in one transaction.
pub(super) async fn store(
    conn: &mut AsyncPgConnection,
    staff: &StaffActor,
    item: &ItemRow,
    app: &CaseApplication,
    mut decided: Decided,
    when: &When<'_>,
) -> Result<Stored, CaseError> {
    let certificate = if matches!(
        decided.to,
        ItemStatus::Matter(ItemState::Issued | ItemState::Cancelled)
    ) {
        match certificate_change(conn, staff, item, app, &mut decided, when).await? {
            Ok(change) => Some(change),
            Err(key) => return Ok(Stored::Refused(key)),
        }
    } else {
        None
    };
    let today = when.today;
    let command = decided.command;
    let booking_at = decided
        .institution_id
        .filter(|_| decided.to == ItemStatus::Matter(ItemState::Accepted));
    let transition = Transition {
        item_id: item.id,
        expected_version: item.version,
        from: decided.from,
        to: decided.to,
        since: today,
        deadline: decided.deadline,
        used_days: decided.used_days,
        institution_id: decided.institution_id,
        actor_account_id: staff.account_id,
        actor_role: staff.role.code(),
        office_id: Some(staff.office_id),
        command,
        note: decided.note,
        application_id: item.application_id,
        // Tell the applicant, in the language they applied in.
        notice: Some(crate::cases::case_updated(
            item.application_id,
            &app.reference,
            &app.lang,
            decided.to.code(),
        )),
        followers: decided.followers,
        conclusion: decided.conclusion,
        publication: (decided.to == ItemStatus::Matter(ItemState::Published))
            .then(|| announcement(item, app, when))
            .flatten(),
        conclusion_also_on: decided.conclusion_also_on,
        appointment: decided.appointment,
        certificate,
    };
    let stored = match booking_at {
        Some(institution) => {
            super::booking::accept(conn, transition, app, institution, when).await?
        }
        None => transition.apply(conn).await?,
    };
    if !stored {
        return Ok(Stored::Conflict);
    }
    tracing::info!(
        item = item.id,
        staff = staff.account_id,
        command,
        "case moved"
    );
    Ok(Stored::Done {
        notify: app.account_id,
    })
}

/// Issuing (or cancelling) completes the matter with the certificate change (000 §三(六)), and
/// screens the services that follow by the hukou province's rules (003 附件3–5, 004 附件2
/// 六7–10); or the locale key of why it cannot be done with what is known.
async fn certificate_change(
    conn: &mut AsyncPgConnection,
    staff: &StaffActor,
    item: &ItemRow,
    app: &CaseApplication,
    decided: &mut Decided,
    when: &When<'_>,
) -> Result<Result<CertificateChange, &'static str>, CaseError> {
    let issuing = match issue::change(
        conn,
        staff.office_id,
        item,
        app,
        when.policy,
        when.calendar,
        when.today,
    )
    .await?
    {
        Ok(issuing) => issuing,
        Err(IssueError::ConclusionRequired) => return Ok(Err("staff-issue-no-conclusion")),
        Err(IssueError::PreviousRequired) => return Ok(Err("staff-issue-no-certificate")),
    };
    if let Some(d) = &issuing.disability {
        let hukou = &item.approving_county;
        let service_policy = policy::for_province(hukou).policy;
        issue::screen_services(&mut decided.followers, app, d, service_policy, when.today);
    }
    Ok(Ok(issuing.change))
}

/// The public announcement entry of an item being published: masked name and ID number, the
/// conclusion's category and grade, the deciding county, and the window's dates.
fn announcement(item: &ItemRow, app: &CaseApplication, when: &When<'_>) -> Option<NewPublication> {
    let county = item.handling_county.clone();
    let dates = PublicationDates::new(
        when.policy,
        when.calendar,
        when.today,
        when.publication_days,
    );
    Some(NewPublication {
        item_id: item.id,
        province_code: county.chars().take(2).collect(),
        city_code: county.chars().take(4).collect(),
        county_code: county,
        masked_name: mask_name(&app.person_name),
        masked_id: IdNumber::parse(&app.person_id_number).ok()?.masked_public(),
        category: item.conclusion_category?,
        grade: item.conclusion_grade?,
        published_on: dates.published_on,
        objection_until: dates.objection_until,
        shown_until: dates.shown_until,
    })
}
