//! `GET/POST /publications/lookup`: a person (or their guardian) enters the ID number and name and
//! sees their own assessment conclusion and how to request a review, with the exact last date.
//! Every attempt counts against the address and the ID number typed.
//!
//! A result on the public announcement is shown at once. One that is deliberately not public (a
//! minor, or not meeting the standard: 000 §三(二) tells those by SMS) is shown only to the
//! signed-in applicant or the person's verified or confirmed representative account, or after the
//! code sent by SMS to the mobile number the application gave. Everyone else — an unknown person,
//! a wrong name, a case not yet assessed, a stranger who knows the ID number and name — gets the
//! same code page, on which no code ever works.

use actix_web::HttpRequest;
use askama::Template;

use crate::db::publications;
use crate::domain::publication::PublicationDates;
use crate::domain::review::ReviewState;
use crate::domain::workflow::ItemState;
use crate::domain::{IdNumber, policy};
use crate::rate_limit::again_at;
use crate::web::ctx::{Ctx, Page};
use crate::web::error::AppResult;
use crate::web::form::{Fields, FormErrors};
use crate::web::render::form_page;

/// The result shown.
pub struct Found {
    meets: bool,
    /// The final conclusion of a review (终评).
    is_final: bool,
    category: String,
    grade: String,
    /// The right to a review in words: until when, closed since when, requested, or final.
    rights: String,
}

/// `templates/public/lookup.html`.
#[derive(Template)]
#[template(path = "public/lookup.html")]
pub struct LookupPage {
    page: Page,
    errors: FormErrors,
    id_number: String,
    name: String,
    /// Looked up: `Some(None)` is the uniform “nothing to show”.
    result: Option<Option<Found>>,
    /// Waiting for the code sent by SMS (the uniform answer to everything not public).
    asking_code: bool,
    code: String,
}

fn render(
    mut ctx: Ctx,
    errors: FormErrors,
    typed: (String, String),
    result: Option<Option<Found>>,
) -> AppResult {
    let mut page = ctx.page(if result.is_some() {
        "lookup-result-title"
    } else {
        "lookup-title"
    });
    page.has_errors = !errors.is_empty();
    let has_errors = page.has_errors;
    form_page(
        &LookupPage {
            page,
            errors,
            id_number: typed.0,
            name: typed.1,
            result,
            asking_code: false,
            code: String::new(),
        },
        has_errors,
    )
}

fn render_code(mut ctx: Ctx, errors: FormErrors, code: String) -> AppResult {
    let mut page = ctx.page("lookup-code-title");
    page.has_errors = !errors.is_empty();
    let has_errors = page.has_errors;
    form_page(
        &LookupPage {
            page,
            errors,
            id_number: String::new(),
            name: String::new(),
            result: None,
            asking_code: true,
            code,
        },
        has_errors,
    )
}

/// Session key of a lookup waiting for its code: the ID number and name typed, and the wrong
/// codes so far.
const WAITING: &str = "lookup_waiting";

/// The view of a conclusion: the result and the right to a review in words.
fn view(
    lang: crate::i18n::Lang,
    c: &publications::Conclusion,
    today: chrono::NaiveDate,
    calendar: Option<&crate::domain::Calendar>,
) -> Option<Found> {
    // The window runs from the publication start or the notice (000 §三(二)), where the seeds
    // give it a length.
    let policy = policy::for_province(&c.county).policy;
    let until = c.objection_until.or_else(|| {
        let notified = matches!(c.status, ItemState::Notified { .. });
        let since = c.state_since.filter(|_| notified)?;
        PublicationDates::new(policy, calendar?, since, 0).objection_until
    });
    let review = c.review_status;
    let is_final = matches!(c.status, ItemState::FinalConclusion { .. })
        || matches!(review, Some(ReviewState::Concluded { .. }));
    let review_open = review.is_some_and(ReviewState::is_open);
    let date = |d: chrono::NaiveDate| vec![("date", d.format("%Y-%m-%d").to_string())];
    let rights = if is_final {
        lang.t("lookup-final")
    } else if review_open {
        lang.t("lookup-review-requested")
    } else if let Some(until) = until {
        if today <= until && c.review_status.is_none() {
            lang.t_args("lookup-review-open", &date(until))
        } else {
            lang.t_args("lookup-review-closed", &date(until))
        }
    } else if policy.objection_window().is_none() {
        // No length in the seeds (001 §四(一)3, 004): until the county decides.
        let undecided = matches!(c.status, ItemState::Published | ItemState::Notified { .. });
        lang.t(if undecided && c.review_status.is_none() {
            "lookup-review-until-decided"
        } else {
            "lookup-review-decided"
        })
    } else {
        return None;
    };
    Some(Found {
        meets: c.meets,
        is_final,
        rights,
        category: c
            .category
            .map(|x| super::publications::category_name(lang, x))
            .unwrap_or_default(),
        grade: c
            .grade
            .map(|x| super::publications::grade_name(lang, x))
            .unwrap_or_default(),
    })
}

async fn shown(ctx: &Ctx, c: &publications::Conclusion) -> AppResult<Option<Found>> {
    // Only a notified result without an announcement counts its window here.
    let calendar = match c.objection_until {
        None => Some(ctx.state.calendar().await?),
        Some(_) => None,
    };
    Ok(view(
        ctx.lang,
        c,
        ctx.state.clock.today(),
        calendar.as_deref(),
    ))
}

/// `GET /publications/lookup`
pub async fn show(ctx: Ctx) -> AppResult {
    render(ctx, FormErrors::default(), Default::default(), None)
}

/// `POST /publications/lookup`
pub async fn submit(
    req: HttpRequest,
    ctx: Ctx,
    form: crate::web::form::FieldForm<Vec<(String, String)>>,
) -> AppResult {
    let lang = ctx.lang;
    let (fields, mut errors) = form.into_parts(lang);
    let f = Fields::from(fields);
    let typed = (
        f.get("id_number").trim().to_uppercase(),
        f.get("name").trim().to_owned(),
    );
    let id = IdNumber::parse(&typed.0).ok();
    if id.is_none() {
        errors.add("id_number", lang.t("lookup-id-invalid"));
    }
    let mut typed = typed;
    // As records write it: a note in brackets (“张明（演示）”) is part of the recorded name.
    let parsed = crate::domain::RealName::parse_as_recorded(&typed.1);
    if let Some(name) =
        crate::web::form::parsed_name(&mut errors, lang, "name", parsed, "lookup-name-invalid")
    {
        // Compared as records write it (“（…）” full-width, one middle dot).
        typed.1 = name.as_str().to_owned();
    }
    let Some(id) = id.filter(|_| errors.is_empty()) else {
        return render(ctx, errors, typed, None);
    };
    let ip = crate::web::client::client_address(&req);
    // Every lookup counts, per address and per ID number (`PORTAL_LOOKUP_PER_*` an hour).
    let limits = &ctx.state.limits;
    // The ID number counts only when the address is within its limit (one statement).
    let counted = limits
        .lookup_per_address
        .check_then(&ip, &limits.lookup_per_id, id.as_str());
    // The row is read while the attempt is counted (it is shown only if the count allows), in a
    // batch with the lookups arriving with it.
    let read = ctx.state.conclusions.read(id.as_str());
    let (allowed, found) = tokio::join!(counted, read);
    if let Err(until) = allowed? {
        errors.add(
            "id_number",
            lang.t_args("lookup-locked", &[("time", again_at(until))]),
        );
        return render(ctx, errors, typed, None);
    }
    let Some(c) = found?.filter(|c| c.real_name == typed.1) else {
        ctx.session
            .insert(WAITING, (typed.0.clone(), typed.1.clone(), 0))?;
        tracing::debug!("result lookup: code page");
        return render_code(ctx, FormErrors::default(), String::new());
    };
    if c.is_public() {
        let result = shown(&ctx, &c).await?;
        tracing::debug!(found = result.is_some(), "result lookup");
        return render(ctx, FormErrors::default(), typed, Some(result));
    }
    let mut conn = ctx.state.read_conn().await?;
    let application = publications::application_phone(&mut conn, c.item_id).await?;
    let may_see = match (&ctx.account, &application) {
        (Some(a), Some(app)) => {
            crate::db::applications::find_visible(&mut conn, a.id, app.application_id)
                .await?
                .is_some()
        }
        _ => false,
    };
    if may_see {
        drop(conn);
        let result = shown(&ctx, &c).await?;
        tracing::debug!(found = result.is_some(), "result lookup");
        return render(ctx, FormErrors::default(), typed, Some(result));
    }
    // What was read may have come from the replica: the code is written on the primary.
    drop(conn);
    // Not public: a code to the mobile number the application gave (at most a few an hour).
    if let Some(phone) = application.map(|a| a.phone).filter(|p| !p.is_empty())
        && ctx
            .state
            .limits
            .code_per_phone
            .check(&format!("lookup:{phone}"))
            .await?
            .is_ok()
    {
        let code = crate::auth::numeric_code();
        let mut primary = ctx.state.conn().await?;
        publications::send_lookup_code(
            &mut primary,
            c.person_id,
            &phone,
            &code,
            lang.tag(),
            ctx.state.clock.now(),
        )
        .await?;
        ctx.state.outbox.wake();
    }
    ctx.session.insert(WAITING, (typed.0, typed.1, 0))?;
    tracing::debug!("result lookup: code page");
    render_code(ctx, FormErrors::default(), String::new())
}

/// `POST /publications/lookup/code`
pub async fn code(ctx: Ctx, form: crate::web::form::FieldForm<Vec<(String, String)>>) -> AppResult {
    let lang = ctx.lang;
    let (fields, mut errors) = form.into_parts(lang);
    let f = Fields::from(fields);
    let typed_code = f.get("code").trim().to_owned();
    let Some((id_number, name, wrong)) = ctx
        .session
        .get::<(String, String, i32)>(WAITING)
        .ok()
        .flatten()
    else {
        return Ok(crate::web::render::see_other("/publications/lookup"));
    };
    if typed_code.is_empty() {
        errors.add("code", lang.t("code-empty"));
    }
    if !errors.is_empty() {
        return render_code(ctx, errors, typed_code);
    }
    if wrong >= crate::domain::one_time_code::MAX_ATTEMPTS {
        errors.add("code", lang.t("code-spent"));
        return render_code(ctx, errors, typed_code);
    }
    let mut conn = ctx.state.conn().await?;
    let found = publications::conclusion_of(&mut conn, &id_number)
        .await?
        .filter(|c| c.real_name == name);
    let verdict = match &found {
        Some(c) => {
            crate::db::one_time_codes::check(
                &mut conn,
                crate::domain::one_time_code::Purpose::Lookup,
                c.person_id,
                &typed_code,
                ctx.state.clock.now(),
            )
            .await?
        }
        None => Err(crate::domain::one_time_code::CodeRefused::Wrong),
    };
    drop(conn);
    match found.filter(|_| verdict.is_ok()) {
        Some(c) => {
            ctx.session.remove(WAITING);
            let result = shown(&ctx, &c).await?;
            tracing::debug!("result lookup: shown after its code");
            render(ctx, FormErrors::default(), (id_number, name), Some(result))
        }
        None => {
            // One answer for a wrong, expired or never-sent code.
            let wrong = wrong + 1;
            ctx.session.insert(WAITING, (id_number, name, wrong))?;
            errors.add(
                "code",
                lang.t(if wrong >= crate::domain::one_time_code::MAX_ATTEMPTS {
                    "code-spent"
                } else {
                    "lookup-code-wrong"
                }),
            );
            render_code(ctx, errors, typed_code)
        }
    }
}
