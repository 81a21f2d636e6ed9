//! `/admin/offices/{id}`: how to reach one office — address, phone, opening hours, an online
//! contact and the accessibility of the site (004 附件1 十一; 附件3 五(一)) — as administrators
//! keep it; the help page, the public guide and case pages show it.

use actix_web::web;
use askama::Template;

use super::{audit, require_admin};
use crate::db::offices::{self, Office};
use crate::domain::office::{ContactsError, OfficeContacts};
use crate::web::ctx::{Ctx, Page};
use crate::web::error::{AppError, AppResult};
use crate::web::form::{Fields, FormErrors};
use crate::web::render::{form_page, see_other};

/// The fields of the form, in order.
const FIELDS: [&str; 5] = ["address", "phone", "hours", "online", "accessibility"];

/// `templates/admin/office.html`.
#[derive(Template)]
#[template(path = "admin/office.html")]
pub struct OfficePage {
    page: Page,
    office: Office,
    /// What the fields show: as typed before a refusal, else as stored.
    typed: Fields,
    errors: FormErrors,
}

impl OfficePage {
    /// What field `name` shows.
    pub fn value(&self, name: &str) -> String {
        self.typed.get(name)
    }
}

async fn load(ctx: &Ctx, id: i64) -> Result<Office, AppError> {
    let mut conn = ctx.state.conn().await?;
    offices::find(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)
}

fn render(ctx: &mut Ctx, office: Office, typed: Fields, errors: FormErrors) -> AppResult {
    let mut page = ctx.page("admin-office-contacts-title");
    page.has_errors = !errors.is_empty();
    let has_errors = page.has_errors;
    form_page(
        &OfficePage {
            page,
            office,
            typed,
            errors,
        },
        has_errors,
    )
}

/// `GET /admin/offices/{id}`
pub async fn show(mut ctx: Ctx, id: web::Path<i64>) -> AppResult {
    require_admin(&ctx)?;
    let office = load(&ctx, id.into_inner()).await?;
    let c = &office.contacts;
    let stored = [&c.address, &c.phone, &c.hours, &c.online, &c.accessibility];
    let typed = Fields::from(
        FIELDS
            .iter()
            .zip(stored)
            .map(|(k, v)| ((*k).to_owned(), v.clone().unwrap_or_default()))
            .collect::<Vec<_>>(),
    );
    render(&mut ctx, office, typed, FormErrors::default())
}

/// `POST /admin/offices/{id}`: records the contacts (audited).
pub async fn save(
    mut ctx: Ctx,
    id: web::Path<i64>,
    form: crate::web::form::FieldForm<Vec<(String, String)>>,
) -> AppResult {
    let admin = require_admin(&ctx)?;
    let office = load(&ctx, id.into_inner()).await?;
    let (fields, mut errors) = form.into_parts(ctx.lang);
    let f = Fields::from(fields);
    let parsed = OfficeContacts::parse(
        &f.get("address"),
        &f.get("phone"),
        &f.get("hours"),
        &f.get("online"),
        &f.get("accessibility"),
    );
    if let Err(problems) = &parsed {
        for (field, e) in problems {
            let key = match e {
                ContactsError::TooLong => format!("admin-office-{field}-too-long"),
                ContactsError::Phone => "admin-office-phone-invalid".to_owned(),
                ContactsError::Online => "admin-office-online-invalid".to_owned(),
            };
            errors.add(*field, ctx.lang.t(&key));
        }
    }
    let contacts = match parsed {
        Ok(c) if errors.is_empty() => c,
        _ => return render(&mut ctx, office, f, errors),
    };
    {
        let mut conn = ctx.state.conn().await?;
        offices::set_contacts(&mut conn, office.id, &contacts).await?;
    }
    audit(&ctx, &admin, &format!("office: contacts of {}", office.id)).await?;
    ctx.flash("notice-office-contacts-saved")?;
    Ok(see_other(&format!("/admin/offices/{}", office.id)))
}
