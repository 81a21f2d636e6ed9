//! Proposed freezes and cancellations after an un-migrated hukou move (001 §四(三) “原发证残联经核实
//! 后可…”): the scheduled job proposes, a clerk of the issuing county confirms or dismisses.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use super::schema::{certificates, people};
use crate::domain::CertificateStatus;

/// Proposes `step` (`freeze` or `cancel`) for certificate `id`, once per step (false when it is
/// already proposed).
pub async fn propose(
    conn: &mut AsyncPgConnection,
    id: i64,
    step: &str,
    on: NaiveDate,
) -> QueryResult<bool> {
    diesel::update(certificates::table.find(id))
        .filter(
            certificates::proposed_step
                .is_null()
                .or(certificates::proposed_step.ne(step)),
        )
        .set((
            certificates::proposed_step.eq(step),
            certificates::proposed_on.eq(on),
        ))
        .execute(conn)
        .await
        .map(|n| n == 1)
}

/// A proposal as the clerk sees it.
#[derive(Debug, Clone, Queryable)]
pub struct Proposal {
    /// Certificate id.
    pub id: i64,
    /// Certificate number.
    pub number: String,
    /// Status.
    pub status: CertificateStatus,
    /// The recorded move.
    pub hukou_moved_on: Option<NaiveDate>,
    /// `freeze` or `cancel`.
    pub step: Option<String>,
    /// Proposed on.
    pub proposed_on: Option<NaiveDate>,
    /// Holder's name.
    pub real_name: String,
    /// Holder's ID number.
    pub id_number: String,
    /// Holder's account.
    pub holder_account: Option<i64>,
    /// The account that applied for the certificate.
    pub applicant_account: Option<i64>,
    /// The language of that application (for the notice).
    pub lang: Option<String>,
}

type Columns = (
    certificates::id,
    certificates::number,
    certificates::status,
    certificates::hukou_moved_on,
    certificates::proposed_step,
    certificates::proposed_on,
    people::real_name,
    people::id_number,
    people::account_id,
    diesel::dsl::Nullable<super::schema::applications::account_id>,
    diesel::dsl::Nullable<super::schema::applications::lang>,
);

fn columns() -> Columns {
    (
        certificates::id,
        certificates::number,
        certificates::status,
        certificates::hukou_moved_on,
        certificates::proposed_step,
        certificates::proposed_on,
        people::real_name,
        people::id_number,
        people::account_id,
        super::schema::applications::account_id.nullable(),
        super::schema::applications::lang.nullable(),
    )
}

/// The proposals of certificates issued in `county`, by id after `after` (keyset, indexed).
pub async fn of_county(
    conn: &mut AsyncPgConnection,
    county: &str,
    after: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<Proposal>> {
    use super::schema::applications;
    certificates::table
        .inner_join(people::table)
        .left_join(
            applications::table.on(applications::id.nullable().eq(certificates::application_id)),
        )
        .filter(certificates::issuing_county.eq(county))
        .filter(certificates::proposed_step.is_not_null())
        .filter(certificates::id.gt(after.unwrap_or(0)))
        .order(certificates::id)
        .limit(limit)
        .select(columns())
        .load(conn)
        .await
}

/// What the clerk decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Checked and confirmed: the certificate takes `to` (from `from`).
    Confirm {
        /// Status before.
        from: CertificateStatus,
        /// Status after.
        to: CertificateStatus,
        /// The day.
        on: NaiveDate,
    },
    /// Checked and not confirmed (the move was wrong, or the person migrated the certificate):
    /// the proposal and the recorded move are cleared.
    Dismiss,
}

/// Proposal `id` of `county`, locked for the decision, in a transaction that applies `decide`'s
/// answer; `None` when there is no such proposal (any more).
pub async fn decide<F>(
    conn: &mut AsyncPgConnection,
    county: &str,
    id: i64,
    decide: F,
) -> QueryResult<Option<(Proposal, Option<Decision>)>>
where
    F: FnOnce(&Proposal) -> Option<Decision> + Send,
{
    conn.transaction::<_, diesel::result::Error, _>(async |conn| {
        use super::schema::applications;
        // Lock the certificate row first (a left join cannot be locked on its nullable side).
        let locked: Option<i64> = certificates::table
            .find(id)
            .filter(certificates::issuing_county.eq(county))
            .filter(certificates::proposed_step.is_not_null())
            .select(certificates::id)
            .for_no_key_update()
            .first(conn)
            .await
            .optional()?;
        if locked.is_none() {
            return Ok(None);
        }
        let p: Proposal = certificates::table
            .inner_join(people::table)
            .left_join(
                applications::table
                    .on(applications::id.nullable().eq(certificates::application_id)),
            )
            .filter(certificates::id.eq(id))
            .select(columns())
            .first(conn)
            .await?;
        let decision = decide(&p);
        let target = certificates::table.find(id);
        let none_date = None::<NaiveDate>;
        let none_step = None::<String>;
        match decision {
            Some(Decision::Confirm { from, to, on }) => {
                diesel::update(target.filter(certificates::status.eq(from)))
                    .set((
                        certificates::status.eq(to),
                        certificates::status_since.eq(on),
                        certificates::status_version.eq(certificates::status_version + 1),
                        certificates::proposed_step.eq(none_step),
                        certificates::proposed_on.eq(none_date),
                    ))
                    .execute(conn)
                    .await?;
            }
            Some(Decision::Dismiss) => {
                diesel::update(target)
                    .set((
                        certificates::proposed_step.eq(none_step),
                        certificates::proposed_on.eq(none_date),
                        certificates::hukou_moved_on.eq(none_date),
                        certificates::freeze_noticed_at.eq(None::<DateTime<Utc>>),
                        certificates::cancel_noticed_at.eq(None::<DateTime<Utc>>),
                    ))
                    .execute(conn)
                    .await?;
            }
            None => {}
        }
        Ok(Some((p, decision)))
    })
    .await
}
