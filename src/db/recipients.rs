//! Who hears about a case: the facts [`crate::domain::channel::case_recipients`] decides on,
//! read in three indexed queries (the application with its person, the accounts involved, the
//! confirmed guardians).

use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::schema::{accounts, applications, people, representations};
use crate::domain::channel::{self, AccountReach, CaseContacts, Channel, Recipient};

/// How the person without an account is told.
#[derive(Debug, Clone, Default)]
pub struct PersonPreference {
    /// The language they chose for notices.
    pub notice_lang: Option<String>,
}

/// The recipients of a notice about application `application_id`, and the person's preference.
pub async fn of_case(
    conn: &mut AsyncPgConnection,
    application_id: i64,
) -> QueryResult<(Vec<Recipient>, PersonPreference)> {
    type Row = (
        i64,
        String,
        i64,
        Option<i64>,
        Option<String>,
        Option<String>,
        Option<String>,
        bool,
    );
    let (submitted_by, channel, person_id, person_account, on_record, given, notice_lang, sms): Row =
        applications::table
            .inner_join(people::table)
            .filter(applications::id.eq(application_id))
            .select((
                applications::account_id,
                applications::channel,
                people::id,
                people::account_id,
                people::phone,
                sql::<Nullable<Text>>("applications.answers->>'phone'"),
                people::notice_lang,
                people::notify_sms,
            ))
            .first(conn)
            .await?;
    let confirmed: &'static str = "confirmed";
    let guardian: &'static str = "guardian";
    let guardians: Vec<i64> = representations::table
        .filter(representations::person_id.eq(person_id))
        .filter(representations::status.eq(confirmed))
        .filter(representations::kind.eq(guardian))
        .select(representations::account_id)
        .load(conn)
        .await?;
    let ids: Vec<i64> = std::iter::once(submitted_by)
        .chain(person_account)
        .chain(guardians.iter().copied())
        .collect();
    let reach: Vec<AccountReach> = accounts::table
        .filter(accounts::id.eq_any(&ids))
        .select((accounts::id, accounts::phone))
        .load::<(i64, String)>(conn)
        .await?
        .into_iter()
        .map(|(id, phone)| AccountReach {
            id,
            phone: (!phone.is_empty()).then_some(phone),
        })
        .collect();
    let find = |id: i64| {
        reach
            .iter()
            .find(|r| r.id == id)
            .cloned()
            .unwrap_or(AccountReach { id, phone: None })
    };
    let contacts = CaseContacts {
        channel: Channel::from_code(&channel).unwrap_or(Channel::Online),
        submitted_by: find(submitted_by),
        person_account: person_account.map(find),
        person_sms_to: on_record.or(given).filter(|p| sms && !p.is_empty()),
        guardians: guardians.into_iter().map(find).collect(),
    };
    Ok((
        channel::case_recipients(&contacts),
        PersonPreference { notice_lang },
    ))
}
