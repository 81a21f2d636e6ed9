//! Check your answers: every answer with a Change link, what still stops the application, the
//! commitment of 003 附件2, and the submission — one transaction, once per draft.

use actix_web::web;
use askama::Template;

use super::draft::{Loaded, places};
use super::materials::{missing_uploads, required};
use super::pages::{Env, Places, problem_section};
use super::questions::Question;
use super::sections;
use crate::cases::submit::{self, Applicant, Ready};
use crate::domain::answers::Answers;
use crate::domain::channel::Channel;
use crate::domain::section::Section;
use crate::domain::working_days::local_date;
use crate::web::ctx::{Ctx, Page};
use crate::web::error::AppResult;
use crate::web::form::{Fields, FormErrors};
use crate::web::notify;
use crate::web::render::{form_page, see_other};

/// One answer.
pub struct SummaryRow {
    /// The question.
    pub key: String,
    /// The answer.
    pub value: String,
    /// Where to change it.
    pub href: String,
}

/// One section's answers.
pub struct SummaryCard {
    /// Section title.
    pub title: String,
    /// The section's page.
    pub href: String,
    /// Answers.
    pub rows: Vec<SummaryRow>,
}

/// Something that stops the submission, with where to fix it.
pub struct Blocker {
    /// Link.
    pub href: String,
    /// Text.
    pub text: String,
}

/// `templates/apply/check.html`.
#[derive(Template)]
#[template(path = "apply/check.html")]
pub struct CheckPage {
    page: Page,
    draft_id: i64,
    /// Filled in at a window: the person's name (the commitment is theirs, signed on paper).
    assisted: Option<String>,
    cards: Vec<SummaryCard>,
    materials: Vec<SummaryRow>,
    blockers: Vec<Blocker>,
    errors: FormErrors,
}

/// The answers of one section as rows, read off the section's own questions.
fn rows(id: i64, section: Section, a: &Answers, env: &Env<'_>, sep: &str) -> Vec<SummaryRow> {
    let href = |field: &str| format!("/apply/{id}/{}?return=check#{field}", section.code());
    sections::build(section, a, env, &FormErrors::default())
        .into_iter()
        .filter_map(|q| match q {
            Question::Text(t) if !t.value.is_empty() => Some(SummaryRow {
                href: href(t.name),
                key: t.label,
                value: if t.name == "bank_card" {
                    crate::domain::BankCardNumber::parse(&t.value)
                        .map(|c| c.masked())
                        .unwrap_or(t.value)
                } else {
                    t.value
                },
            }),
            Question::Choices(c) => {
                let chosen: Vec<String> = c
                    .options
                    .iter()
                    .filter(|o| o.checked)
                    .map(|o| o.label.clone())
                    .collect();
                (!chosen.is_empty()).then(|| SummaryRow {
                    href: href(&c.first_id()),
                    key: c.legend,
                    value: chosen.join(sep),
                })
            }
            Question::Select(s) => s.options.iter().find(|o| o.checked).map(|o| SummaryRow {
                href: href(s.name),
                key: s.label,
                value: o.label.clone(),
            }),
            _ => None,
        })
        .collect()
}

/// What stops the submission: sections with errors, entry rules, missing uploads.
fn blockers(d: &Loaded, env: &Env<'_>) -> Vec<Blocker> {
    let lang = env.lang;
    let mut out = vec![];
    for (s, errors) in sections::all_errors(&d.answers, env) {
        let title = lang.t(&format!("apply-{}-title", s.code()));
        let first = errors.all().first().map(|e| e.message.clone());
        let text = if d.answers.was_visited(s.code()) {
            format!("{title}: {}", first.unwrap_or_default())
        } else {
            lang.t_args("apply-check-not-answered", &[("section", title)])
        };
        out.push(Blocker {
            href: format!("/apply/{}/{}?return=check", d.id, s.code()),
            text,
        });
    }
    for p in env.entry_problems(&d.answers, true) {
        let s = problem_section(p);
        let href = format!("/apply/{}/{}?return=check", d.id, s.code());
        let text = env.problem_text(p);
        if !out.iter().any(|b| b.text.ends_with(&text)) {
            out.push(Blocker { href, text });
        }
    }
    for m in missing_uploads(d, env) {
        out.push(Blocker {
            href: format!("/apply/{}/materials#material-{}", d.id, m.code()),
            text: lang.t_args(
                "apply-check-material-missing",
                &[(
                    "material",
                    lang.t(&format!("material-{}", m.code().replace('_', "-"))),
                )],
            ),
        });
    }
    out
}

/// Every answered section's answers, in the form's order.
pub fn cards(d: &Loaded, env: &Env<'_>) -> Vec<SummaryCard> {
    let sep = env.t("list-separator");
    Section::ALL
        .into_iter()
        .filter(|s| s.applies(&d.answers) && *s != Section::Materials)
        .map(|s| SummaryCard {
            href: format!("/apply/{}/{}?return=check", d.id, s.code()),
            title: env.t(&format!("apply-{}-title", s.code())),
            rows: rows(d.id, s, &d.answers, env, &sep),
        })
        .collect()
}

async fn render(ctx: &mut Ctx, d: &Loaded, places: &Places, errors: FormErrors) -> AppResult {
    let env = d.env(ctx, places);
    let cards = cards(d, &env);
    let materials = required(d, &env)
        .into_iter()
        .filter(|m| m.to_upload())
        .map(|m| SummaryRow {
            key: ctx
                .lang
                .t(&format!("material-{}", m.material.code().replace('_', "-"))),
            value: if d.answers.materials.contains_key(m.material.code()) {
                ctx.lang.t("apply-check-uploaded")
            } else {
                ctx.lang.t("apply-check-not-uploaded")
            },
            href: format!("/apply/{}/materials#material-{}", d.id, m.material.code()),
        })
        .collect();
    let blockers = blockers(d, &env);
    let mut page = ctx.page("apply-check-title");
    page.has_errors = !errors.is_empty();
    let p = CheckPage {
        page,
        draft_id: d.id,
        assisted: d.assisted.as_ref().map(|a| a.name.clone()),
        cards,
        materials,
        blockers,
        errors,
    };
    form_page(&p, !p.errors.is_empty())
}

/// `GET /apply/{id}/check`
pub async fn show(mut ctx: Ctx, path: web::Path<i64>) -> AppResult {
    let d = Loaded::load(&ctx, path.into_inner()).await?;
    let places = places(&ctx, &d.answers).await?;
    render(&mut ctx, &d, &places, FormErrors::default()).await
}

/// `POST /apply/{id}/submit`
pub async fn submit(
    mut ctx: Ctx,
    path: web::Path<i64>,
    form: crate::web::form::Form<Vec<(String, String)>>,
) -> AppResult {
    let fields = Fields::from(form.into_inner());
    let d = Loaded::load(&ctx, path.into_inner()).await?;
    let places = places(&ctx, &d.answers).await?;
    let env = d.env(&ctx, &places);
    let mut errors = FormErrors::default();
    if !blockers(&d, &env).is_empty() {
        errors.add("blockers", ctx.lang.t("apply-check-not-ready"));
    }
    if fields.get("commitment") != "yes" {
        errors.add("commitment", ctx.lang.t("apply-commitment-missing"));
    }
    let Some(subject) = env.subject.clone() else {
        errors.add("blockers", ctx.lang.t("apply-check-not-ready"));
        return render(&mut ctx, &d, &places, errors).await;
    };
    if !errors.is_empty() {
        return render(&mut ctx, &d, &places, errors).await;
    }

    let calendar = ctx.state.calendar().await?;
    let materials: Vec<(String, i64)> = required(&d, &env)
        .into_iter()
        .filter_map(|m| {
            d.answers
                .materials
                .get(m.material.code())
                .map(|u| (m.material.code().to_owned(), *u))
        })
        .collect();
    let applicant = Applicant {
        account_id: d.account.id,
        verified: d.account.is_verified(),
        // At the window the clerk saw the person's ID card: trusted for the person.
        acting_for: match &d.assisted {
            Some(a) => Some((a.person_id, true)),
            None => d
                .representation()
                .map(|r| (r.person_id, r.status.grants_access())),
        },
        channel: d.assisted.as_ref().map_or(Channel::Online, |a| a.channel),
    };
    let ready = Ready {
        draft_id: d.id,
        answers: &d.answers,
        subject: (&subject.id, &subject.name),
        materials,
    };
    let lang = ctx.lang;
    // In the applicant's language, and said to be provisional while its year has no notice.
    let deadline_text = |date| crate::web::dates::deadline_text(lang, &calendar, date);
    let now = ctx.state.clock.now();
    let mut conn = ctx.state.conn().await?;
    let submitted = submit::submit(
        &mut conn,
        applicant,
        ready,
        &calendar,
        (local_date(now), now),
        lang,
        &deadline_text,
    )
    .await?;
    drop(conn);
    if submitted.created {
        notify::sent(&ctx.state, d.account.id);
    }
    Ok(see_other(&format!(
        "/applications/{}",
        submitted.application_id
    )))
}
