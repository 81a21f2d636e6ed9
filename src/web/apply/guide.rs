//! The service guide for a province: who can apply, the six matters, the linked services, time
//! limits in working days with the document and clause of each, who pays what (per province, with
//! local waivers), and — for the choices the person is about to make —
//! the full list of materials (一次告知), before they begin. A GET form: works without JavaScript.

use actix_web::HttpRequest;
use askama::Template;

use crate::db::offices::Office;
use crate::db::reference::Division;
use crate::domain::certificate::{Category, RenewalKind};
use crate::domain::materials::{
    self, ApplyingAs, Because, Material, MaterialsRequest, RequiredMaterial, Submission,
};
use crate::domain::matter::{CancellationReason, CertificateMatter, LinkedService, MatterKind};
use crate::domain::policy::{self, ProvincePolicy, Unit};
use crate::i18n::Lang;
use crate::web::contacts::ContactCard;
use crate::web::ctx::{Ctx, Page};
use crate::web::error::AppResult;
use crate::web::render::html;
use crate::web::sources::{Source, sources, sources_text};

/// The choices read from the query string.
#[derive(Debug, Default)]
pub struct GuideQuery {
    province: Option<String>,
    matter: Option<MatterKind>,
    services: Vec<LinkedService>,
    minor: bool,
    guardian_category: bool,
    cross_region: bool,
    applying_as: Option<ApplyingAs>,
    asked: bool,
}

impl GuideQuery {
    /// Reads repeated keys (`service=a&service=b`); unknown values are ignored.
    pub fn parse(query: &str) -> Self {
        let mut q = GuideQuery::default();
        for (k, v) in form_urlencoded::parse(query.as_bytes()) {
            match k.as_ref() {
                "province" if v.len() == 2 && v.bytes().all(|b| b.is_ascii_digit()) => {
                    q.province = Some(v.into_owned())
                }
                "matter" => q.matter = MatterKind::ALL.into_iter().find(|m| m.code() == v),
                "service" => {
                    if let Some(s) = LinkedService::from_code(&v)
                        && !q.services.contains(&s)
                    {
                        q.services.push(s);
                    }
                }
                "minor" => q.minor = v == "yes",
                "guardian_category" => q.guardian_category = v == "yes",
                "cross_region" => q.cross_region = v == "yes",
                "applying_as" => {
                    q.applying_as = match v.as_ref() {
                        "self" => Some(ApplyingAs::Themself),
                        "guardian" => Some(ApplyingAs::Guardian),
                        "helper" => Some(ApplyingAs::Helper),
                        _ => None,
                    }
                }
                "show" => q.asked = true,
                _ => {}
            }
        }
        q
    }
}

/// A time-limit row.
pub struct LimitRow {
    /// The step.
    pub step: String,
    /// Its limit in words.
    pub limit: String,
    /// What starts the count.
    pub from: String,
    /// Where the rule comes from.
    pub sources: Vec<Source>,
}

/// What the applicant may pay for, under the province's rules.
pub struct FeeRow {
    /// What.
    pub charge: String,
    /// Who pays, in words.
    pub rule: String,
    /// Where the rule comes from (none: local rules).
    pub sources: Vec<Source>,
}

/// The province's fees in words (001 §四(一)3, §六; 000 §三(三); 004 附件2 九), with any local
/// waiver for `place`.
pub(crate) fn fee_rows(lang: Lang, policy: &ProvincePolicy, place: &str) -> Vec<FeeRow> {
    policy::Charge::ALL
        .into_iter()
        .map(|charge| {
            let (fee, waiver) = policy.fee(charge, place);
            let mut rule = lang.t(&format!("fee-{}", fee.code()));
            let mut sources = fee.seed().map(|s| sources(lang, s)).unwrap_or_default();
            if let Some(w) = waiver {
                rule = format!("{rule} {}", lang.t("fee-waived-here"));
                sources.push(Source {
                    title: w.source.to_owned(),
                    clause: String::new(),
                });
            }
            FeeRow {
                charge: lang.t(&format!("charge-{}", charge.code())),
                rule,
                sources,
            }
        })
        .collect()
}

/// What the guide says about objecting to a result, by the policy's own rule.
pub(crate) fn objection_text(lang: Lang, policy: &ProvincePolicy) -> String {
    match (policy.result_notice, policy.objection_window()) {
        (policy::ResultNotice::Commitment, _) => lang.t_args(
            "guide-commitment-objection",
            &[("source", sources_text(lang, "002 二"))],
        ),
        (_, Some(w)) => lang.t_args(
            "guide-objection",
            &[
                ("days", w.days.to_string()),
                ("source", sources_text(lang, w.seed)),
            ],
        ),
        (_, None) => {
            let seed = if policy.profile == policy::Profile::Henan {
                "004 附件3 五(四)1"
            } else {
                "001 §四(一)3"
            };
            lang.t_args(
                "guide-objection-local",
                &[("source", sources_text(lang, seed))],
            )
        }
    }
}

/// A materials row.
pub struct MaterialRow {
    /// The material's name.
    pub name: String,
    /// How it is provided.
    pub provision: String,
    /// Why it is needed.
    pub reasons: Vec<String>,
    /// Not asked for: the office takes it from shared data (免提交).
    pub exempt: bool,
    /// The province's marking (免提交, 或系统获取), with its source, when it has one.
    pub marking: Option<String>,
}

/// A checkbox or radio option.
pub struct Choice {
    value: &'static str,
    label: String,
    checked: bool,
}

/// `templates/apply/guide.html`.
#[derive(Template)]
#[template(path = "apply/guide.html")]
pub struct GuidePage {
    page: Page,
    provinces: Vec<Division>,
    province: Option<String>,
    province_name: String,
    fell_back: bool,
    matters: Vec<(String, String)>,
    services: Vec<String>,
    limits: Vec<LimitRow>,
    publishes: bool,
    objection: String,
    fees: Vec<FeeRow>,
    matter_choices: Vec<Choice>,
    service_choices: Vec<Choice>,
    applying_choices: Vec<Choice>,
    minor: bool,
    guardian_category: bool,
    cross_region: bool,
    asked: bool,
    materials: Vec<MaterialRow>,
    /// The province's designated assessment institutions by county (county name, cards).
    institutions: Vec<(String, Vec<ContactCard>)>,
}

/// Each matter with what it needs by way of assessment: (name, assessment).
fn matter_rows(lang: Lang) -> Vec<(String, String)> {
    MatterKind::ALL
        .iter()
        .map(|m| {
            (
                lang.t(&format!("matter-{}", m.code())),
                lang.t(&format!("guide-assessment-{}", m.code())),
            )
        })
        .collect()
}

/// The matter question's options, “none” first.
fn matter_choices(lang: Lang, chosen: Option<MatterKind>) -> Vec<Choice> {
    std::iter::once(("none", lang.t("guide-matter-none"), chosen.is_none()))
        .chain(MatterKind::ALL.iter().map(|m| {
            (
                m.code(),
                lang.t(&format!("matter-{}", m.code())),
                chosen == Some(*m),
            )
        }))
        .map(|(value, label, checked)| Choice {
            value,
            label,
            checked,
        })
        .collect()
}

/// Who applies: the person themself (the default), a guardian or a helper.
fn applying_choices(lang: Lang, chosen: Option<ApplyingAs>) -> Vec<Choice> {
    let chosen = chosen.unwrap_or(ApplyingAs::Themself);
    [
        ("self", ApplyingAs::Themself),
        ("guardian", ApplyingAs::Guardian),
        ("helper", ApplyingAs::Helper),
    ]
    .into_iter()
    .map(|(value, a)| Choice {
        value,
        label: lang.t(&format!("guide-applying-{value}")),
        checked: chosen == a,
    })
    .collect()
}

/// Institutions with their county's name, grouped by county (they come sorted by county).
fn by_county(lang: Lang, found: Vec<(Office, String)>) -> Vec<(String, Vec<ContactCard>)> {
    let mut out: Vec<(String, Vec<ContactCard>)> = vec![];
    for (office, county) in found {
        let card = ContactCard::of(lang, &office);
        match out.last_mut() {
            Some((c, cards)) if *c == county => cards.push(card),
            _ => out.push((county, vec![card])),
        }
    }
    out
}

/// `GET /guide`
pub async fn show(req: HttpRequest, mut ctx: Ctx) -> AppResult {
    let query = GuideQuery::parse(req.query_string());
    let lang = ctx.lang;
    let provinces = ctx.state.reference.provinces.clone();
    // Default: the province of the signed-in person's ID number (they can change it).
    let province = query.province.clone().or_else(|| {
        ctx.account
            .as_ref()
            .and_then(|a| a.id_number())
            .map(|id| id.province_code().to_owned())
    });
    let province = province.filter(|p| provinces.iter().any(|d| d.code == *p));
    let place = province.clone().unwrap_or_default();
    let choice = policy::for_province(province.as_deref().unwrap_or(""));
    let policy = choice.policy;
    let province_name = province
        .as_ref()
        .and_then(|p| provinces.iter().find(|d| d.code == *p))
        .map(|d| d.name.clone())
        .unwrap_or_else(|| lang.t("guide-national"));

    let services: Vec<LinkedService> = query
        .services
        .iter()
        .copied()
        .filter(|s| policy.bundles(*s))
        .collect();
    let matter = query.matter.map(example_matter);
    let materials = if query.asked {
        materials::required(&MaterialsRequest {
            matter: matter.as_ref(),
            services: &services,
            minor: query.minor,
            guardian_category: query.guardian_category,
            cross_region: query.cross_region,
            applying_as: query.applying_as.unwrap_or(ApplyingAs::Themself),
            signed_on_paper: false,
            policy,
        })
        .into_iter()
        .map(|m| material_row(lang, m))
        .collect()
    } else {
        vec![]
    };

    let institutions = match &province {
        Some(p) => {
            let mut conn = ctx.state.conn().await?;
            let found = crate::db::offices::institutions_of_province(&mut conn, p).await?;
            by_county(lang, found)
        }
        None => vec![],
    };
    html(&GuidePage {
        institutions,
        page: ctx.page("guide-title"),
        provinces,
        province,
        province_name,
        fell_back: choice.fell_back_to_national,
        matters: matter_rows(lang),
        services: policy
            .bundled_services
            .iter()
            .map(|s| lang.t(&format!("linked-{}", s.code().replace('_', "-"))))
            .collect(),
        limits: limit_rows(lang, policy),
        publishes: policy.result_notice == policy::ResultNotice::Publish,
        objection: objection_text(lang, policy),
        fees: fee_rows(lang, policy, &place),
        matter_choices: matter_choices(lang, query.matter),
        service_choices: policy
            .bundled_services
            .iter()
            .map(|s| Choice {
                value: s.code(),
                label: lang.t(&format!("linked-{}", s.code().replace('_', "-"))),
                checked: services.contains(s),
            })
            .collect(),
        applying_choices: applying_choices(lang, query.applying_as),
        minor: query.minor,
        guardian_category: query.guardian_category,
        cross_region: query.cross_region,
        asked: query.asked,
        materials,
    })
}

/// A representative matter of each kind (details do not change the materials list).
fn example_matter(kind: MatterKind) -> CertificateMatter {
    match kind {
        MatterKind::New => CertificateMatter::New {
            categories: vec![Category::Physical],
        },
        MatterKind::Renewal => CertificateMatter::Renewal(RenewalKind::Expiry),
        MatterKind::Migration => CertificateMatter::Migration,
        MatterKind::Replacement => CertificateMatter::Replacement,
        MatterKind::Cancellation => CertificateMatter::Cancellation {
            categories: vec![],
            reason: CancellationReason::Other,
        },
        MatterKind::Change => CertificateMatter::Change,
    }
}

/// The policy's time limits in words.
pub(crate) fn limit_rows(lang: Lang, policy: &ProvincePolicy) -> Vec<LimitRow> {
    let row = |step: String, limit: &policy::TimeLimit, from: String| LimitRow {
        step,
        limit: match (limit.days, limit.unit) {
            (0, _) => lang.t("limit-same-day"),
            (n, Unit::WorkingDays) => lang.t_args("limit-working-days", &[("days", n.to_string())]),
            (n, Unit::CalendarDays) => {
                lang.t_args("limit-calendar-days", &[("days", n.to_string())])
            }
        },
        from,
        sources: sources(lang, limit.seed),
    };
    policy
        .limits()
        .iter()
        .map(|(step, limit)| {
            row(
                lang.t(&format!("step-{}", step.code().replace('_', "-"))),
                limit,
                lang.t(&format!("from-{}", limit.from.code().replace('_', "-"))),
            )
        })
        // 004 附件2 八: the whole bundle's limit, with what it leaves out.
        .chain(
            policy
                .bundle_limit
                .iter()
                .map(|limit| row(lang.t("step-bundle"), limit, lang.t("from-bundle"))),
        )
        .collect()
}

pub(crate) fn material_row(lang: Lang, m: RequiredMaterial) -> MaterialRow {
    let name = |m: Material| lang.t(&format!("material-{}", m.code().replace('_', "-")));
    let exempt = m.exempt();
    let marking = match m.submission {
        Submission::Upload => None,
        Submission::Exempt(seed) | Submission::OrWith(_, seed) => Some(("exempt", seed)),
        Submission::UploadOrSystem(seed) => Some(("or-system", seed)),
    }
    .map(|(key, seed)| {
        lang.t_args(
            &format!("material-marking-{key}"),
            &[("source", sources_text(lang, seed))],
        )
    });
    MaterialRow {
        name: match m.or_with {
            Some(other) => lang.t_args(
                "material-either",
                &[("first", name(m.material)), ("second", name(other))],
            ),
            None => name(m.material),
        },
        provision: lang.t(&format!(
            "provision-{}",
            if exempt { "shared" } else { m.provision.code() }.replace('_', "-")
        )),
        reasons: m
            .because
            .iter()
            .map(|b| match b {
                Because::Always => lang.t("because-always"),
                Because::Matter(k) => lang.t(&format!("matter-{}", k.code())),
                Because::Service(s) => lang.t(&format!("linked-{}", s.code().replace('_', "-"))),
                Because::Minor => lang.t("because-minor"),
                Because::GuardianCategory => lang.t("because-guardian-category"),
                Because::GuardianApplying => lang.t("because-guardian-applying"),
                Because::HelperApplying => lang.t("because-helper-applying"),
                Because::CrossRegion => lang.t("because-cross-region"),
            })
            .collect(),
        exempt,
        marking,
    }
}
