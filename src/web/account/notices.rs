//! `GET/POST /account/notices`: how the account holder wants to be told (issue #21): the
//! language of email and SMS, and whether by email and by SMS (the portal inbox always keeps a
//! copy, so nothing is lost when both are off).

use askama::Template;

use crate::db::accounts;
use crate::i18n::Lang;
use crate::web::ctx::{Ctx, Page};
use crate::web::error::AppResult;
use crate::web::form::{Fields, FormErrors};
use crate::web::render::{form_page, see_other};

/// `templates/account/notices.html`.
#[derive(Template)]
#[template(path = "account/notices.html")]
pub struct NoticesPage {
    page: Page,
    errors: FormErrors,
    /// Chosen language: `zh`, `en` or `page` (the language of the page that caused the notice).
    lang: String,
    email: bool,
    sms: bool,
    /// Whether the account has an email address.
    has_email: bool,
}

impl NoticesPage {
    /// The radio id: the field's own for the first (the error summary links to it).
    fn radio_id(&self, first: bool, value: &str) -> String {
        if first {
            "notice_lang".to_owned()
        } else {
            format!("notice_lang-{value}")
        }
    }
}

/// `GET /account/notices`
pub async fn show(mut ctx: Ctx) -> AppResult {
    let account = ctx.require_account()?.clone();
    let page = ctx.page("notices-title");
    let p = NoticesPage {
        page,
        errors: FormErrors::default(),
        lang: match account.notice_lang.as_deref().and_then(Lang::from_tag) {
            Some(Lang::En) => "en",
            Some(Lang::ZhCn) => "zh",
            None => "page",
        }
        .to_owned(),
        email: account.notify_email,
        sms: account.notify_sms,
        has_email: account.email.is_some(),
    };
    form_page(&p, false)
}

/// `POST /account/notices`
pub async fn submit(
    mut ctx: Ctx,
    form: crate::web::form::Form<Vec<(String, String)>>,
) -> AppResult {
    let account = ctx.require_account()?.clone();
    let f = Fields::from(form.into_inner());
    let chosen = f.get("notice_lang");
    let lang = match chosen.as_str() {
        "page" => Some(None),
        tag => Lang::from_tag(tag).map(|l| Some(l.tag())),
    };
    let (email, sms) = (f.get("email") == "yes", f.get("sms") == "yes");
    let Some(lang) = lang else {
        let mut errors = FormErrors::default();
        errors.add("notice_lang", ctx.lang.t("notices-lang-missing"));
        let mut page = ctx.page("notices-title");
        page.has_errors = true;
        let p = NoticesPage {
            page,
            errors,
            lang: chosen,
            email,
            sms,
            has_email: account.email.is_some(),
        };
        return form_page(&p, true);
    };
    let mut conn = ctx.state.conn().await?;
    accounts::set_notices(&mut conn, account.id, lang, email, sms).await?;
    drop(conn);
    ctx.state.accounts.forget(account.id);
    ctx.flash("notice-notices-saved")?;
    Ok(see_other("/account"))
}
