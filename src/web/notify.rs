//! Telling a person something: always into their portal inbox, and by email too when they gave an
//! address (sent in the background; a mail failure never loses the inbox copy).

use chrono::Utc;
use chrono_tz::Asia::Shanghai;
use diesel_async::AsyncPgConnection;

use super::state::AppState;
use crate::db::accounts::Account;
use crate::db::inbox::{self, MessageKind};
use crate::email::Mailer;
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
    // A new message (and, for password changes, a new session epoch): read the account afresh.
    state.accounts.forget(account.id);
    let args = vec![("time", time), ("name", account.real_name.clone())];
    mail(
        &state.mailer,
        lang,
        account.email.clone(),
        account.id,
        kind,
        args,
    );
    Ok(())
}

/// Mails the text of `kind` (the inbox copy is the caller's) in the background, when there is an
/// address.
pub fn mail(
    mailer: &Mailer,
    lang: Lang,
    email: Option<String>,
    account_id: i64,
    kind: MessageKind,
    args: Vec<(&'static str, String)>,
) {
    let Some(email) = email else { return };
    let subject = lang.t_args(&format!("inbox-{}-subject", kind.code()), &args);
    let body = lang.t_args(&format!("inbox-{}-body", kind.code()), &args);
    let mailer = mailer.clone();
    tokio::spawn(async move {
        if let Err(e) = mailer.send(&email, &subject, body).await {
            tracing::error!(account = account_id, error = %e, "notification mail not sent");
        }
    });
}
