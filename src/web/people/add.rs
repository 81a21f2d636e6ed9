//! Saying one acts for a person: guardian or helper, their name and ID number, the relationship
//! (GB/T 4761) and the proof (guardianship proof, or the person's signed authorization).
//! A multipart form; the CSRF token travels in the query string of the form's action.
//!
//! The answer is the same whether or not the portal knows the person and whether or not the name
//! given is the one on record: a claim waits for the person's confirmation or a clerk's check, and
//! grants nothing of the person's records until then (`db::people::Claim`).

use actix_multipart::Multipart;
use askama::Template;

use crate::db::accounts::Account;
use crate::db::people::{Claim, Filed};
use crate::domain::representation::RepresentationKind;
use crate::domain::{IdNumber, RealName};
use crate::web::ctx::{Ctx, Page};
use crate::web::error::AppResult;
use crate::web::form::{FormErrors, id_number as parse_id_number, real_name as parse_real_name};
use crate::web::render::{form_page, see_other};
use crate::web::upload::{self, FileForm};

/// What was typed (kept on errors; a file must be chosen again).
#[derive(Debug, Default)]
pub struct AddForm {
    kind: String,
    real_name: String,
    id_number: String,
    relationship: String,
}

/// `templates/people/add.html`.
#[derive(Template)]
#[template(path = "people/add.html")]
pub struct AddPage {
    page: Page,
    form: AddForm,
    relationships: Vec<(String, String)>,
    errors: FormErrors,
}

async fn page(ctx: &mut Ctx, form: AddForm, errors: FormErrors) -> AppResult {
    let lang = ctx.lang;
    let relationships = ctx
        .state
        .reference
        .relationships
        .iter()
        .map(|(code, _)| (code.clone(), lang.code_name("relationship", code)))
        .collect();
    let mut page = ctx.page("people-add-title");
    page.has_errors = !errors.is_empty();
    let p = AddPage {
        page,
        form,
        relationships,
        errors,
    };
    form_page(&p, !p.errors.is_empty())
}

/// `GET /people/new`
pub async fn show(mut ctx: Ctx) -> AppResult {
    ctx.require_account()?;
    page(&mut ctx, AddForm::default(), FormErrors::default()).await
}

/// The person claimed and how: the kind of representation, their name and ID number (not the
/// account's own), and a known relationship; what is wrong goes into `errors`.
fn check(
    ctx: &Ctx,
    account: &Account,
    form: &AddForm,
    errors: &mut FormErrors,
) -> Option<(RepresentationKind, RealName, IdNumber)> {
    let lang = ctx.lang;
    let kind = RepresentationKind::from_code(&form.kind);
    if kind.is_none() {
        errors.add("kind-guardian", lang.t("people-kind-missing"));
    }
    let name = parse_real_name(
        errors,
        lang,
        "real_name",
        &form.real_name,
        "people-name-empty",
    );
    let id = parse_id_number(
        errors,
        lang,
        "id_number",
        &form.id_number,
        "people-id-empty",
        ctx.state.clock.today(),
    )
    .filter(|id| {
        let mine = account.id_number.as_deref() == Some(id.as_str());
        if mine {
            errors.add("id_number", lang.t("people-is-you"));
        }
        !mine
    });
    if !ctx.state.reference.has_relationship(&form.relationship) {
        errors.add("relationship", lang.t("people-relationship-missing"));
    }
    Some((kind?, name?, id?))
}

/// `POST /people/new`
pub async fn submit(mut ctx: Ctx, payload: Multipart) -> AppResult {
    let account = ctx.require_account()?.clone();
    let lang = ctx.lang;
    let data: FileForm = upload::read_form(payload, "proof").await?;
    let form = AddForm {
        kind: data.field("kind"),
        real_name: data.field("real_name"),
        id_number: data.field("id_number"),
        relationship: data.field("relationship"),
    };
    let mut errors = FormErrors::default();

    let person = check(&ctx, &account, &form, &mut errors);
    let file = match data.file {
        None => {
            errors.add("proof", lang.t("people-proof-missing"));
            None
        }
        Some(Err(e)) => {
            errors.add("proof", lang.t(upload::error_key(e)));
            None
        }
        Some(Ok(file)) => Some(file),
    };
    // The file is checked (and stored) only when everything else is right, so that a refused
    // form never leaves an orphan upload behind.
    let (Some((kind, name, id)), Some((file_name, bytes))) = (person, file) else {
        return page(&mut ctx, form, errors).await;
    };
    if !errors.is_empty() {
        return page(&mut ctx, form, errors).await;
    }
    let upload_id = match upload::store(&ctx, account.id, &file_name, bytes).await? {
        Ok(upload_id) => upload_id,
        Err(e) => {
            errors.add("proof", lang.t(upload::error_key(e)));
            return page(&mut ctx, form, errors).await;
        }
    };
    let relationship_name = ctx
        .state
        .reference
        .relationships
        .iter()
        .find(|(code, _)| *code == form.relationship)
        .map(|(_, name)| name.clone())
        .unwrap_or_default();
    let mut conn = ctx.state.conn().await?;
    let filed = Claim {
        account_id: account.id,
        claimant_name: &account.real_name,
        id_number: id.as_str(),
        claimed_name: name.as_str(),
        kind,
        relationship_code: &form.relationship,
        relationship_name: &relationship_name,
        proof_upload_id: upload_id,
        lang: lang.tag(),
    }
    .file(
        &mut conn,
        &crate::auth::numeric_code(),
        ctx.state.clock.now(),
    )
    .await?;
    drop(conn);
    match filed {
        Filed::Claimed(representation) => {
            ctx.state.outbox.wake();
            tracing::info!(
                account = account.id,
                representation,
                "claim to act for someone"
            );
            ctx.flash("notice-person-claimed")?;
            Ok(see_other(&format!("/people/{representation}")))
        }
        Filed::AlreadyClaimed => {
            errors.add("id_number", lang.t("people-already-added"));
            page(&mut ctx, form, errors).await
        }
    }
}
