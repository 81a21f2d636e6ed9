//! A question page of the form: `GET` shows the section with the answers so far, `POST` saves
//! what was typed (always — nothing is lost), then shows the errors or moves on.

use actix_web::{HttpRequest, web};
use askama::Template;

use super::draft::{Loaded, places};
use super::pages::{Places, bank_holder};
use super::questions::Question;
use super::sections;
use crate::domain::materials::ApplyingAs;
use crate::domain::section::Section;
use crate::web::ctx::{Ctx, Page};
use crate::web::error::{AppError, AppResult};
use crate::web::form::{Fields, FormErrors};
use crate::web::render::{form_page, see_other};

/// `templates/apply/section.html`.
#[derive(Template)]
#[template(path = "apply/section.html")]
pub struct SectionPage {
    page: Page,
    draft_id: i64,
    section: &'static str,
    action: String,
    caption: String,
    intro: String,
    back: String,
    questions: Vec<Question>,
    errors: FormErrors,
}

/// Whether the person came from the check page (then they go back there).
fn returning(req: &HttpRequest) -> bool {
    req.query_string() == "return=check"
}

fn section_of(code: &str) -> Result<Section, AppError> {
    match Section::from_code(code) {
        Some(Section::Materials) | None => Err(AppError::NotFound),
        Some(s) => Ok(s),
    }
}

/// Fills answers the person has given elsewhere (account, people I act for) on a first visit.
fn prefill(section: Section, d: &mut Loaded) {
    // At the window the clerk's own details are not the person's (the form came prefilled
    // from the person's records instead).
    if d.answers.was_visited(section.code()) || d.assisted.is_some() {
        return;
    }
    let own = d.answers.applying_as() == Some(ApplyingAs::Themself);
    match section {
        Section::Personal if own => {
            d.answers.phone.clone_from(&d.account.phone);
            d.answers.email = d.account.email.clone().unwrap_or_default();
        }
        Section::Contact if !own => {
            d.answers.contact_name.clone_from(&d.account.real_name);
            d.answers.contact_phone.clone_from(&d.account.phone);
            if let Some(r) = d.representation() {
                d.answers.contact_relationship = r.relationship_code.clone();
            }
        }
        _ => {}
    }
}

fn render(
    ctx: &mut Ctx,
    d: &Loaded,
    places: &Places,
    section: Section,
    errors: FormErrors,
    back_to_check: bool,
) -> AppResult {
    let env = d.env(ctx, places);
    let mut answers = d.answers.clone();
    if section == Section::ServiceDetails && answers.bank_holder.is_empty() {
        answers.bank_holder = bank_holder(&env, &answers).unwrap_or_default();
    }
    let questions = sections::build(section, &answers, &env, &errors);
    let caption = match env.subject.as_ref() {
        Some(s) => ctx
            .lang
            .t_args("apply-caption-for", &[("name", s.name.clone())]),
        None => ctx.lang.t("apply-caption"),
    };
    let intro = ctx.lang.t(&format!("apply-{}-intro", section.code()));
    let back = if let Some(app) = d.correcting {
        format!("/applications/{app}#correction")
    } else if back_to_check {
        format!("/apply/{}/check", d.id)
    } else {
        match section.previous(&d.answers) {
            Some(p) => format!("/apply/{}/{}", d.id, p.code()),
            None => format!("/apply/{}", d.id),
        }
    };
    let mut page = ctx.page(&format!("apply-{}-title", section.code()));
    page.has_errors = !errors.is_empty();
    let p = SectionPage {
        page,
        draft_id: d.id,
        section: section.code(),
        action: if back_to_check {
            "?return=check".into()
        } else {
            String::new()
        },
        caption,
        intro,
        back,
        questions,
        errors,
    };
    form_page(&p, !p.errors.is_empty())
}

/// `GET /apply/{id}/{section}`
pub async fn show(req: HttpRequest, mut ctx: Ctx, path: web::Path<(i64, String)>) -> AppResult {
    let (id, code) = path.into_inner();
    let section = section_of(&code)?;
    let mut d = Loaded::load_section(&ctx, id, Some(section.code())).await?;
    if section == Section::Who {
        d = d.with_everyone(&ctx).await?;
    }
    if !section.applies(&d.answers) {
        return Ok(see_other(&format!("/apply/{id}")));
    }
    prefill(section, &mut d);
    let places = if section == Section::Address {
        places(&ctx, &d.answers).await?
    } else {
        Places::default()
    };
    render(
        &mut ctx,
        &d,
        &places,
        section,
        FormErrors::default(),
        returning(&req),
    )
}

/// `POST /apply/{id}/{section}`
pub async fn submit(
    req: HttpRequest,
    mut ctx: Ctx,
    path: web::Path<(i64, String)>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let (id, code) = path.into_inner();
    let section = section_of(&code)?;
    let mut fields = Fields::from(form.into_inner());
    let refused = fields.remove_control_characters();
    let mut d = Loaded::load_section(&ctx, id, Some(section.code())).await?;
    sections::read(section, &mut d.answers, &fields);
    d.answers.visit(section.code());
    if section == Section::Who && !d.answers.applies_for_themself() {
        d = d.with_everyone(&ctx).await?;
    }
    let places = if section == Section::Address {
        let places = places(&ctx, &d.answers).await?;
        places.settle(&mut d.answers.hukou);
        places.settle(&mut d.answers.residence);
        places
    } else {
        Places::default()
    };
    let back_to_check = returning(&req);
    if !refused.is_empty() {
        // Nothing saved: the page again with what was typed (without the invisible characters)
        // and the refusal at each field that held them (issue #22).
        let mut errors = FormErrors::default();
        for name in refused {
            errors.add(name, ctx.lang.t("field-control-characters"));
        }
        return render(&mut ctx, &d, &places, section, errors, back_to_check);
    }
    d.save(&ctx).await?;
    let refresh = fields.get("refresh");
    if section == Section::Address && !refresh.is_empty() {
        // Without JavaScript: show the next list, keeping the person's place on the page.
        let anchor: String = refresh
            .chars()
            .filter(|c| c.is_ascii_lowercase() || *c == '_')
            .collect();
        let query = if back_to_check { "?return=check" } else { "" };
        return Ok(see_other(&format!("/apply/{id}/address{query}#{anchor}")));
    }
    if let Some(app) = d.correcting.filter(|_| fields.get("action") == "later") {
        return Ok(see_other(&format!("/applications/{app}#correction")));
    }
    if fields.get("action") == "later" {
        ctx.flash("notice-draft-saved")?;
        return Ok(see_other(&format!("/apply/{id}")));
    }
    let env = d.env(&ctx, &places);
    let errors = sections::validate(section, &d.answers, &env);
    if !errors.is_empty() {
        return render(&mut ctx, &d, &places, section, errors, back_to_check);
    }
    if let Some(app) = d.correcting {
        ctx.flash("notice-correction-saved")?;
        return Ok(see_other(&format!("/applications/{app}#correction")));
    }
    let next = match section.next(&d.answers) {
        _ if back_to_check => format!("/apply/{id}/check"),
        Some(n) => format!("/apply/{id}/{}", n.code()),
        None => format!("/apply/{id}/check"),
    };
    Ok(see_other(&next))
}
