//! `GET/POST /staff/counter`: the window (综合窗口). A county or township clerk, or a village
//! helper (帮代办员) posted at a township office, starts the one form for the person in front of
//! them (001 附件三(一): staff type the form into the system and upload the materials; 004 三(三)1
//! and 附件3 五(三)2: the form fills itself from shared data and the person signs; 000 §三(四)(五)).
//!
//! The clerk types the ID number and name from the card and ticks that the card was seen (the
//! identity counts as verified in person, audited), says who is at the window and how the person
//! wants to be told. The form then opens prefilled from the person's records; the clerk fills the
//! same question pages as anyone (the same checks), prints the summary for the person to sign and
//! uploads the signed page. The page lists the forms the clerk has open and what they submitted.

use askama::Template;

use super::Staff;
use crate::db::drafts::Draft;
use crate::db::offices;
use crate::db::people::{self, CounterPerson};
use crate::domain::channel::{Channel, Present};
use crate::domain::{MobileNumber, Role};
use crate::i18n::Lang;
use crate::web::ctx::{Ctx, Page};
use crate::web::error::{AppError, AppResult};
use crate::web::form::{Fields, FormErrors, id_number as parse_id_number, real_name as parse_name};
use crate::web::render::{form_page, see_other};

/// A staff member working at a window, and the way applications they enter come in.
pub struct AtWindow {
    /// The clerk or helper with their post.
    pub staff: Staff,
    /// Counter (clerks) or helper (village helpers).
    pub channel: Channel,
}

impl AtWindow {
    /// A county or township clerk, or a village helper with a post; 403 for everyone else.
    pub async fn load(ctx: &Ctx) -> Result<AtWindow, AppError> {
        let account = ctx.require_account()?.clone();
        let mut conn = ctx.state.conn().await?;
        for (role, channel) in [
            (Role::CountyClerk, Channel::Counter),
            (Role::Helper, Channel::Helper),
        ] {
            if account.has_role(role)
                && let Some(office) =
                    offices::assignment(&mut conn, account.id, role.code()).await?
            {
                return Ok(AtWindow {
                    staff: Staff {
                        account,
                        role,
                        office,
                    },
                    channel,
                });
            }
        }
        Err(AppError::Forbidden)
    }
}

/// One form or application the clerk entered.
pub struct Entered {
    /// Where it is.
    pub href: String,
    /// The person's name.
    pub name: String,
    /// Reference, or when last saved.
    pub detail: String,
}

/// `templates/staff/counter.html`.
#[derive(Template)]
#[template(path = "staff/counter.html")]
pub struct CounterPage {
    page: Page,
    errors: FormErrors,
    f: Fields,
    open: Vec<Entered>,
    submitted: Vec<Entered>,
}

impl CounterPage {
    /// What was typed into `name`.
    fn kept(&self, name: &str) -> String {
        self.f.get(name)
    }

    /// Whether radio `name` has `value` chosen (the defaults: the person, Chinese, SMS).
    fn chosen(&self, name: &str, value: &str) -> bool {
        let v = self.f.get(name);
        if v.is_empty() {
            matches!(
                (name, value),
                ("present", "person") | ("notice_lang", "zh") | ("sms", "yes")
            )
        } else {
            v == value
        }
    }

    /// The id of a radio: the field's own for the first (the error summary links to it).
    fn radio_id(&self, first: bool, name: &str, value: &str) -> String {
        if first {
            name.to_owned()
        } else {
            format!("{name}-{value}")
        }
    }
}

async fn render(ctx: &mut Ctx, at: &AtWindow, errors: FormErrors, f: Fields) -> AppResult {
    let mut conn = ctx.state.conn().await?;
    let drafts = Draft::open_for(&mut conn, at.staff.account.id).await?;
    let submitted = crate::db::applications::entered_by(&mut conn, at.staff.account.id, 20).await?;
    let ids: Vec<i64> = drafts
        .iter()
        .filter_map(|d| d.person_id)
        .chain(submitted.iter().map(|a| a.person_id))
        .collect();
    let names = people::names(&mut conn, &ids).await?;
    drop(conn);
    let name = |id: i64| names.get(&id).cloned().unwrap_or_default();
    let open = drafts
        .iter()
        .filter_map(|d| {
            d.person_id.map(|p| Entered {
                href: format!("/apply/{}", d.id),
                name: name(p),
                detail: d
                    .updated_at
                    .with_timezone(&chrono_tz::Asia::Shanghai)
                    .format("%Y-%m-%d %H:%M")
                    .to_string(),
            })
        })
        .collect();
    let submitted = submitted
        .into_iter()
        .map(|a| Entered {
            href: format!("/applications/{}", a.id),
            name: name(a.person_id),
            detail: a.reference,
        })
        .collect();
    let mut page = ctx.page("counter-title");
    page.has_errors = !errors.is_empty();
    let tpl = CounterPage {
        page,
        errors,
        f,
        open,
        submitted,
    };
    form_page(&tpl, !tpl.errors.is_empty())
}

/// `GET /staff/counter`
pub async fn show(mut ctx: Ctx) -> AppResult {
    let at = AtWindow::load(&ctx).await?;
    render(&mut ctx, &at, FormErrors::default(), Fields::default()).await
}

/// `POST /staff/counter`: identify the person and open their form.
pub async fn start(
    mut ctx: Ctx,
    form: crate::web::form::FieldForm<Vec<(String, String)>>,
) -> AppResult {
    let at = AtWindow::load(&ctx).await?;
    let lang = ctx.lang;
    let (fields, mut errors) = form.into_parts(lang);
    let f = Fields::from(fields);
    let id = parse_id_number(
        &mut errors,
        lang,
        "id_number",
        f.get("id_number").trim(),
        "counter-id-empty",
        ctx.state.clock.today(),
    );
    let name = parse_name(
        &mut errors,
        lang,
        "real_name",
        f.get("real_name").trim(),
        "counter-name-empty",
    );
    if f.get("seen") != "yes" {
        errors.add("seen", lang.t("staff-identity-seen-missing"));
    }
    let present = Present::from_code(&f.get("present"));
    if present.is_none() {
        errors.add("present", lang.t("counter-present-missing"));
    }
    let phone_typed = f.get("phone").trim().to_owned();
    let phone = if phone_typed.is_empty() {
        None
    } else {
        match MobileNumber::parse(&phone_typed) {
            Ok(p) => Some(p),
            Err(_) => {
                errors.add("phone", lang.t("phone-format"));
                None
            }
        }
    };
    let notice_lang = Lang::from_tag(&f.get("notice_lang"));
    if notice_lang.is_none() {
        errors.add("notice_lang", lang.t("counter-lang-missing"));
    }
    let sms = match f.get("sms").as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => {
            errors.add("sms", lang.t("counter-sms-missing"));
            None
        }
    };
    let (Some(id), Some(name), Some(present), Some(notice_lang), Some(sms), true) =
        (id, name, present, notice_lang, sms, errors.is_empty())
    else {
        return render(&mut ctx, &at, errors, f).await;
    };
    let person = CounterPerson {
        id_number: id.as_str(),
        name: name.as_str(),
        phone: phone.as_ref().map(|p| p.as_str()),
        notice_lang: notice_lang.tag(),
        sms,
    };
    let window = crate::cases::counter::AtWindow {
        account_id: at.staff.account.id,
        office_id: at.staff.office.id,
        channel: at.channel,
    };
    let mut conn = ctx.state.conn().await?;
    let draft = crate::cases::counter::start(&mut conn, window, &person, present).await?;
    Ok(see_other(&format!("/apply/{draft}")))
}
