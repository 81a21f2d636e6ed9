//! Public verification of a certificate (no account): `GET /verify?t=<token>` is where the QR
//! code of an electronic certificate points; `POST /verify` checks a typed number and the code
//! printed beside the QR code (posted, so the number — an ID number plus two digits — never
//! appears in a URL, a history or a log). Either shows only the status (valid / frozen / cancelled
//! / expired / migrated), the masked name, category, grade and expiry — read from the database
//! on every request, so a status change shows at once. `GET /.well-known/certificate-keys.json`
//! publishes the public keys so that a third party can check a token offline. Rate-limited per
//! address.

use actix_web::{HttpRequest, HttpResponse};
use askama::Template;
use base64::Engine as _;
use chrono::{NaiveDate, Utc};

use crate::db::certificates::{self, ForVerification};
use crate::domain::CertificateNumber;
use crate::domain::e_certificate::{TokenError, Verdict, verdict};
use crate::domain::publication::mask_name;
use crate::i18n::Lang;
use crate::rate_limit::again_at;
use crate::web::ctx::{Ctx, Page};
use crate::web::error::{AppError, AppResult};
use crate::web::form::FormErrors;
use crate::web::render::html_status;

/// What the page shows of a certificate.
pub struct Shown {
    /// Status code (`valid`, `frozen` …; `expired` once past its last day).
    status: String,
    /// In words.
    status_text: String,
    name: String,
    category: String,
    grade: String,
    expires_on: String,
}

/// `templates/public/verify.html`.
#[derive(Template)]
#[template(path = "public/verify.html")]
pub struct VerifyPage {
    page: Page,
    errors: FormErrors,
    number: String,
    code: String,
    /// The answer, once asked: the verdict's code (`current`, `outdated`, `replaced`, `invalid`).
    verdict: Option<&'static str>,
    shown: Option<Shown>,
}

fn shown(lang: Lang, row: &ForVerification, today: NaiveDate) -> Shown {
    // A valid certificate past its last day is expired to the verifier.
    let status = row.status.as_of(row.expires_on, today).code().to_owned();
    Shown {
        status_text: lang.t(&format!("certificate-status-{}", status.replace('_', "-"))),
        status,
        name: mask_name(&row.real_name),
        category: super::publications::category_name(lang, row.category),
        grade: super::publications::grade_name(lang, row.grade),
        expires_on: row.expires_on.to_string(),
    }
}

fn verdict_code(v: Verdict) -> &'static str {
    match v {
        Verdict::Current => "current",
        Verdict::Outdated => "outdated",
        Verdict::Replaced => "replaced",
        Verdict::Invalid => "invalid",
    }
}

fn client(req: &HttpRequest) -> String {
    crate::web::client::client_address(req)
}

/// A refusal for too many checks, shown as the form's error (429).
fn limited(ctx: Ctx, until: chrono::DateTime<Utc>, typed: (String, String)) -> AppResult {
    let mut errors = FormErrors::default();
    errors.add(
        "number",
        ctx.lang
            .t_args("verify-locked", &[("time", again_at(until))]),
    );
    render(
        ctx,
        errors,
        typed,
        None,
        None,
        actix_web::http::StatusCode::TOO_MANY_REQUESTS,
    )
}

fn render(
    mut ctx: Ctx,
    errors: FormErrors,
    typed: (String, String),
    verdict: Option<&'static str>,
    shown: Option<Shown>,
    status: actix_web::http::StatusCode,
) -> AppResult {
    let mut page = ctx.page("verify-title");
    page.has_errors = !errors.is_empty();
    let tpl = VerifyPage {
        page,
        errors,
        number: typed.0,
        code: typed.1,
        verdict,
        shown,
    };
    html_status(status, &tpl)
}

/// `GET /verify?t=<token>`: the QR code's link (a query string, so the path stays static and
/// costs the router nothing to match).
async fn token(req: &HttpRequest, ctx: Ctx, token: &str) -> AppResult {
    if let Err(until) = ctx
        .state
        .limits
        .verify_per_address
        .check(&client(req))
        .await?
    {
        return limited(ctx, until, Default::default());
    }
    let today = ctx.state.clock.today();
    let claims = ctx.state.keyring.verify(token, today);
    let (v, row) = match claims {
        Ok(claims) => {
            let mut conn = ctx.state.read_conn().await?;
            let row = certificates::for_verification(&mut conn, claims.certificate_id).await?;
            drop(conn);
            let v = verdict(
                &ctx.state.keyring,
                &claims,
                row.as_ref().map(|r| {
                    (
                        r.number.as_str(),
                        r.status_version,
                        r.superseded_by.is_some(),
                    )
                }),
            );
            (v, row)
        }
        // Forged, tampered, or signed with a retired or unknown key.
        Err(
            TokenError::Malformed
            | TokenError::UnknownKey
            | TokenError::KeyRetired
            | TokenError::BadSignature,
        ) => (Verdict::Invalid, None),
    };
    tracing::info!(verdict = verdict_code(v), "certificate verified by token");
    let shown = match v {
        Verdict::Current | Verdict::Outdated => row.as_ref().map(|r| shown(ctx.lang, r, today)),
        _ => None,
    };
    render(
        ctx,
        FormErrors::default(),
        Default::default(),
        Some(verdict_code(v)),
        shown,
        actix_web::http::StatusCode::OK,
    )
}

/// `GET /verify` (the form) and `GET /verify?t=<token>` (the QR code).
pub async fn show(req: HttpRequest, ctx: Ctx) -> AppResult {
    if let Some((_, t)) =
        form_urlencoded::parse(req.query_string().as_bytes()).find(|(k, _)| k == "t")
    {
        return token(&req, ctx, &t).await;
    }
    render(
        ctx,
        FormErrors::default(),
        Default::default(),
        None,
        None,
        actix_web::http::StatusCode::OK,
    )
}

/// `POST /verify`: a typed number and code.
pub async fn typed(
    req: HttpRequest,
    ctx: Ctx,
    form: crate::web::form::FieldForm<Vec<(String, String)>>,
) -> AppResult {
    let lang = ctx.lang;
    let (fields, mut errors) = form.into_parts(lang);
    let f = crate::web::form::Fields::from(fields);
    let number: String = f
        .get("number")
        .trim()
        .to_uppercase()
        .chars()
        .take(40)
        .collect();
    let code: String = f.get("code").trim().chars().take(40).collect();
    let typed = (number.clone(), code.clone());
    let parsed = CertificateNumber::parse(&number);
    if parsed.is_err() {
        errors.add("number", lang.t("verify-number-invalid"));
    }
    if code.chars().filter(|c| c.is_ascii_alphanumeric()).count() != 8 {
        errors.add("code", lang.t("verify-code-invalid"));
    }
    let parsed = match (parsed, errors.is_empty()) {
        (Ok(p), true) => p,
        _ => {
            return render(
                ctx,
                errors,
                typed,
                None,
                None,
                actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
    };
    if let Err(until) = ctx
        .state
        .limits
        .verify_per_address
        .check(&client(&req))
        .await?
    {
        return limited(ctx, until, typed);
    }
    let today = ctx.state.clock.today();
    let mut conn = ctx.state.read_conn().await?;
    let rows = certificates::by_number(&mut conn, &parsed.as_string()).await?;
    drop(conn);
    let keyring = &ctx.state.keyring;
    // The code is the card's own: it says which of the cards with this number was shown. A
    // replaced card says so, as its QR code does, whatever state its code was printed in (the
    // replacement changed its state, so its printed code is of an earlier version).
    let matches = |r: &certificates::ForVerification| {
        if r.superseded_by.is_some() {
            (0..=r.status_version)
                .rev()
                .take(20)
                .any(|v| keyring.code_matches(&code, r.id, &r.number, v))
        } else {
            keyring.code_matches(&code, r.id, &r.number, r.status_version)
        }
    };
    let row = rows.into_iter().find(|r| matches(r));
    let v = match &row {
        Some(r) if r.superseded_by.is_some() => Verdict::Replaced,
        Some(_) => Verdict::Current,
        None => Verdict::Invalid,
    };
    tracing::info!(verdict = verdict_code(v), "certificate verified by number");
    let shown = match v {
        Verdict::Current => row.as_ref().map(|r| shown(lang, r, today)),
        _ => None,
    };
    render(
        ctx,
        FormErrors::default(),
        typed,
        Some(verdict_code(v)),
        shown,
        actix_web::http::StatusCode::OK,
    )
}

/// `GET /.well-known/certificate-keys.json`: every public key with its id (JWK, RFC 8037) and the
/// last day tokens signed with it are accepted.
pub async fn keys(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let keys: Vec<serde_json::Value> = ctx
        .state
        .keyring
        .keys()
        .iter()
        .map(|k| {
            serde_json::json!({
                "kty": "OKP",
                "crv": "Ed25519",
                "alg": "EdDSA",
                "use": "sig",
                "kid": k.kid,
                "x": base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(k.public().to_bytes()),
                "retired_after": k.retired_after.map(|d| d.to_string()),
            })
        })
        .collect();
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .json(serde_json::json!({
            "format": "v2.<kid>.<certificate id>.<hex of the first 16 bytes of a keyed HMAC-SHA-256 of the number>.<status version>.<base64url Ed25519 signature of everything before it>",
            "keys": keys
        })))
}
