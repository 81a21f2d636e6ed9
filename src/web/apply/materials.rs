//! One set of materials (一次告知, 一套材料): the list for this application from the domain rule,
//! with an upload, replace and remove for each material given as a file. One upload serves every
//! item that needs the material.

use actix_multipart::Multipart;
use actix_web::web;
use askama::Template;

use super::draft::{Loaded, places};
use super::guide::{MaterialRow, material_row};
use super::pages::Env;
use crate::db::uploads;
use crate::domain::answers::Reused;
use crate::domain::materials::ApplyingAs;
use crate::domain::materials::{self, Material, MaterialsRequest, RequiredMaterial};
use crate::domain::policy::{self, ProvincePolicy};
use crate::domain::representation::RepresentationKind;
use crate::domain::working_days::local_date;
use crate::web::ctx::{Ctx, Page};
use crate::web::error::{AppError, AppResult};
use crate::web::form::FormErrors;
use crate::web::render::{form_page, see_other};
use crate::web::upload;

/// The materials this draft needs (003 附件1, 004 附件3, via `domain::materials::required`).
pub fn required(d: &Loaded, env: &Env<'_>) -> Vec<RequiredMaterial> {
    let a = &d.answers;
    let matter = a.matter();
    let services = a.services();
    materials::required(&MaterialsRequest {
        matter: matter.as_ref(),
        services: &services,
        minor: env.age().is_some_and(|age| age < 18),
        guardian_category: matter
            .as_ref()
            .is_some_and(|m| m.involves_guardian_category()),
        cross_region: a.cross_region(),
        applying_as: a.applying_as().unwrap_or(ApplyingAs::Themself),
        signed_on_paper: d.assisted.is_some(),
        policy: accepting_policy(d, env),
    })
}

/// The list of the province whose county accepts the application: the residence county's
/// (001 §一(二)), known from the address once given, else from the person's ID number.
fn accepting_policy(d: &Loaded, env: &Env<'_>) -> &'static ProvincePolicy {
    let county = d.answers.residence_county();
    let province = if county.is_empty() {
        env.subject.as_ref().map_or("", |s| s.id.province_code())
    } else {
        county
    };
    policy::for_province(province).policy
}

/// Materials to upload that have no file yet.
pub fn missing_uploads(d: &Loaded, env: &Env<'_>) -> Vec<Material> {
    required(d, env)
        .into_iter()
        .filter(RequiredMaterial::to_upload)
        .filter(|m| !d.answers.materials.contains_key(m.material.code()))
        .map(|m| m.material)
        .collect()
}

/// A material as shown on the page.
pub struct MaterialView {
    /// Code (ids, URLs).
    pub code: &'static str,
    /// Name, provision and reasons.
    pub row: MaterialRow,
    /// Whether a file is uploaded here.
    pub upload: bool,
    /// The file (id, name), when uploaded.
    pub file: Option<(i64, String)>,
    /// Error for this material's file.
    pub error: Option<String>,
    /// The file came from an earlier application: which, in words.
    pub reused: Option<String>,
}

/// `templates/apply/materials.html`.
#[derive(Template)]
#[template(path = "apply/materials.html")]
pub struct MaterialsPage {
    page: Page,
    draft_id: i64,
    /// Filled in at a window: the signed printout is the application form.
    assisted: bool,
    items: Vec<MaterialView>,
    errors: FormErrors,
}

/// The guardianship proof a guardian already gave on “people I act for” serves as this material
/// (a helper's authorization is no application material: 004 附件2 七4).
fn preset(d: &mut Loaded) {
    let Some(proof) = d
        .representation()
        .filter(|r| r.kind == RepresentationKind::Guardian)
        .map(|r| r.proof_upload_id)
    else {
        return;
    };
    d.answers
        .materials
        .entry(Material::GuardianRelationProof.code().to_owned())
        .or_insert(proof);
}

/// 003 附件1 “或系统获取”: a file the account gave with an earlier application about the same
/// person serves again, shown with its date, unless the applicant removed it here. Returns
/// whether anything was added.
async fn reuse_earlier(ctx: &Ctx, d: &mut Loaded, list: &[RequiredMaterial]) -> AppResult<bool> {
    let wanted: Vec<&str> = list
        .iter()
        .filter(|m| m.to_upload() && m.material.reusable())
        .map(|m| m.material.code())
        .filter(|code| !d.answers.materials.contains_key(*code))
        .filter(|code| !d.answers.reused.get(*code).is_some_and(|r| r.declined))
        .collect();
    let Some(subject) = d.subject() else {
        return Ok(false);
    };
    if wanted.is_empty() || d.correcting.is_some() {
        return Ok(false);
    }
    let earlier = {
        let mut conn = ctx.state.conn().await?;
        uploads::earlier_for_person(&mut conn, d.account.id, subject.id.as_str(), &wanted).await?
    };
    for e in &earlier {
        d.answers.materials.insert(e.material.clone(), e.upload_id);
        d.answers.reused.insert(
            e.material.clone(),
            Reused {
                reference: e.reference.clone(),
                submitted_on: local_date(e.submitted_at),
                declined: false,
            },
        );
    }
    Ok(!earlier.is_empty())
}

/// The list for this draft (reads the places its addresses need).
async fn list_of(ctx: &Ctx, d: &Loaded) -> AppResult<Vec<RequiredMaterial>> {
    let places = places(ctx, &d.answers).await?;
    Ok(required(d, &d.env(ctx, &places)))
}

async fn render(ctx: &mut Ctx, d: &Loaded, errors: FormErrors) -> AppResult {
    let list = list_of(ctx, d).await?;
    render_list(ctx, d, list, errors).await
}

async fn render_list(
    ctx: &mut Ctx,
    d: &Loaded,
    list: Vec<RequiredMaterial>,
    errors: FormErrors,
) -> AppResult {
    let ids: Vec<i64> = d.answers.materials.values().copied().collect();
    let names = {
        let mut conn = ctx.state.conn().await?;
        uploads::names_owned(&mut conn, d.account.id, &ids).await?
    };
    let lang = ctx.lang;
    let items = list
        .into_iter()
        .map(|m| {
            let code = m.material.code();
            let upload = m.to_upload();
            let file = d
                .answers
                .materials
                .get(code)
                .and_then(|id| names.get(id).map(|name| (*id, name.clone())));
            let reused = d
                .answers
                .reused
                .get(code)
                .filter(|r| !r.declined && file.is_some())
                .map(|r| {
                    lang.t_args(
                        "apply-materials-reused",
                        &[
                            ("reference", r.reference.clone()),
                            ("date", r.submitted_on.to_string()),
                        ],
                    )
                });
            MaterialView {
                code,
                upload,
                file,
                error: errors.get(&format!("file-{code}")).map(str::to_owned),
                reused,
                row: material_row(lang, m),
            }
        })
        .collect();
    let mut page = ctx.page("apply-materials-title");
    page.has_errors = !errors.is_empty();
    let p = MaterialsPage {
        page,
        draft_id: d.id,
        assisted: d.assisted.is_some(),
        items,
        errors,
    };
    form_page(&p, !p.errors.is_empty())
}

/// `GET /apply/{id}/materials`
pub async fn show(mut ctx: Ctx, path: web::Path<i64>) -> AppResult {
    let mut d = Loaded::load(&ctx, path.into_inner()).await?;
    let mut changed = false;
    if !d.answers.was_visited("materials") {
        preset(&mut d);
        d.answers.visit("materials");
        changed = true;
    }
    let list = list_of(&ctx, &d).await?;
    changed |= reuse_earlier(&ctx, &mut d, &list).await?;
    if changed {
        d.save(&ctx).await?;
    }
    render_list(&mut ctx, &d, list, FormErrors::default()).await
}

fn material_of(code: &str) -> Result<Material, AppError> {
    Material::ALL
        .into_iter()
        .find(|m| m.code() == code)
        .ok_or(AppError::NotFound)
}

/// `POST /apply/{id}/materials/{material}` (multipart): upload or replace the file.
pub async fn upload(mut ctx: Ctx, path: web::Path<(i64, String)>, payload: Multipart) -> AppResult {
    let (id, code) = path.into_inner();
    let material = material_of(&code)?;
    let mut d = Loaded::load(&ctx, id).await?;
    let form = upload::read_form(payload, "file").await?;
    let field = format!("file-{}", material.code());
    let mut errors = FormErrors::default();
    let stored = match form.file {
        None => Err("apply-material-choose-file"),
        Some(Err(e)) => Err(upload::error_key(e)),
        Some(Ok((name, bytes))) => {
            match upload::store_material(&ctx, d.account.id, material, &name, bytes).await? {
                Ok(upload_id) => Ok(upload_id),
                Err(e) => Err(upload::error_key(e)),
            }
        }
    };
    match stored {
        Ok(upload_id) => {
            d.answers
                .materials
                .insert(material.code().to_owned(), upload_id);
            decline_reuse(&mut d, material);
            d.save(&ctx).await?;
            ctx.flash("notice-material-uploaded")?;
            Ok(see_other(&format!(
                "/apply/{id}/materials#material-{}",
                material.code()
            )))
        }
        Err(key) => {
            errors.add(field, ctx.lang.t(key));
            render(&mut ctx, &d, errors).await
        }
    }
}

/// A reused file that the applicant replaced or removed is not offered again.
fn decline_reuse(d: &mut Loaded, material: Material) {
    if let Some(r) = d.answers.reused.get_mut(material.code()) {
        r.declined = true;
    }
}

/// `POST /apply/{id}/materials/{material}/remove`
pub async fn remove(ctx: Ctx, path: web::Path<(i64, String)>) -> AppResult {
    let (id, code) = path.into_inner();
    let material = material_of(&code)?;
    let mut d = Loaded::load(&ctx, id).await?;
    if d.answers.materials.remove(material.code()).is_some() {
        decline_reuse(&mut d, material);
        d.save(&ctx).await?;
        ctx.flash("notice-material-removed")?;
    }
    Ok(see_other(&format!(
        "/apply/{id}/materials#material-{}",
        material.code()
    )))
}
