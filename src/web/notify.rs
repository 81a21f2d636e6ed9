//! Telling a person something: into their portal inbox and, through the outbox, by email and SMS
//! (a delivery failure never loses the inbox copy; the worker retries).

use chrono_tz::Asia::Shanghai;
use diesel_async::AsyncPgConnection;

use super::state::AppState;
use crate::db::accounts::Account;
use crate::db::inbox::MessageKind;
use crate::db::outbox::{Notice, To};
use crate::i18n::Lang;

/// Posts `kind` (with the time and the account's name) to the account's inbox and queues it for
/// email and SMS.
pub async fn notify(
    state: &AppState,
    conn: &mut AsyncPgConnection,
    lang: Lang,
    account: &Account,
    kind: MessageKind,
) -> diesel::QueryResult<()> {
    let time = state
        .clock
        .now()
        .with_timezone(&Shanghai)
        .format("%Y-%m-%d %H:%M")
        .to_string();
    Notice {
        to: To::Account(account.id),
        kind,
        params: serde_json::json!({ "time": time, "name": account.real_name }),
        lang: lang.tag(),
    }
    .post(conn)
    .await?;
    sent(state, account.id);
    Ok(())
}

/// After a commit that posted notices to `account_id`: read the account afresh (unread count,
/// session epoch) and wake the outbox worker.
pub fn sent(state: &AppState, account_id: i64) {
    state.accounts.forget(account_id);
    state.outbox.wake();
}
