//! A draft as the form pages use it: loaded for its owner only (anyone else gets 404), with the
//! person it is about and the environment the checks need.

use chrono::Utc;

use super::pages::{Env, Places, Subject};
use crate::db::accounts::Account;
use crate::db::applications;
use crate::db::drafts::Draft;
use crate::db::offices;
use crate::db::people::{self, Represented};
use crate::domain::IdNumber;
use crate::domain::Role;
use crate::domain::answers::Answers;
use crate::domain::channel::Channel;
use crate::web::ctx::Ctx;
use crate::web::error::AppError;

/// A draft with its answers and the people the owner acts for.
pub struct Loaded {
    /// Draft id.
    pub id: i64,
    /// The answers.
    pub answers: Answers,
    /// The signed-in owner.
    pub account: Account,
    /// The people the owner acts for.
    pub represented: Vec<Represented>,
    /// When it was last saved.
    pub updated: chrono::DateTime<Utc>,
    /// Submitted and returned: the application whose reopened sections are being corrected.
    pub correcting: Option<i64>,
    /// Entered at a window for a person in front of the owner (a clerk or village helper).
    pub assisted: Option<Assisted>,
}

/// A form a clerk (or village helper) fills in at the window for the person in front of them
/// (001 附件三(一), 004 附件3 五(三)2).
#[derive(Debug, Clone)]
pub struct Assisted {
    /// The person's record.
    pub person_id: i64,
    /// Their name, as on the ID card the clerk saw.
    pub name: String,
    /// Their ID number.
    pub id_number: String,
    /// Counter or village helper.
    pub channel: Channel,
    /// The county whose window it is: the person must live there (001 §一(一)).
    pub county: String,
}

impl Assisted {
    /// Reads the person and the owner's post for a draft entered at a window (two indexed
    /// reads; none for an online draft).
    async fn load(
        conn: &mut diesel_async::AsyncPgConnection,
        account_id: i64,
        draft: &Draft,
    ) -> Result<Option<Assisted>, AppError> {
        let Some(person_id) = draft.person_id else {
            return Ok(None);
        };
        let channel = Channel::from_code(&draft.channel).unwrap_or(Channel::Counter);
        let role = match channel {
            Channel::Helper => Role::Helper,
            _ => Role::CountyClerk,
        };
        // A clerk moved off the post no longer reaches the forms they started there.
        let office = offices::assignment(conn, account_id, role.code())
            .await?
            .ok_or(AppError::NotFound)?;
        let (name, id_number) = people::name_and_number(conn, person_id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(Some(Assisted {
            person_id,
            name,
            id_number,
            channel,
            county: office.division_code.chars().take(6).collect(),
        }))
    }
}

/// Why a draft is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open<'a> {
    /// To fill in (a submitted one only for a reopened section).
    Edit(Option<&'a str>),
    /// To print, submitted or not.
    Print,
}

impl Loaded {
    /// Loads draft `id` of the signed-in account; a submitted draft redirects to its application.
    pub async fn load(ctx: &Ctx, id: i64) -> Result<Loaded, AppError> {
        Self::load_section(ctx, id, None).await
    }

    /// Like [`Loaded::load`], but a submitted draft opens for `section` when the county returned
    /// the application and reopened that section for correction.
    pub async fn load_section(
        ctx: &Ctx,
        id: i64,
        section: Option<&str>,
    ) -> Result<Loaded, AppError> {
        Ok(Self::open(ctx, id, Open::Edit(section)).await?.0)
    }

    /// Draft `id` of the signed-in account to print, submitted or not (with its application).
    pub async fn load_printable(ctx: &Ctx, id: i64) -> Result<(Loaded, Option<i64>), AppError> {
        Self::open(ctx, id, Open::Print).await
    }

    async fn open(ctx: &Ctx, id: i64, how: Open<'_>) -> Result<(Loaded, Option<i64>), AppError> {
        let account = ctx.require_account()?.clone();
        let mut conn = ctx.state.conn().await?;
        let draft = Draft::find_owned(&mut conn, account.id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut correcting = None;
        let mut submitted = None;
        if draft.submitted_at.is_some() {
            let Some(app) = applications::find_by_draft(&mut conn, id).await? else {
                return Err(AppError::NotFound);
            };
            submitted = Some(app);
            if let Open::Edit(section) = how {
                let reopened = match section {
                    Some(_) => crate::cases::correct::reopened_of(&mut conn, app).await?,
                    None => vec![],
                };
                if !section.is_some_and(|s| reopened.iter().any(|r| r == s)) {
                    return Err(AppError::Redirect(format!("/applications/{app}")));
                }
                correcting = Some(app);
            }
        }
        let assisted = Assisted::load(&mut conn, account.id, &draft).await?;
        let answers: Answers = draft.answers;
        // The people list is read only when the form is about one of them.
        let represented = if assisted.is_some()
            || answers.applying_as.is_empty()
            || answers.applies_for_themself()
        {
            vec![]
        } else {
            people::represented_by(&mut conn, account.id).await?
        };
        Ok((
            Loaded {
                id,
                answers,
                account,
                represented,
                updated: draft.updated_at,
                correcting,
                assisted,
            },
            submitted,
        ))
    }

    /// Reads the people the owner acts for (the “who” page lists them all).
    pub async fn with_everyone(mut self, ctx: &Ctx) -> Result<Self, AppError> {
        if self.represented.is_empty() && self.assisted.is_none() {
            let mut conn = ctx.state.conn().await?;
            self.represented = people::represented_by(&mut conn, self.account.id).await?;
        }
        Ok(self)
    }

    /// The person the application is about, from the answers so far.
    pub fn subject(&self) -> Option<Subject> {
        let (name, id) = if let Some(a) = &self.assisted {
            (&a.name, &a.id_number)
        } else if self.answers.applies_for_themself() {
            (&self.account.real_name, self.account.id_number.as_ref()?)
        } else {
            let r = self
                .answers
                .representation_id()
                .and_then(|id| self.represented.iter().find(|r| r.id == id))?;
            (&r.real_name, &r.id_number)
        };
        Some(Subject {
            name: name.clone(),
            id: IdNumber::parse(id).ok()?,
        })
    }

    /// The chosen representation, when acting for someone.
    pub fn representation(&self) -> Option<&Represented> {
        let id = self.answers.representation_id()?;
        self.represented.iter().find(|r| r.id == id)
    }

    /// The environment for checks and questions.
    pub fn env<'a>(&'a self, ctx: &'a Ctx, places: &'a Places) -> Env<'a> {
        Env {
            lang: ctx.lang,
            today: ctx.state.clock.today(),
            account: &self.account,
            subject: self.subject(),
            represented: &self.represented,
            assisted: self.assisted.as_ref(),
            reference: &ctx.state.reference,
            places,
        }
    }

    /// Saves the answers.
    pub async fn save(&self, ctx: &Ctx) -> Result<(), AppError> {
        let mut conn = ctx.state.conn().await?;
        let value = serde_json::to_value(&self.answers).map_err(anyhow::Error::from)?;
        let saved = Draft::save(
            &mut conn,
            self.account.id,
            self.id,
            value,
            self.correcting.is_some(),
        )
        .await?;
        if !saved {
            return Err(AppError::NotFound);
        }
        Ok(())
    }
}

/// Address options for the answers (one indexed read when any division is chosen).
pub async fn places(ctx: &Ctx, answers: &Answers) -> Result<Places, AppError> {
    let parents = super::pages::parents_needed(answers);
    let rows = if parents.is_empty() {
        vec![]
    } else {
        let mut conn = ctx.state.conn().await?;
        crate::db::reference::children_of(&mut conn, &parents).await?
    };
    Ok(Places::new(ctx.state.reference.provinces.clone(), rows))
}
