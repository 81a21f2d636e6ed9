//! `/admin/offices`: the offices of each county — disabled persons' federations, designated
//! assessment institutions, departments — listed by key, and adding one.

use actix_web::HttpRequest;
use askama::Template;

use super::{audit, require_admin};
use crate::db::offices::{self, Office};
use crate::domain::matter::Department;
use crate::domain::office::OfficeKind;
use crate::web::ctx::{Ctx, Page};
use crate::web::error::AppResult;
use crate::web::form::{Fields, FormErrors};
use crate::web::render::{form_page, see_other};

/// Rows per page.
const PAGE: i64 = 50;

/// `templates/admin/offices.html`.
#[derive(Template)]
#[template(path = "admin/offices.html")]
pub struct OfficesPage {
    page: Page,
    offices: Vec<Office>,
    county: String,
    next: Option<String>,
    errors: FormErrors,
    typed: Typed,
    departments: Vec<&'static str>,
    kinds: Vec<&'static str>,
}

/// What was typed into the add form.
#[derive(Default)]
pub struct Typed {
    kind: String,
    division: String,
    department: String,
    name: String,
}

async fn render(
    mut ctx: Ctx,
    county: String,
    after: i64,
    errors: FormErrors,
    typed: Typed,
) -> AppResult {
    let found = {
        let mut conn = ctx.state.conn().await?;
        let filter = (!county.is_empty()).then_some(county.as_str());
        offices::page(&mut conn, filter, after, PAGE + 1).await?
    };
    let mut offices = found;
    let next = (offices.len() as i64 > PAGE).then(|| {
        offices.truncate(PAGE as usize);
        let last = offices.last().map(|o| o.id).unwrap_or_default();
        format!("/admin/offices?county={county}&after={last}")
    });
    let mut page = ctx.page("admin-offices-title");
    page.has_errors = !errors.is_empty();
    let has_errors = page.has_errors;
    form_page(
        &OfficesPage {
            page,
            offices,
            county,
            next,
            errors,
            typed,
            departments: Department::ALL
                .into_iter()
                .filter(|d| *d != Department::DisabledPersonsFederation)
                .map(|d| d.code())
                .collect(),
            kinds: OfficeKind::ALL.into_iter().map(OfficeKind::code).collect(),
        },
        has_errors,
    )
}

/// `GET /admin/offices?county=…&after=…`
pub async fn show(req: HttpRequest, ctx: Ctx) -> AppResult {
    require_admin(&ctx)?;
    let mut county = String::new();
    let mut after = 0;
    for (k, v) in form_urlencoded::parse(req.query_string().as_bytes()) {
        match k.as_ref() {
            "county" if v.len() == 6 && v.bytes().all(|b| b.is_ascii_digit()) => {
                county = v.into_owned()
            }
            "after" => after = v.parse().unwrap_or(0),
            _ => {}
        }
    }
    render(ctx, county, after, FormErrors::default(), Typed::default()).await
}

/// `POST /admin/offices`: adds an office serving a county.
pub async fn add(ctx: Ctx, form: crate::web::form::FieldForm<Vec<(String, String)>>) -> AppResult {
    let admin = require_admin(&ctx)?;
    let lang = ctx.lang;
    let (fields, mut errors) = form.into_parts(lang);
    let f = Fields::from(fields);
    let typed = Typed {
        kind: f.get("kind"),
        division: f.get("division").trim().to_owned(),
        department: f.get("department"),
        name: f.get("name").trim().to_owned(),
    };
    let kind = OfficeKind::from_code(&typed.kind);
    if kind.is_none() {
        errors.add("kind", lang.t("admin-office-kind-missing"));
    }
    let mut conn = ctx.state.conn().await?;
    let level = kind.map_or(3, OfficeKind::division_level);
    if offices::division_name(&mut conn, &typed.division, level)
        .await?
        .is_none()
    {
        errors.add("division", lang.t("admin-office-division-invalid"));
    }
    drop(conn);
    let department = Department::from_code(&typed.department)
        .filter(|d| *d != Department::DisabledPersonsFederation);
    if kind == Some(OfficeKind::Department) && department.is_none() {
        errors.add("department", lang.t("admin-office-department-missing"));
    }
    if typed.name.is_empty() || typed.name.chars().count() > 100 {
        errors.add("name", lang.t("admin-office-name-invalid"));
    }
    let Some(kind) = kind.filter(|_| errors.is_empty()) else {
        return render(ctx, String::new(), 0, errors, typed).await;
    };
    let id = {
        let mut conn = ctx.state.conn().await?;
        offices::ensure(
            &mut conn,
            kind,
            &typed.division,
            department
                .filter(|_| kind == OfficeKind::Department)
                .map(|d| d.code()),
            &typed.name,
        )
        .await?
    };
    audit(
        &ctx,
        &admin,
        &format!("office: added {id} ({})", typed.kind),
    )
    .await?;
    ctx.flash("notice-office-added")?;
    Ok(see_other(&format!(
        "/admin/offices?county={}",
        typed.division
    )))
}
