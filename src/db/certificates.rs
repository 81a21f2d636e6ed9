//! Certificates: issued in the transaction of the step that completes a matter (replacing the one
//! held before), read by their holders and guardians, verified by anyone, and moved through their
//! lifecycle (card delivery, frozen / cancelled after an un-migrated hukou move, reminders).

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::schema::{application_items, applications, certificates, people};
use crate::domain::certificate::{Component, Disability};
use crate::domain::{Category, CertificateStatus, Grade};

/// A certificate to store.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = certificates)]
pub struct NewCertificate {
    /// Holder.
    pub person_id: i64,
    /// 20 characters.
    pub number: String,
    /// Category code on the card.
    pub category: i16,
    /// Grade code on the card.
    pub grade: i16,
    /// `[{"category": 4, "grade": 2}, …]`.
    pub components: serde_json::Value,
    /// Issue date.
    pub issued_on: NaiveDate,
    /// Validity start.
    pub valid_from: NaiveDate,
    /// Last valid day.
    pub expires_on: NaiveDate,
    /// Since when its status holds (the issue date).
    pub status_since: NaiveDate,
    /// Issuing county.
    pub issuing_county: String,
    /// Issuing office.
    pub issuing_office_id: Option<i64>,
    /// The holder's photo from the application's materials.
    pub photo_upload_id: Option<i64>,
    /// The application that issued it.
    pub application_id: Option<i64>,
    /// When the card must reach the holder (000 §三(三): 15 days in Hunan).
    pub card_due: Option<NaiveDate>,
    /// How the card will come (post / township), as asked on the form.
    pub card_method: Option<String>,
}

/// A certificate as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = certificates)]
pub struct Certificate {
    /// Row id.
    pub id: i64,
    /// Holder.
    pub person_id: i64,
    /// 20 characters.
    pub number: String,
    /// Category code.
    pub category: i16,
    /// Grade code.
    pub grade: i16,
    /// Components.
    pub components: serde_json::Value,
    /// Issue date.
    pub issued_on: NaiveDate,
    /// Validity start.
    pub valid_from: NaiveDate,
    /// Last valid day.
    pub expires_on: NaiveDate,
    /// Status.
    pub status: CertificateStatus,
    /// Bumped by every status change.
    pub status_version: i32,
    /// Since when.
    pub status_since: NaiveDate,
    /// Issuing county.
    pub issuing_county: String,
    /// Issuing office.
    pub issuing_office_id: Option<i64>,
    /// Photo.
    pub photo_upload_id: Option<i64>,
    /// Source application.
    pub application_id: Option<i64>,
    /// The certificate that replaced it.
    pub superseded_by: Option<i64>,
    /// Recorded un-migrated hukou move.
    pub hukou_moved_on: Option<NaiveDate>,
    /// When the card is due.
    pub card_due: Option<NaiveDate>,
    /// post / township.
    pub card_method: Option<String>,
    /// Tracking number (post).
    pub card_tracking: Option<String>,
    /// Sent.
    pub card_sent_on: Option<NaiveDate>,
    /// Delivered.
    pub card_delivered_on: Option<NaiveDate>,
}

/// What issuing does to the person's certificates, stored with the step that issues.
#[derive(Debug, Clone)]
pub struct CertificateChange {
    /// The certificate issued, if any.
    pub new: Option<NewCertificate>,
    /// The certificate held before (in the portal's records), if any.
    pub previous: Option<i64>,
    /// The previous certificate's new status, if it changes.
    pub previous_status: Option<CertificateStatus>,
}

impl CertificateChange {
    /// Stores the change for matter item `item` on `today`: the new certificate (linked to the
    /// item), the previous one replaced by it and, if so, in its new status (a new version, so its
    /// codes are recognised as out of date). Run inside the step's transaction.
    pub async fn apply(
        &self,
        conn: &mut AsyncPgConnection,
        item: i64,
        today: NaiveDate,
    ) -> QueryResult<Option<i64>> {
        let new_id: Option<i64> = match &self.new {
            Some(c) => Some(
                diesel::insert_into(certificates::table)
                    .values(c)
                    .returning(certificates::id)
                    .get_result(conn)
                    .await?,
            ),
            None => None,
        };
        if let Some(id) = new_id {
            diesel::update(application_items::table.find(item))
                .set(application_items::certificate_id.eq(Some(id)))
                .execute(conn)
                .await?;
        }
        if let Some(prev) = self.previous {
            let target = certificates::table
                .find(prev)
                .filter(certificates::superseded_by.is_null());
            match self.previous_status {
                Some(status) => {
                    diesel::update(target)
                        .set((
                            certificates::superseded_by.eq(new_id),
                            certificates::status.eq(status),
                            certificates::status_since.eq(today),
                            certificates::status_version.eq(certificates::status_version + 1),
                        ))
                        .execute(conn)
                        .await?
                }
                None => {
                    diesel::update(target)
                        .set((
                            certificates::superseded_by.eq(new_id),
                            certificates::status_version.eq(certificates::status_version + 1),
                        ))
                        .execute(conn)
                        .await?
                }
            };
        }
        Ok(new_id)
    }
}

/// The person's current certificate (the latest not replaced), if any.
pub async fn current_of(
    conn: &mut AsyncPgConnection,
    person_id: i64,
) -> QueryResult<Option<Certificate>> {
    certificates::table
        .filter(certificates::person_id.eq(person_id))
        .filter(certificates::superseded_by.is_null())
        .order(certificates::id.desc())
        .select(Certificate::as_select())
        .first(conn)
        .await
        .optional()
}

/// The certificate application `application_id` issued (the latest, if several).
pub async fn of_application(
    conn: &mut AsyncPgConnection,
    application_id: i64,
) -> QueryResult<Option<Certificate>> {
    certificates::table
        .filter(certificates::application_id.eq(application_id))
        .order(certificates::id.desc())
        .select(Certificate::as_select())
        .first(conn)
        .await
        .optional()
}

/// Certificate `id`.
pub async fn find(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<Option<Certificate>> {
    certificates::table
        .find(id)
        .select(Certificate::as_select())
        .first(conn)
        .await
        .optional()
}

/// The certificates `account_id` may see — its own (the person's record attached to the account,
/// which only a verified identity gets) and those of the people it confirmedly acts for — newest
/// first, with the holder's name. A claim nobody confirmed shows none (issue #16).
pub async fn visible_to(
    conn: &mut AsyncPgConnection,
    account_id: i64,
) -> QueryResult<Vec<(Certificate, String)>> {
    certificates::table
        .inner_join(people::table)
        .filter(
            people::account_id
                .eq(account_id)
                .or(certificates::person_id.eq_any(super::people::confirmed_persons(account_id))),
        )
        .order(certificates::id.desc())
        .limit(50)
        .select((Certificate::as_select(), people::real_name))
        .load(conn)
        .await
}

/// Whether `account_id` may see certificate `id` (the same rule as [`visible_to`]).
pub async fn is_visible_to(
    conn: &mut AsyncPgConnection,
    account_id: i64,
    id: i64,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        certificates::table
            .inner_join(people::table)
            .filter(certificates::id.eq(id))
            .filter(
                people::account_id
                    .eq(account_id)
                    .or(certificates::person_id
                        .eq_any(super::people::confirmed_persons(account_id))),
            ),
    ))
    .get_result(conn)
    .await
}

/// What the public verification page needs: number, status, version, whether replaced, the
/// card's category, grade and expiry, and the holder's name (masked by the caller). One read by
/// primary key.
#[derive(Debug, Clone, Queryable)]
pub struct ForVerification {
    /// Row id.
    pub id: i64,
    /// 20 characters.
    pub number: String,
    /// Status.
    pub status: CertificateStatus,
    /// Status version.
    pub status_version: i32,
    /// Replaced by another certificate.
    pub superseded_by: Option<i64>,
    /// Category code.
    pub category: i16,
    /// Grade code.
    pub grade: i16,
    /// Last valid day.
    pub expires_on: NaiveDate,
    /// Holder's name.
    pub real_name: String,
}

fn verification_columns() -> (
    certificates::id,
    certificates::number,
    certificates::status,
    certificates::status_version,
    certificates::superseded_by,
    certificates::category,
    certificates::grade,
    certificates::expires_on,
    people::real_name,
) {
    (
        certificates::id,
        certificates::number,
        certificates::status,
        certificates::status_version,
        certificates::superseded_by,
        certificates::category,
        certificates::grade,
        certificates::expires_on,
        people::real_name,
    )
}

/// Certificate `id` for verification.
pub async fn for_verification(
    conn: &mut AsyncPgConnection,
    id: i64,
) -> QueryResult<Option<ForVerification>> {
    certificates::table
        .inner_join(people::table)
        .filter(certificates::id.eq(id))
        .select(verification_columns())
        .first(conn)
        .await
        .optional()
}

/// The certificates with `number`, newest first (a replaced card shares its number with the
/// card that replaced it; a person holds a handful at most), for verification.
pub async fn by_number(
    conn: &mut AsyncPgConnection,
    number: &str,
) -> QueryResult<Vec<ForVerification>> {
    certificates::table
        .inner_join(people::table)
        .filter(certificates::number.eq(number))
        .order(certificates::id.desc())
        .limit(20)
        .select(verification_columns())
        .load(conn)
        .await
}

/// Records the card as sent (post with a tracking number, or handed to the township).
pub async fn card_sent(
    conn: &mut AsyncPgConnection,
    id: i64,
    method: &str,
    tracking: Option<&str>,
    on: NaiveDate,
) -> QueryResult<bool> {
    diesel::update(certificates::table.find(id))
        .set((
            certificates::card_method.eq(Some(method)),
            certificates::card_tracking.eq(tracking),
            certificates::card_sent_on.eq(Some(on)),
        ))
        .execute(conn)
        .await
        .map(|n| n == 1)
}

/// Records the card as delivered.
pub async fn card_delivered(
    conn: &mut AsyncPgConnection,
    id: i64,
    on: NaiveDate,
) -> QueryResult<bool> {
    diesel::update(certificates::table.find(id))
        .filter(certificates::card_delivered_on.is_null())
        .set(certificates::card_delivered_on.eq(Some(on)))
        .execute(conn)
        .await
        .map(|n| n == 1)
}

/// Records (or clears) an un-migrated hukou move of certificate `id`.
pub async fn set_hukou_moved(
    conn: &mut AsyncPgConnection,
    id: i64,
    moved_on: Option<NaiveDate>,
) -> QueryResult<()> {
    diesel::update(certificates::table.find(id))
        .set((
            certificates::hukou_moved_on.eq(moved_on),
            certificates::freeze_noticed_at.eq(None::<DateTime<Utc>>),
            certificates::cancel_noticed_at.eq(None::<DateTime<Utc>>),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// A certificate the scheduled job looks at, with whom to tell (the holder's account, or the
/// account that applied) and in which language.
#[derive(Debug, Clone, Queryable)]
pub struct Watched {
    /// Row id.
    pub id: i64,
    /// Status.
    pub status: CertificateStatus,
    /// Validity start.
    pub valid_from: NaiveDate,
    /// Last valid day.
    pub expires_on: NaiveDate,
    /// Un-migrated move, if recorded.
    pub hukou_moved_on: Option<NaiveDate>,
    /// Notices already sent.
    pub renewal_reminded: bool,
    /// …
    pub expiry_reminded: bool,
    /// …
    pub freeze_noticed: bool,
    /// …
    pub cancel_noticed: bool,
    /// The holder's own account.
    pub holder_account: Option<i64>,
    /// The account that applied.
    pub applicant_account: Option<i64>,
    /// The language the application was made in.
    pub lang: Option<String>,
    /// Issue date.
    pub issued_on: NaiveDate,
    /// The year the holder was last reminded of the online review.
    pub review_reminded_year: Option<i32>,
}

impl Watched {
    /// Who is told: the holder, or the account that applied for them.
    pub fn account(&self) -> Option<i64> {
        self.holder_account.or(self.applicant_account)
    }
}

/// Current certificates that may have a step or a reminder due: an un-migrated move recorded, or a
/// validity that began before `renewal_bound` or ends by `expiry_bound` (indexed reads).
pub async fn watched(
    conn: &mut AsyncPgConnection,
    renewal_bound: NaiveDate,
    expiry_bound: NaiveDate,
    year_start: NaiveDate,
    limit: i64,
) -> QueryResult<Vec<Watched>> {
    use chrono::Datelike;
    certificates::table
        .inner_join(people::table)
        .left_join(
            applications::table.on(applications::id.nullable().eq(certificates::application_id)),
        )
        .filter(certificates::superseded_by.is_null())
        .filter(certificates::status.eq_any([CertificateStatus::Valid, CertificateStatus::Frozen]))
        .filter(
            certificates::hukou_moved_on
                .is_not_null()
                .or(certificates::valid_from
                    .le(renewal_bound)
                    .and(certificates::renewal_reminded_at.is_null()))
                .or(certificates::expires_on
                    .le(expiry_bound)
                    .and(certificates::expiry_reminded_at.is_null()))
                // 网上年审: issued before this year and not yet reminded this year.
                .or(certificates::status
                    .eq(CertificateStatus::Valid)
                    .and(certificates::issued_on.lt(year_start))
                    .and(
                        certificates::review_reminded_year
                            .is_null()
                            .or(certificates::review_reminded_year.lt(year_start.year())),
                    )),
        )
        .order(certificates::id)
        .limit(limit)
        .select((
            certificates::id,
            certificates::status,
            certificates::valid_from,
            certificates::expires_on,
            certificates::hukou_moved_on,
            certificates::renewal_reminded_at.is_not_null(),
            certificates::expiry_reminded_at.is_not_null(),
            certificates::freeze_noticed_at.is_not_null(),
            certificates::cancel_noticed_at.is_not_null(),
            people::account_id,
            applications::account_id.nullable(),
            applications::lang.nullable(),
            certificates::issued_on,
            certificates::review_reminded_year,
        ))
        .load(conn)
        .await
}

/// Marks the online review of `year` reminded (or done) for certificate `id`, once (false when
/// it was before).
pub async fn mark_review_reminded(
    conn: &mut AsyncPgConnection,
    id: i64,
    year: i32,
) -> QueryResult<bool> {
    diesel::update(certificates::table.find(id))
        .filter(
            certificates::review_reminded_year
                .is_null()
                .or(certificates::review_reminded_year.lt(year)),
        )
        .set(certificates::review_reminded_year.eq(year))
        .execute(conn)
        .await
        .map(|n| n == 1)
}

/// The notices the job marks as sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sent {
    /// Renewal open.
    Renewal,
    /// Expiry close.
    Expiry,
    /// Freeze coming.
    Freeze,
    /// Cancellation coming.
    Cancel,
}

/// Marks notice `which` as sent for certificate `id`, once (false when another run did first).
pub async fn mark_sent(conn: &mut AsyncPgConnection, id: i64, which: Sent) -> QueryResult<bool> {
    let now = super::portal_now().nullable();
    let target = certificates::table.find(id);
    let n = match which {
        Sent::Renewal => {
            diesel::update(target.filter(certificates::renewal_reminded_at.is_null()))
                .set(certificates::renewal_reminded_at.eq(now))
                .execute(conn)
                .await?
        }
        Sent::Expiry => {
            diesel::update(target.filter(certificates::expiry_reminded_at.is_null()))
                .set(certificates::expiry_reminded_at.eq(now))
                .execute(conn)
                .await?
        }
        Sent::Freeze => {
            diesel::update(target.filter(certificates::freeze_noticed_at.is_null()))
                .set(certificates::freeze_noticed_at.eq(now))
                .execute(conn)
                .await?
        }
        Sent::Cancel => {
            diesel::update(target.filter(certificates::cancel_noticed_at.is_null()))
                .set(certificates::cancel_noticed_at.eq(now))
                .execute(conn)
                .await?
        }
    };
    Ok(n == 1)
}

/// The disability of stored components (`[{"category": 4, "grade": 2}, …]`); `None` when they
/// do not make one.
pub fn disability_of(components: &serde_json::Value) -> Option<Disability> {
    let parsed: Option<Vec<Component>> = components.as_array().map(|a| {
        a.iter()
            .filter_map(|c| {
                let category = u8::try_from(c.get("category")?.as_u64()?).ok()?;
                let grade = u8::try_from(c.get("grade")?.as_u64()?).ok()?;
                Some(Component {
                    category: Category::from_code(category)?,
                    grade: Grade::from_code(grade)?,
                })
            })
            .collect()
    });
    Disability::from_components(parsed?).ok()
}
