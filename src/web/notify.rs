//! Telling a person something: always into their portal inbox, and by email too when they gave an
//! address (sent in the background; a mail failure never loses the inbox copy).

use chrono::Utc;
use chrono_tz::Asia::Shanghai;
use diesel_async::AsyncPgConnection;

use super::state::AppState;
use crate::db::accounts::Account;
use crate::db::inbox::{self, MessageKind};
use crate::i18n::Lang;

/// Posts `kind` to the account's inbox and mails it when the account has an email address.
pub async fn notify(
    state: &AppState,
    conn: &mut AsyncPgConnection,
    lang: Lang,
    account: &Account,
    kind: MessageKind,
) -> diesel::QueryResult<()> {
    let time = Utc::now()
        .with_timezone(&Shanghai)
        .format("%Y-%m-%d %H:%M")
        .to_string();
    let params = serde_json::json!({ "time": time, "name": account.real_name });
    inbox::post(conn, account.id, kind, params).await?;
    if let Some(email) = account.email.clone() {
        let args = [("time", time), ("name", account.real_name.clone())];
        let subject = lang.t_args(&format!("inbox-{}-subject", kind.code()), &args);
        let body = lang.t_args(&format!("inbox-{}-body", kind.code()), &args);
        let mailer = state.mailer.clone();
        let account_id = account.id;
        actix_web::rt::spawn(async move {
            if let Err(e) = mailer.send(&email, &subject, body).await {
                tracing::error!(account = account_id, error = %e, "notification mail not sent");
            }
        });
    }
    Ok(())
}
