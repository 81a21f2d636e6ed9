//! People applications are about, and the accounts that say they act for them.
//!
//! A claim to act for someone grants nothing but the applications the representative makes
//! until the person confirms it (the code sent to their mobile number on record, or their verified
//! account) or a clerk of the county that handles the person's case checks the proof
//! (`domain::representation`). The person is told of every claim.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use super::inbox::MessageKind;
use super::outbox::{self, Notice, To};
use super::schema::{accounts, applications, people, relationships, representations, uploads};
use crate::domain::one_time_code::{CodeRefused, Purpose};
use crate::domain::representation::{
    ConfirmedBy, RepresentationKind, RepresentationStatus, name_matches,
};

/// Someone the account acts for (or says it does), with the relationship's name and the proof.
#[derive(Debug, Clone, Queryable)]
pub struct Represented {
    /// Representation id (used in URLs).
    pub id: i64,
    /// The person's id.
    pub person_id: i64,
    /// The name the representative gave (never the record's, which they may not know).
    pub real_name: String,
    /// The person's ID number (as the representative typed it).
    pub id_number: String,
    /// guardian / helper.
    pub kind: RepresentationKind,
    /// GB/T 4761 code.
    pub relationship_code: String,
    /// Its name.
    pub relationship_name: String,
    /// Proof upload id.
    pub proof_upload_id: i64,
    /// Proof file name.
    pub proof_name: String,
    /// Claimed or confirmed (live ones only are listed).
    pub status: RepresentationStatus,
}

/// Finds or creates the person with this ID number; returns the person's id. A new record
/// carries the name given, not verified.
pub async fn upsert_person(
    conn: &mut AsyncPgConnection,
    id_number: &str,
    real_name: &str,
) -> QueryResult<i64> {
    diesel::insert_into(people::table)
        .values((
            people::id_number.eq(id_number),
            people::real_name.eq(real_name),
        ))
        .on_conflict(people::id_number)
        .do_update()
        .set(people::id_number.eq(diesel::upsert::excluded(people::id_number)))
        .returning(people::id)
        .get_result(conn)
        .await
}

/// Records the mobile number an application gave for the person, when the one who submitted it
/// is trusted for it (the person's own verified account, or a confirmed representative): codes
/// confirming later claims go there.
pub async fn record_phone(
    conn: &mut AsyncPgConnection,
    person_id: i64,
    phone: &str,
) -> QueryResult<()> {
    diesel::update(people::table.find(person_id))
        .set(people::phone.eq(Some(phone)))
        .execute(conn)
        .await
        .map(|_| ())
}

#[diesel::dsl::auto_type(no_type_alias)]
fn represented_query() -> _ {
    representations::table
        .inner_join(people::table)
        .inner_join(relationships::table)
        .inner_join(uploads::table)
        .select((
            representations::id,
            people::id,
            representations::claimed_name,
            people::id_number,
            representations::kind,
            representations::relationship_code,
            relationships::name,
            representations::proof_upload_id,
            uploads::original_name,
            representations::status,
        ))
}

const LIVE: [RepresentationStatus; 2] = [
    RepresentationStatus::Claimed,
    RepresentationStatus::Confirmed,
];

/// Everyone `account_id` acts for or says it does (live claims), oldest first.
pub async fn represented_by(
    conn: &mut AsyncPgConnection,
    account_id: i64,
) -> QueryResult<Vec<Represented>> {
    represented_query()
        .filter(representations::account_id.eq(account_id))
        .filter(representations::status.eq_any(LIVE))
        .order(representations::id)
        .load(conn)
        .await
}

/// One live representation of `account_id` (none when it belongs to someone else).
pub async fn find_represented(
    conn: &mut AsyncPgConnection,
    account_id: i64,
    representation_id: i64,
) -> QueryResult<Option<Represented>> {
    represented_query()
        .filter(representations::account_id.eq(account_id))
        .filter(representations::id.eq(representation_id))
        .filter(representations::status.eq_any(LIVE))
        .first(conn)
        .await
        .optional()
}

/// The persons whose records `account_id` may read as a representative: confirmed claims only.
#[diesel::dsl::auto_type(no_type_alias)]
pub fn confirmed_persons(account_id: i64) -> _ {
    let confirmed: &'static str = "confirmed";
    representations::table
        .filter(representations::account_id.eq(account_id))
        .filter(representations::status.eq(confirmed))
        .select(representations::person_id)
}

/// A claim to act for someone.
#[derive(Debug, Clone)]
pub struct Claim<'a> {
    /// The representative's account.
    pub account_id: i64,
    /// The representative's name (in the person's notice).
    pub claimant_name: &'a str,
    /// The person's ID number (normalised).
    pub id_number: &'a str,
    /// The name the representative gave.
    pub claimed_name: &'a str,
    /// Guardian or helper.
    pub kind: RepresentationKind,
    /// GB/T 4761 code.
    pub relationship_code: &'a str,
    /// Its name (in the person's notice).
    pub relationship_name: &'a str,
    /// Proof upload.
    pub proof_upload_id: i64,
    /// Language of the person's notice.
    pub lang: &'static str,
}

/// What filing a claim did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filed {
    /// The claim waits for the person or a clerk.
    Claimed(i64),
    /// The account already has a live claim for this person.
    AlreadyClaimed,
}

/// Where a code for the person goes: their account (inbox, email, SMS) or their mobile number.
#[derive(Debug, Clone)]
struct Reach {
    account_id: Option<i64>,
    phone: Option<String>,
    name: String,
}

async fn reach(conn: &mut AsyncPgConnection, person_id: i64) -> QueryResult<Reach> {
    let (account_id, phone, name): (Option<i64>, Option<String>, String) = people::table
        .find(person_id)
        .select((people::account_id, people::phone, people::real_name))
        .first(conn)
        .await?;
    Ok(Reach {
        account_id,
        phone,
        name,
    })
}

/// Tells the person (their account, else an SMS to their mobile number on record); false when
/// there is no way to reach them.
async fn tell_person(
    conn: &mut AsyncPgConnection,
    to: &Reach,
    key: &str,
    kind: MessageKind,
    params: serde_json::Value,
    lang: &'static str,
) -> QueryResult<bool> {
    if let Some(account_id) = to.account_id {
        Notice {
            to: To::Account(account_id),
            kind,
            params,
            lang,
        }
        .post(conn)
        .await?;
        Ok(true)
    } else if let Some(phone) = &to.phone {
        outbox::queue_sms(conn, key, phone, kind, params, lang).await?;
        Ok(true)
    } else {
        Ok(false)
    }
}

impl Claim<'_> {
    /// Records the claim (a new person's record when the ID number is unknown) and tells the
    /// person: with the name on record, a code they may give the representative; with another
    /// name, only that someone tried. `code` is the code to send. One transaction.
    pub async fn file(
        &self,
        conn: &mut AsyncPgConnection,
        code: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> QueryResult<Filed> {
        conn.transaction(async |conn| {
            let person = upsert_person(conn, self.id_number, self.claimed_name).await?;
            // The clerks who check the proof: the county handling the person's latest case.
            let county: Option<String> = applications::table
                .filter(applications::person_id.eq(person))
                .order(applications::id.desc())
                .select(applications::handling_county)
                .first(conn)
                .await
                .optional()?;
            let inserted = diesel::insert_into(representations::table)
                .values((
                    representations::account_id.eq(self.account_id),
                    representations::person_id.eq(person),
                    representations::kind.eq(self.kind),
                    representations::relationship_code.eq(self.relationship_code),
                    representations::proof_upload_id.eq(self.proof_upload_id),
                    representations::claimed_name.eq(self.claimed_name),
                    representations::county.eq(county),
                ))
                .returning(representations::id)
                .get_result::<i64>(conn)
                .await;
            let id = match inserted {
                Ok(id) => id,
                Err(e) if super::is_unique_violation(&e, "representations_live") => {
                    return Ok(Filed::AlreadyClaimed);
                }
                Err(e) => return Err(e),
            };
            let to = reach(conn, person).await?;
            let key = format!("representation-{id}-claimed");
            if name_matches(self.claimed_name, &to.name) {
                let params = serde_json::json!({
                    "name": self.claimant_name,
                    "relationship": self.relationship_name,
                    "code": code,
                });
                if tell_person(
                    conn,
                    &to,
                    &key,
                    MessageKind::RepresentationClaimed,
                    params,
                    self.lang,
                )
                .await?
                {
                    super::one_time_codes::issue(conn, Purpose::Representation, id, code, now)
                        .await?;
                }
            } else {
                let params = serde_json::json!({ "name": self.claimant_name });
                tell_person(
                    conn,
                    &to,
                    &key,
                    MessageKind::RepresentationAttempt,
                    params,
                    self.lang,
                )
                .await?;
            }
            Ok(Filed::Claimed(id))
        })
        .await
    }
}

/// Sends the person a new code for claim `id` of `account_id` (only when the name matches the
/// record and the person can be reached); false otherwise (the caller answers the same).
pub async fn resend_code(
    conn: &mut AsyncPgConnection,
    account_id: i64,
    id: i64,
    claimant_name: &str,
    code: &str,
    lang: &'static str,
    now: chrono::DateTime<chrono::Utc>,
) -> QueryResult<bool> {
    conn.transaction(async |conn| {
        let row: Option<(i64, String, String)> = representations::table
            .inner_join(relationships::table)
            .filter(representations::id.eq(id))
            .filter(representations::account_id.eq(account_id))
            .filter(representations::status.eq(RepresentationStatus::Claimed.code()))
            .select((
                representations::person_id,
                representations::claimed_name,
                relationships::name,
            ))
            .first(conn)
            .await
            .optional()?;
        let Some((person, claimed, relationship)) = row else {
            return Ok(false);
        };
        let to = reach(conn, person).await?;
        if !name_matches(&claimed, &to.name) {
            return Ok(false);
        }
        let key = format!("representation-{id}-code-{}", now.timestamp_micros());
        let params = serde_json::json!({
            "name": claimant_name,
            "relationship": relationship,
            "code": code,
        });
        let told = tell_person(
            conn,
            &to,
            &key,
            MessageKind::RepresentationClaimed,
            params,
            lang,
        )
        .await?;
        if told {
            super::one_time_codes::issue(conn, Purpose::Representation, id, code, now).await?;
        }
        Ok(told)
    })
    .await
}

async fn set_status(
    conn: &mut AsyncPgConnection,
    id: i64,
    status: RepresentationStatus,
    by: Option<ConfirmedBy>,
    decided_by: i64,
    note: Option<&str>,
) -> QueryResult<()> {
    diesel::update(representations::table.find(id))
        .set((
            representations::status.eq(status.code()),
            representations::confirmed_by.eq(by.map(ConfirmedBy::code)),
            representations::decided_at.eq(super::portal_now().nullable()),
            representations::decided_by.eq(Some(decided_by)),
            representations::note.eq(note),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Confirms claim `id` of `account_id` with the code the person gave them. A claim under a name
/// that is not on the record has no code and is never confirmed this way.
pub async fn confirm_by_code(
    conn: &mut AsyncPgConnection,
    account_id: i64,
    id: i64,
    typed: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> QueryResult<Result<(), CodeRefused>> {
    let verdict = conn
        .transaction(async |conn| {
            let mine: bool = diesel::select(diesel::dsl::exists(
                representations::table
                    .filter(representations::id.eq(id))
                    .filter(representations::account_id.eq(account_id))
                    .filter(representations::status.eq(RepresentationStatus::Claimed.code())),
            ))
            .get_result(conn)
            .await?;
            if !mine {
                return Ok(Err(CodeRefused::Spent));
            }
            super::one_time_codes::check(conn, Purpose::Representation, id, typed, now).await
        })
        .await?;
    if verdict.is_ok() {
        set_status(
            conn,
            id,
            RepresentationStatus::Confirmed,
            Some(ConfirmedBy::PersonCode),
            account_id,
            None,
        )
        .await?;
    }
    Ok(verdict)
}

/// Ends claim `id` of the representative `account_id`; false when there was none.
pub async fn end(conn: &mut AsyncPgConnection, account_id: i64, id: i64) -> QueryResult<bool> {
    diesel::update(
        representations::table
            .filter(representations::account_id.eq(account_id))
            .filter(representations::id.eq(id))
            .filter(representations::status.eq_any(LIVE)),
    )
    .set((
        representations::status.eq(RepresentationStatus::Ended.code()),
        representations::decided_at.eq(super::portal_now().nullable()),
        representations::decided_by.eq(Some(account_id)),
    ))
    .execute(conn)
    .await
    .map(|n| n == 1)
}

/// A claim to act for the signed-in (verified) person.
#[derive(Debug, Clone, Queryable)]
pub struct ClaimOnMe {
    /// Representation id.
    pub id: i64,
    /// Who says they act for the person.
    pub claimant_name: String,
    /// guardian / helper.
    pub kind: RepresentationKind,
    /// GB/T 4761 relationship code.
    pub relationship_code: String,
    /// Claimed or confirmed.
    pub status: RepresentationStatus,
    /// When it was claimed.
    pub created_at: DateTime<Utc>,
}

/// The live claims to act for the person attached to `account_id`.
pub async fn claims_on(
    conn: &mut AsyncPgConnection,
    account_id: i64,
) -> QueryResult<Vec<ClaimOnMe>> {
    representations::table
        .inner_join(people::table)
        .inner_join(relationships::table)
        .inner_join(accounts::table.on(accounts::id.eq(representations::account_id)))
        .filter(people::account_id.eq(Some(account_id)))
        .filter(representations::status.eq_any(LIVE))
        .order(representations::id)
        .select((
            representations::id,
            accounts::real_name,
            representations::kind,
            representations::relationship_code,
            representations::status,
            representations::created_at,
        ))
        .load(conn)
        .await
}

/// The person attached to `person_account` confirms or ends claim `id`; tells the
/// representative. False when the claim is not about them or no longer live.
pub async fn decide_by_person(
    conn: &mut AsyncPgConnection,
    person_account: i64,
    id: i64,
    confirm: bool,
    lang: &'static str,
) -> QueryResult<bool> {
    conn.transaction(async |conn| {
        let row: Option<(i64, RepresentationStatus)> = representations::table
            .inner_join(people::table)
            .filter(representations::id.eq(id))
            .filter(people::account_id.eq(Some(person_account)))
            .filter(representations::status.eq_any(LIVE))
            .select((representations::account_id, representations::status))
            .for_update()
            .first(conn)
            .await
            .optional()?;
        let Some((representative, status)) = row else {
            return Ok(false);
        };
        let (to, by) = if confirm {
            if status == RepresentationStatus::Confirmed {
                return Ok(true);
            }
            (
                RepresentationStatus::Confirmed,
                Some(ConfirmedBy::PersonAccount),
            )
        } else {
            (RepresentationStatus::Ended, None)
        };
        set_status(conn, id, to, by, person_account, None).await?;
        tell_representative(conn, representative, id, to, lang).await?;
        Ok(true)
    })
    .await
}

async fn tell_representative(
    conn: &mut AsyncPgConnection,
    representative: i64,
    id: i64,
    status: RepresentationStatus,
    lang: &'static str,
) -> QueryResult<()> {
    Notice {
        to: To::Account(representative),
        kind: MessageKind::RepresentationDecided,
        params: serde_json::json!({
            "state": format!("representation-{}", status.code()),
            "reference": id.to_string(),
        }),
        lang,
    }
    .post(conn)
    .await
    .map(|_| ())
}

/// A claim as a clerk checks it: the record's name beside the name given, the proof, who claims.
#[derive(Debug, Clone, Queryable)]
pub struct ClaimToCheck {
    /// Representation id.
    pub id: i64,
    /// The person's record.
    pub person_id: i64,
    /// The name on the record.
    pub record_name: String,
    /// The person's ID number.
    pub id_number: String,
    /// The name the representative gave.
    pub claimed_name: String,
    /// guardian / helper.
    pub kind: RepresentationKind,
    /// GB/T 4761 relationship code.
    pub relationship_code: String,
    /// Proof upload.
    pub proof_upload_id: i64,
    /// Proof file name.
    pub proof_name: String,
    /// The representative's name.
    pub claimant_name: String,
    /// The representative's account.
    pub claimant_id: i64,
    /// When it was claimed.
    pub created_at: DateTime<Utc>,
    /// Where the claim stands.
    pub status: RepresentationStatus,
}

impl ClaimToCheck {
    /// Whether the name given is the one on record.
    pub fn name_matches(&self) -> bool {
        name_matches(&self.claimed_name, &self.record_name)
    }
}

#[diesel::dsl::auto_type(no_type_alias)]
fn to_check_query() -> _ {
    representations::table
        .inner_join(people::table)
        .inner_join(relationships::table)
        .inner_join(uploads::table)
        .inner_join(accounts::table.on(accounts::id.eq(representations::account_id)))
        .select((
            representations::id,
            people::id,
            people::real_name,
            people::id_number,
            representations::claimed_name,
            representations::kind,
            representations::relationship_code,
            representations::proof_upload_id,
            uploads::original_name,
            accounts::real_name,
            accounts::id,
            representations::created_at,
            representations::status,
        ))
}

/// Claims waiting in `county`, oldest first, after `after` (keyset paging).
pub async fn claims_to_check(
    conn: &mut AsyncPgConnection,
    county: &str,
    after: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<ClaimToCheck>> {
    to_check_query()
        .filter(representations::county.eq(county))
        .filter(representations::status.eq(RepresentationStatus::Claimed.code()))
        .filter(representations::id.gt(after.unwrap_or(0)))
        .order(representations::id)
        .limit(limit)
        .load(conn)
        .await
}

/// Claim `id` if it is one for `county`'s clerks.
pub async fn claim_in(
    conn: &mut AsyncPgConnection,
    county: &str,
    id: i64,
) -> QueryResult<Option<ClaimToCheck>> {
    to_check_query()
        .filter(representations::county.eq(county))
        .filter(representations::id.eq(id))
        .first(conn)
        .await
        .optional()
}

/// A clerk's decision on a claim, after checking the proof.
#[derive(Debug, Clone)]
pub struct ClerkDecision<'a> {
    /// The clerk's account.
    pub clerk: i64,
    /// The clerk's office.
    pub office: i64,
    /// The county the clerk works for (the claim must wait there).
    pub county: &'a str,
    /// The claim.
    pub id: i64,
    /// Confirm, or refuse.
    pub confirm: bool,
    /// Why (required to refuse).
    pub note: &'a str,
    /// Language of the notices.
    pub lang: &'static str,
}

/// Applies a clerk's decision: audited, the representative and the person told. False when the
/// claim is not waiting in that county.
pub async fn decide_by_clerk(
    conn: &mut AsyncPgConnection,
    d: &ClerkDecision<'_>,
) -> QueryResult<bool> {
    let ClerkDecision {
        clerk,
        office,
        county,
        id,
        confirm,
        note,
        lang,
    } = d.clone();
    conn.transaction(async |conn| {
        let row: Option<(i64, i64)> = representations::table
            .filter(representations::id.eq(id))
            .filter(representations::county.eq(county))
            .filter(representations::status.eq(RepresentationStatus::Claimed.code()))
            .select((representations::account_id, representations::person_id))
            .for_update()
            .first(conn)
            .await
            .optional()?;
        let Some((representative, person)) = row else {
            return Ok(false);
        };
        let (to, by) = if confirm {
            (RepresentationStatus::Confirmed, Some(ConfirmedBy::Clerk))
        } else {
            (RepresentationStatus::Refused, None)
        };
        let note = Some(note).filter(|n| !n.trim().is_empty());
        set_status(conn, id, to, by, clerk, note).await?;
        super::audit::about_person(
            conn,
            clerk,
            Some(office),
            None,
            Some(person),
            &format!("representation {id} {}", to.code()),
        )
        .await?;
        tell_representative(conn, representative, id, to, lang).await?;
        let whom = reach(conn, person).await?;
        let key = format!("representation-{id}-{}", to.code());
        tell_person(
            conn,
            &whom,
            &key,
            MessageKind::RepresentationDecided,
            serde_json::json!({
                "state": format!("representation-{}", to.code()),
                "reference": id.to_string(),
            }),
            lang,
        )
        .await?;
        Ok(true)
    })
    .await
}

/// Gives claims without a county (the person had no case yet) the county of the application the
/// representative just submitted for the person.
pub async fn assign_county(
    conn: &mut AsyncPgConnection,
    account_id: i64,
    person_id: i64,
    county: &str,
) -> QueryResult<()> {
    diesel::update(
        representations::table
            .filter(representations::account_id.eq(account_id))
            .filter(representations::person_id.eq(person_id))
            .filter(representations::county.is_null()),
    )
    .set(representations::county.eq(Some(county)))
    .execute(conn)
    .await
    .map(|_| ())
}

/// All GB/T 4761 relationships (code, name), by code.
pub async fn relationships(conn: &mut AsyncPgConnection) -> QueryResult<Vec<(String, String)>> {
    relationships::table
        .select((relationships::code, relationships::name))
        .order(relationships::code)
        .load(conn)
        .await
}

/// The names of people `ids`, by id (one primary-key read).
pub async fn names(
    conn: &mut AsyncPgConnection,
    ids: &[i64],
) -> QueryResult<std::collections::BTreeMap<i64, String>> {
    let rows: Vec<(i64, String)> = people::table
        .filter(people::id.eq_any(ids))
        .select((people::id, people::real_name))
        .load(conn)
        .await?;
    Ok(rows.into_iter().collect())
}

/// The name and ID number on person `id`'s record.
pub async fn name_and_number(
    conn: &mut AsyncPgConnection,
    id: i64,
) -> QueryResult<Option<(String, String)>> {
    people::table
        .find(id)
        .select((people::real_name, people::id_number))
        .first(conn)
        .await
        .optional()
}

/// How the person at the window wants to be told (issue #21), as the clerk recorded it.
#[derive(Debug, Clone)]
pub struct CounterPerson<'a> {
    /// The ID number on the card the clerk saw.
    pub id_number: &'a str,
    /// The name on it.
    pub name: &'a str,
    /// Their mobile number, when they gave one.
    pub phone: Option<&'a str>,
    /// The language of their notices.
    pub notice_lang: &'a str,
    /// Whether they want notices by SMS.
    pub sms: bool,
}

impl CounterPerson<'_> {
    /// Records the person a clerk identified from their ID card at the window: the card's name
    /// is the record's (verified), with the mobile number and the way they want to be told.
    /// Returns the person's id.
    pub async fn record(&self, conn: &mut AsyncPgConnection) -> QueryResult<i64> {
        let person = upsert_person(conn, self.id_number, self.name).await?;
        diesel::update(people::table.find(person))
            .set((
                people::real_name.eq(self.name),
                people::name_verified.eq(true),
                people::notice_lang.eq(Some(self.notice_lang)),
                people::notify_sms.eq(self.sms),
            ))
            .execute(conn)
            .await?;
        if let Some(phone) = self.phone {
            record_phone(conn, person, phone).await?;
        }
        Ok(person)
    }
}

/// What the system holds about person `id` for a form filled in at the window: their latest
/// application's answers, their current valid certificate and the mobile number on record.
pub async fn known(
    conn: &mut AsyncPgConnection,
    id: i64,
) -> QueryResult<crate::domain::prefill::Known> {
    use crate::domain::CertificateStatus;
    use crate::domain::prefill::{HeldCertificate, Known};
    let earlier: Option<crate::domain::answers::Answers> = applications::table
        .filter(applications::person_id.eq(id))
        .order(applications::id.desc())
        .select(applications::answers)
        .first(conn)
        .await
        .optional()?;
    let certificate = super::certificates::current_of(conn, id)
        .await?
        .filter(|c| c.status == CertificateStatus::Valid)
        .map(|c| HeldCertificate {
            number: c.number,
            issued_on: c.issued_on,
        });
    let phone: Option<String> = people::table
        .find(id)
        .select(people::phone)
        .first(conn)
        .await?;
    Ok(Known {
        earlier,
        certificate,
        phone,
    })
}
