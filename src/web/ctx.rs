//! The per-request page context: language, display preferences, session, CSRF token and the
//! signed-in account. Every page handler takes a [`Ctx`]; it also enforces the idle timeout.

use actix_session::{Session, SessionExt};
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use chrono::{DateTime, Utc};
use futures_util::future::LocalBoxFuture;

use super::error::AppError;
use super::state::AppState;
use crate::db::accounts::Account;
use crate::i18n::Lang;

/// Session keys.
pub mod keys {
    /// Signed-in account id.
    pub const UID: &str = "uid";
    /// The account's session epoch at sign-in.
    pub const EPOCH: &str = "epoch";
    /// Last activity, unix seconds.
    pub const SEEN: &str = "seen";
    /// When the account signed in, unix seconds (for the absolute lifetime).
    pub const SINCE: &str = "since";
    /// A registration waiting for its code (0: one that cannot succeed).
    pub const PENDING_REGISTRATION: &str = "pending_registration";
    /// The mobile number the registration's code went to.
    pub const PENDING_PHONE: &str = "pending_phone";
    /// Synchroniser token for forms.
    pub const CSRF: &str = "csrf";
    /// A one-time notice (a locale key) for the next page.
    pub const FLASH: &str = "flash";
}

/// Seconds between two writes of the last activity to the session store.
const SEEN_EVERY: i64 = 30;

/// Cookie holding the language choice.
pub const LANG_COOKIE: &str = "lang";
/// Cookie holding display preferences (`large`, `contrast`, comma separated).
pub const DISPLAY_COOKIE: &str = "display";

/// The request's context for rendering a page.
pub struct Ctx {
    /// Chosen language.
    pub lang: Lang,
    /// The session.
    pub session: Session,
    /// Signed-in account, if any.
    pub account: Option<Account>,
    /// Shared state.
    pub state: web::Data<AppState>,
    /// Form token.
    pub csrf: CsrfToken,
    /// Large text chosen.
    pub large_text: bool,
    /// High contrast chosen.
    pub high_contrast: bool,
    /// Path and query of this request (for the language and display switches).
    pub path: String,
    /// One-time notice key.
    pub flash: Option<String>,
    /// When the signed-in session ends without activity.
    pub expires_at: Option<DateTime<Utc>>,
    /// Unread inbox messages of the signed-in account.
    pub unread: i64,
}

/// The data every page template needs (layout, header and footer).
pub struct Page {
    /// Language.
    pub lang: Lang,
    /// Localised page title (without the service name).
    pub title: String,
    /// Form token.
    pub csrf: CsrfToken,
    /// Signed-in person's name.
    pub user_name: Option<String>,
    /// Someone is signed in.
    pub signed_in: bool,
    /// Unread inbox messages.
    pub unread: i64,
    /// Signed in with a role that works cases (the header links the work queue).
    pub is_staff: bool,
    /// Signed in as an administrator (the header links the administration pages).
    pub is_admin: bool,
    /// Current path and query.
    pub path: String,
    /// Large text.
    pub large_text: bool,
    /// High contrast.
    pub high_contrast: bool,
    /// One-time notice text.
    pub notice: Option<String>,
    /// When the signed-in session ends without activity.
    pub session_end: Option<SessionEnd>,
    /// Seconds of the idle timeout.
    pub idle_seconds: u64,
    /// The form had errors (prefixes the title with “Error:”).
    pub has_errors: bool,
}

/// The token for forms, made the first time a page shows it: the session's synchroniser token
/// when the session has one (every signed-in session does), else the visitor's form cookie
/// ([`super::middleware::csrf::FORM_COOKIE`], set with the page that first shows it; the
/// middleware checks the same one). So a visitor who is not signed in gets no session — no row
/// written for reading a form, no session read for sending one — and a page without a form sets
/// no cookie at all.
#[derive(Clone)]
pub struct CsrfToken {
    session: Session,
    /// The form cookie the request carried, and where a new one is left for the response; `None`
    /// outside the CSRF middleware (the error pages), where the token goes in the session.
    cookie: Option<(Option<String>, super::middleware::csrf::IssuedToken)>,
    value: std::rc::Rc<std::cell::OnceCell<String>>,
}

impl CsrfToken {
    /// The token of `session`, made (and kept there) when first shown.
    pub fn new(session: Session) -> Self {
        CsrfToken {
            session,
            cookie: None,
            value: Default::default(),
        }
    }

    /// The token of `session` if it has one, else of the form cookie the request carried
    /// (`sent`), else a new one that `issued` hands to the middleware to set.
    pub fn with_cookie(
        session: Session,
        sent: Option<String>,
        issued: super::middleware::csrf::IssuedToken,
    ) -> Self {
        CsrfToken {
            session,
            cookie: Some((sent, issued)),
            value: Default::default(),
        }
    }

    /// The token (created now if there is none).
    pub fn value(&self) -> &str {
        self.value.get_or_init(|| {
            if let Some(t) = self.session.get::<String>(keys::CSRF).ok().flatten() {
                return t;
            }
            match &self.cookie {
                Some((Some(sent), _)) => sent.clone(),
                Some((None, issued)) => issued.issue(),
                None => {
                    let t = crate::auth::random_token();
                    // A failure here only means the next form post is refused and shown again.
                    let _ = self.session.insert(keys::CSRF, &t);
                    t
                }
            }
        })
    }
}

impl std::fmt::Display for CsrfToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.value())
    }
}

/// The end of an idle session.
#[derive(serde::Serialize)]
pub struct SessionEnd {
    /// Local time (Asia/Shanghai) `HH:MM`.
    pub time: String,
    /// Unix seconds on the app's clock.
    pub unix: i64,
    /// Seconds from now to the end, for the JavaScript warning: counted on the device from the
    /// moment the page arrives, so a device whose clock is wrong (or an app whose clock is set,
    /// `--clock-start`) still warns on time.
    pub seconds_left: i64,
    /// The notice shown on every page while signed in.
    pub notice: String,
    /// The warning shown (with JavaScript) shortly before the end.
    pub warning: String,
}

impl Page {
    /// The URL of a static file with its content's hash ([`crate::web::assets`]).
    pub fn asset(&self, path: &str) -> String {
        crate::web::assets::url(path)
    }

    /// Text for `key` in the page language.
    pub fn t(&self, key: &str) -> std::borrow::Cow<'static, str> {
        self.lang.text(key)
    }

    /// Text for `key` with one argument.
    pub fn t1(&self, key: &str, name: &'static str, value: &str) -> String {
        self.lang.t_args(key, &[(name, value.to_owned())])
    }

    /// The `<title>`: “Page – 残疾人服务一件事”, with an error prefix when the form failed.
    pub fn full_title(&self) -> String {
        let base = format!("{} – {}", self.title, self.t("service-name"));
        match &self.notice {
            _ if self.has_errors => format!("{}{}", self.t("error-title-prefix"), base),
            // What just happened comes first, as the page's notice says it.
            Some(notice) => format!("{notice} – {base}"),
            None => base,
        }
    }

    /// Classes for `<body>` from the display preferences.
    pub fn body_class(&self) -> String {
        let mut c = vec![];
        if self.large_text {
            c.push("text-large");
        }
        if self.high_contrast {
            c.push("contrast-high");
        }
        c.join(" ")
    }

    /// The language the switch offers.
    pub fn other_lang(&self) -> Lang {
        match self.lang {
            Lang::ZhCn => Lang::En,
            Lang::En => Lang::ZhCn,
        }
    }
}

impl Ctx {
    /// The page data for a page titled with locale key `title_key`.
    pub fn page(&mut self, title_key: &str) -> Page {
        // The notice is consumed only by a page that shows it (not by a redirect).
        let notice = self.flash.take().map(|k| {
            self.session.remove(keys::FLASH);
            self.lang.t(&k)
        });
        Page {
            lang: self.lang,
            title: self.lang.t(title_key),
            csrf: self.csrf.clone(),
            user_name: self.account.as_ref().map(|a| a.real_name.clone()),
            signed_in: self.account.is_some(),
            unread: self.unread,
            is_staff: self
                .account
                .as_ref()
                .is_some_and(|a| a.roles().iter().any(|r| r.works_cases())),
            is_admin: self
                .account
                .as_ref()
                .is_some_and(|a| a.has_role(crate::domain::Role::Admin)),
            path: self.path.clone(),
            large_text: self.large_text,
            high_contrast: self.high_contrast,
            notice,
            session_end: self.session_end(),
            idle_seconds: self.state.settings.idle_timeout().as_secs(),
            has_errors: false,
        }
    }

    /// When the session ends unless used again, in words for the session bar and the warning.
    pub fn session_end(&self) -> Option<SessionEnd> {
        let t = self.expires_at?;
        let time = t
            .with_timezone(&chrono_tz::Asia::Shanghai)
            .format("%H:%M")
            .to_string();
        let minutes = self
            .state
            .settings
            .idle_timeout()
            .as_secs()
            .div_ceil(60)
            .to_string();
        Some(SessionEnd {
            notice: self.lang.t_args(
                "session-timeout-notice",
                &[("time", time.clone()), ("minutes", minutes)],
            ),
            warning: self
                .lang
                .t_args("session-warning-body", &[("time", time.clone())]),
            time,
            unix: t.timestamp(),
            seconds_left: (t - self.state.clock.now()).num_seconds().max(0),
        })
    }

    /// The signed-in account, or a redirect to the sign-in page.
    pub fn require_account(&self) -> Result<&Account, AppError> {
        self.account
            .as_ref()
            .ok_or_else(|| AppError::SignInRequired(self.path.clone()))
    }

    /// Records activity now (the “stay signed in” button): the idle timeout starts again, within
    /// the absolute lifetime.
    pub fn extend(&mut self) -> Result<(), AppError> {
        if self.account.is_none() {
            return Ok(());
        }
        let now = self.state.clock.now();
        self.session.insert(keys::SEEN, now.timestamp())?;
        let since = self
            .session
            .get::<i64>(keys::SINCE)
            .ok()
            .flatten()
            .unwrap_or(0);
        let settings = &self.state.settings;
        let idle = i64::try_from(settings.idle_timeout().as_secs()).unwrap_or(i64::MAX);
        let lifetime = i64::try_from(settings.session_lifetime().as_secs()).unwrap_or(i64::MAX);
        let end = now
            .timestamp()
            .saturating_add(idle)
            .min(since.saturating_add(lifetime));
        self.expires_at = chrono::DateTime::from_timestamp(end, 0);
        Ok(())
    }

    /// Sets a one-time notice shown on the next page.
    pub fn flash(&self, key: &str) -> Result<(), AppError> {
        Ok(self.session.insert(keys::FLASH, key)?)
    }

    async fn load(req: HttpRequest) -> Result<Ctx, AppError> {
        let state = req
            .app_data::<web::Data<AppState>>()
            .cloned()
            .ok_or_else(|| anyhow::anyhow!("AppState missing"))?;
        let session = req.get_session();
        let lang = req
            .cookie(LANG_COOKIE)
            .and_then(|c| Lang::from_tag(c.value()))
            .or_else(|| accept_language(&req))
            .unwrap_or_default();
        let display = req
            .cookie(DISPLAY_COOKIE)
            .map(|c| c.value().to_owned())
            .unwrap_or_default();
        let csrf = match super::middleware::csrf::IssuedToken::of(&req) {
            Some(issued) => {
                CsrfToken::with_cookie(session.clone(), super::middleware::csrf::sent(&req), issued)
            }
            None => CsrfToken::new(session.clone()),
        };
        let now = state.clock.now();
        let idle = state.settings.idle_timeout();
        let mut account = None;
        let mut expires_at = None;
        let mut unread = 0;
        if let Some(uid) = session.get::<i64>(keys::UID).ok().flatten() {
            let seen = session.get::<i64>(keys::SEEN).ok().flatten().unwrap_or(0);
            let since = session.get::<i64>(keys::SINCE).ok().flatten().unwrap_or(0);
            let idle_secs = i64::try_from(idle.as_secs()).unwrap_or(i64::MAX);
            let lifetime =
                i64::try_from(state.settings.session_lifetime().as_secs()).unwrap_or(i64::MAX);
            if now.timestamp() - seen > idle_secs {
                end_session(&session, Some("notice-session-expired"))?;
            } else if now.timestamp() - since > lifetime {
                end_session(&session, Some("notice-session-lifetime"))?;
            } else {
                let found = match state.accounts.get(uid) {
                    Some(hit) => Some(hit),
                    None => {
                        let mut conn = state.conn().await?;
                        let found = Account::find_with_unread(&mut conn, uid).await?;
                        if let Some((a, n)) = &found {
                            state.accounts.put(a.clone(), *n);
                        }
                        found
                    }
                };
                let epoch = session.get::<i32>(keys::EPOCH).ok().flatten();
                match found {
                    Some((a, n)) if Some(a.session_epoch) == epoch => {
                        // Activity is written at most every few seconds: each write is a
                        // statement against the session store.
                        let seen = if now.timestamp() - seen >= SEEN_EVERY.min(idle_secs / 4) {
                            session.insert(keys::SEEN, now.timestamp())?;
                            now.timestamp()
                        } else {
                            seen
                        };
                        let idle_end = seen.saturating_add(idle_secs);
                        let end = idle_end.min(since.saturating_add(lifetime));
                        expires_at = chrono::DateTime::from_timestamp(end, 0);
                        account = Some(a);
                        unread = n;
                    }
                    _ => end_session(&session, Some("notice-signed-out-elsewhere"))?,
                }
            }
        }
        let flash = session.get::<String>(keys::FLASH).ok().flatten();
        let path = match req.uri().query() {
            Some(q) => format!("{}?{q}", req.path()),
            None => req.path().to_owned(),
        };
        Ok(Ctx {
            lang,
            session,
            account,
            state,
            csrf,
            large_text: display.split(',').any(|p| p == "large"),
            high_contrast: display.split(',').any(|p| p == "contrast"),
            path,
            flash,
            expires_at,
            unread,
        })
    }
}

/// Ends the signed-in part of a session, keeping a fresh CSRF token and an optional notice.
pub fn end_session(session: &Session, notice: Option<&str>) -> Result<(), AppError> {
    session.clear();
    session.renew();
    session.insert(keys::CSRF, crate::auth::random_token())?;
    if let Some(n) = notice {
        session.insert(keys::FLASH, n)?;
    }
    Ok(())
}

/// The first language of `Accept-Language` the portal speaks.
pub fn accept_language(req: &HttpRequest) -> Option<Lang> {
    let header = req
        .headers()
        .get(actix_web::http::header::ACCEPT_LANGUAGE)?
        .to_str()
        .ok()?;
    header
        .split(',')
        .map(|part| part.split(';').next().unwrap_or(""))
        .find_map(Lang::from_tag)
}

impl FromRequest for Ctx {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(Ctx::load(req))
    }
}
