//! `/admin/policies`: the province policy profiles as the code applies them (read only): time
//! limits with what starts each and the seed clause, publication or commitment, the no-show rule,
//! the bundled services.

use askama::Template;

use super::require_admin;
use crate::domain::policy::{self, ResultNotice};
use crate::web::apply::guide::{LimitRow, limit_rows};
use crate::web::ctx::{Ctx, Page};
use crate::web::error::AppResult;
use crate::web::render::html;

/// One profile as shown.
pub struct ProfileView {
    name: String,
    seeds: String,
    notice: String,
    no_show: String,
    services: Vec<String>,
    limits: Vec<LimitRow>,
}

/// `templates/admin/policies.html`.
#[derive(Template)]
#[template(path = "admin/policies.html")]
pub struct PoliciesPage {
    page: Page,
    profiles: Vec<ProfileView>,
}

/// `GET /admin/policies`
pub async fn show(mut ctx: Ctx) -> AppResult {
    require_admin(&ctx)?;
    let lang = ctx.lang;
    let profiles = policy::ALL
        .iter()
        .map(|p| ProfileView {
            name: lang.t(&format!("policy-profile-{}", p.profile.code())),
            seeds: p.seeds.join(", "),
            notice: lang.t(match p.result_notice {
                ResultNotice::Publish => "admin-policy-publish",
                ResultNotice::Commitment => "admin-policy-commitment",
            }),
            no_show: match p.no_show_limit {
                Some(l) => lang.t_args("limit-working-days", &[("days", l.days.to_string())]),
                None => lang.t("admin-policy-none"),
            },
            services: p
                .bundled_services
                .iter()
                .map(|s| lang.t(&format!("linked-{}", s.code().replace('_', "-"))))
                .collect(),
            limits: limit_rows(lang, p),
        })
        .collect();
    html(&PoliciesPage {
        page: ctx.page("admin-policies-title"),
        profiles,
    })
}
