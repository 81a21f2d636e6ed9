//! The electronic certificate (电子证照, 000 §三(六)) for its holder and the people acting for them:
//! `GET /certificates` lists them; `GET /certificates/{id}` shows the card as accessible HTML —
//! real text, printable — with the QR code pointing to the public verification page and the code
//! to type there; `…/card.svg` downloads it as SVG (text kept as text), `…/photo` serves the
//! holder's photo. Anyone else gets 404.

use actix_web::{HttpResponse, http::header, web};
use askama::Template;
use base64::Engine as _;
use qrcode::QrCode;
use qrcode::render::svg;

use crate::db::certificates::{self, Certificate};
use crate::db::offices;
use crate::db::uploads::Upload;
use crate::domain::Category;
use crate::domain::working_days::local_date;
use crate::i18n::Lang;
use crate::web::ctx::{Ctx, Page};
use crate::web::error::{AppError, AppResult};
use crate::web::render::html;

/// A certificate as its holder sees it. `Hash`: the card's PDF is cached under the hash of
/// everything here (`card_renders::key`).
#[derive(Debug, Hash)]
pub struct CardView {
    /// Row id.
    pub id: i64,
    /// Holder's name.
    pub name: String,
    /// 20 characters.
    pub number: String,
    /// Category and grade on the card.
    pub category_grade: String,
    /// The components of 多重, in words (empty for a single category).
    pub components: Vec<String>,
    /// Issue date.
    pub issued_on: String,
    /// Validity.
    pub valid: String,
    /// Status code (effective: `expired` after the last day).
    pub status: String,
    /// Status in words.
    pub status_text: String,
    /// Issuing office.
    pub office: String,
    /// Has a photo (JPEG or PNG).
    pub photo: bool,
    /// The QR code as inline SVG.
    pub qr_svg: String,
    /// The verification link.
    pub verify_url: String,
    /// The code to type with the number.
    pub code: String,
    /// The card's delivery in words.
    pub card: String,
    /// Replaced by another certificate.
    pub replaced: bool,
}

/// `templates/certificates/list.html`.
#[derive(Template)]
#[template(path = "certificates/list.html")]
pub struct ListPage {
    page: Page,
    rows: Vec<(i64, String, String, String, String)>,
}

/// `templates/certificates/show.html`.
#[derive(Template)]
#[template(path = "certificates/show.html")]
pub struct ShowPage {
    page: Page,
    c: CardView,
    /// 网上年审: this year's review to do, if due.
    review_due: Option<i32>,
    /// Why no review is due (not valid, or issued this year), when none is and none was done.
    review_note: String,
    /// The reviews done: (what, changes reported).
    reviews: Vec<(String, String)>,
}

/// `templates/certificates/card.svg`.
#[derive(Template)]
#[template(path = "certificates/card.svg")]
pub struct CardSvg {
    lang: Lang,
    c: CardView,
    /// `data:` URI of the photo, if any.
    photo_data: String,
    /// The QR code as an embeddable `<svg>` element.
    qr: String,
}

impl CardSvg {
    fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }
}

/// “肢体残疾 二级（重度）” from codes.
fn category_grade(lang: Lang, category: i16, grade: i16) -> String {
    super::public::publications::category_grade(lang, category, grade)
}

/// The QR code of `url` as SVG (dark modules on white, with a quiet zone).
pub fn qr_svg(url: &str) -> String {
    QrCode::new(url.as_bytes())
        .map(|code| {
            code.render::<svg::Color<'_>>()
                .min_dimensions(200, 200)
                .dark_color(svg::Color("#0b0c0c"))
                .light_color(svg::Color("#ffffff"))
                .build()
        })
        .unwrap_or_default()
}

/// The QR code's `<svg>` re-rooted as an element of `size` at (`x`, `y`) inside another SVG (its
/// XML prolog dropped, its own size kept as the view box).
fn nested(qr: &str, x: u32, y: u32, size: u32) -> String {
    let attr = |name: &str| {
        qr.split(&format!(" {name}=\""))
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or("0")
            .to_owned()
    };
    let (w, h) = (attr("width"), attr("height"));
    let inner = qr
        .find("<svg")
        .and_then(|i| qr[i..].find('>').map(|j| i + j + 1))
        .zip(qr.rfind("</svg>"))
        .map(|(start, end)| &qr[start..end])
        .unwrap_or("");
    format!(
        "<svg x=\"{x}\" y=\"{y}\" width=\"{size}\" height=\"{size}\" viewBox=\"0 0 {w} {h}\">{inner}</svg>"
    )
}

/// The certificate `id` if the signed-in account may see it (else 404).
pub(crate) async fn load(ctx: &Ctx, id: i64) -> Result<(Certificate, String), AppError> {
    let account = ctx.require_account()?;
    let mut conn = ctx.state.conn().await?;
    certificates::visible_to(&mut conn, account.id)
        .await?
        .into_iter()
        .find(|(c, _)| c.id == id)
        .ok_or(AppError::NotFound)
}

pub(crate) async fn view(ctx: &Ctx, c: &Certificate, name: &str) -> Result<CardView, AppError> {
    let lang = ctx.lang;
    let today = ctx.state.clock.today();
    let mut conn = ctx.state.conn().await?;
    let office = match c.issuing_office_id {
        Some(o) => offices::names(&mut conn, &[o])
            .await?
            .remove(&o)
            .unwrap_or_default(),
        None => String::new(),
    };
    // How the person asked to receive the card, and where (000 §三(三); 004 附件1 十(一)1).
    let answers = match c.application_id {
        Some(a) => crate::db::applications::answers_of(&mut conn, a).await?,
        None => None,
    };
    drop(conn);
    let window = answers.as_ref().is_some_and(|a| a.delivery == "window");
    let chosen = answers
        .as_ref()
        .filter(|a| !a.delivery.is_empty())
        .map(|a| {
            let mut way = lang.t(&format!("apply-delivery-{}", a.delivery));
            if a.delivery == "post" {
                way = format!("{way}（{} {}）", a.post_address, a.postcode);
            }
            lang.t_args("certificate-card-chosen", &[("way", way)])
        });
    let status = c.status.as_of(c.expires_on, today).code();
    let token = ctx.state.keyring.sign(c.id, &c.number, c.status_version);
    let verify_url = format!("{}/verify?t={token}", ctx.state.base_url);
    let components: Vec<String> = if c.category == i16::from(Category::Multiple.code()) {
        c.components
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| {
                        let cat = x.get("category")?.as_i64()?;
                        let gr = x.get("grade")?.as_i64()?;
                        Some(category_grade(
                            lang,
                            i16::try_from(cat).ok()?,
                            i16::try_from(gr).ok()?,
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default()
    } else {
        vec![]
    };
    let day = |d: chrono::NaiveDate| d.to_string();
    let card = match (&c.card_delivered_on, &c.card_sent_on, &c.card_method) {
        (Some(d), _, _) => lang.t_args("certificate-card-delivered", &[("date", day(*d))]),
        (None, Some(d), Some(m)) if m == "post" => lang.t_args(
            "certificate-card-posted",
            &[
                ("date", day(*d)),
                ("tracking", c.card_tracking.clone().unwrap_or_default()),
            ],
        ),
        (None, Some(d), Some(m)) if m == "window" => {
            lang.t_args("certificate-card-window", &[("date", day(*d))])
        }
        (None, Some(d), _) => lang.t_args("certificate-card-township", &[("date", day(*d))]),
        (None, None, _) => match (c.card_due, window) {
            (Some(due), false) => lang.t_args("certificate-card-due", &[("date", day(due))]),
            (Some(due), true) => lang.t_args("certificate-card-due-window", &[("date", day(due))]),
            (None, _) => lang.t("certificate-card-coming"),
        },
    };
    let card = match chosen {
        Some(chosen) => format!("{card} {chosen}"),
        None => card,
    };
    Ok(CardView {
        id: c.id,
        name: name.to_owned(),
        number: c.number.clone(),
        category_grade: category_grade(lang, c.category, c.grade),
        components,
        issued_on: day(c.issued_on),
        valid: lang.t_args(
            "certificate-valid-range",
            &[("from", day(c.valid_from)), ("to", day(c.expires_on))],
        ),
        status_text: lang.t(&format!("certificate-status-{}", status.replace('_', "-"))),
        status: status.to_owned(),
        office,
        photo: c.photo_upload_id.is_some(),
        qr_svg: qr_svg(&verify_url),
        code: ctx.state.keyring.code(c.id, &c.number, c.status_version),
        verify_url,
        card,
        replaced: c.superseded_by.is_some(),
    })
}

/// `GET /certificates`
pub async fn list(mut ctx: Ctx) -> AppResult {
    let account = ctx.require_account()?.clone();
    let mut conn = ctx.state.conn().await?;
    let found = certificates::visible_to(&mut conn, account.id).await?;
    drop(conn);
    let lang = ctx.lang;
    let rows = found
        .iter()
        .map(|(c, name)| {
            (
                c.id,
                name.clone(),
                category_grade(lang, c.category, c.grade),
                lang.t(&format!(
                    "certificate-status-{}",
                    if c.superseded_by.is_some() {
                        "replaced"
                    } else {
                        c.status.code()
                    }
                    .replace('_', "-")
                )),
                c.issued_on.to_string(),
            )
        })
        .collect();
    html(&ListPage {
        rows,
        page: ctx.page("certificates-title"),
    })
}

/// This year's review of a certificate.
pub fn due_of(
    c: &Certificate,
    reviewed: &[crate::db::annual_reviews::Review],
    today: chrono::NaiveDate,
) -> crate::domain::annual_review::ReviewDue {
    crate::domain::annual_review::due(
        c.status,
        c.issued_on,
        reviewed.first().map(|r| r.year),
        today,
    )
}

/// `GET /certificates/{id}`
pub async fn show(mut ctx: Ctx, id: web::Path<i64>) -> AppResult {
    use crate::domain::annual_review::ReviewDue;
    let (c, name) = load(&ctx, id.into_inner()).await?;
    let reviewed = {
        let mut conn = ctx.state.conn().await?;
        crate::db::annual_reviews::of_certificate(&mut conn, c.id).await?
    };
    let due = due_of(&c, &reviewed, ctx.state.clock.today());
    let lang = ctx.lang;
    let card = view(&ctx, &c, &name).await?;
    html(&ShowPage {
        page: ctx.page("certificate-title"),
        c: card,
        review_due: match due {
            ReviewDue::Due(year) => Some(year),
            _ => None,
        },
        review_note: if due == ReviewDue::NotDue && reviewed.is_empty() {
            lang.t("annual-review-not-due")
        } else {
            String::new()
        },
        reviews: reviewed
            .iter()
            .map(|r| {
                (
                    lang.t_args(
                        "annual-review-done-year",
                        &[
                            ("year", r.year.to_string()),
                            ("date", local_date(r.reviewed_at).to_string()),
                        ],
                    ),
                    r.changed
                        .as_ref()
                        .map(|w| lang.t_args("annual-review-reported", &[("what", w.clone())]))
                        .unwrap_or_default(),
                )
            })
            .collect(),
    })
}

pub(crate) async fn photo_upload(ctx: &Ctx, c: &Certificate) -> Result<Option<Upload>, AppError> {
    let Some(photo) = c.photo_upload_id else {
        return Ok(None);
    };
    let mut conn = ctx.state.conn().await?;
    Ok(Upload::find(&mut conn, photo).await?)
}

/// `GET /certificates/{id}/photo`
pub async fn photo(ctx: Ctx, id: web::Path<i64>) -> AppResult {
    let (c, _) = load(&ctx, id.into_inner()).await?;
    let upload = photo_upload(&ctx, &c).await?.ok_or(AppError::NotFound)?;
    super::upload::serve(&ctx, &upload).await
}

/// The photo's bytes when it is an image (JPEG or PNG), for the downloads.
pub(crate) async fn photo_bytes(
    ctx: &Ctx,
    c: &Certificate,
) -> Result<Option<(String, Vec<u8>)>, AppError> {
    match photo_upload(ctx, c).await? {
        Some(u) if u.content_type.starts_with("image/") => {
            let bytes = ctx
                .state
                .storage
                .get(&u.sha256)
                .await
                .map_err(|e| AppError::Internal(e.into()))?;
            Ok(Some((u.content_type, bytes)))
        }
        _ => Ok(None),
    }
}

/// A file download: the body, its type and the file name it is saved as.
pub(crate) fn download(body: Vec<u8>, content_type: &str, name: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(body)
}

/// `GET /certificates/{id}/card.svg`: the card as an SVG file (text as text, the photo and the QR
/// code embedded).
pub async fn svg(ctx: Ctx, id: web::Path<i64>) -> AppResult {
    let (c, name) = load(&ctx, id.into_inner()).await?;
    let photo_data = photo_bytes(&ctx, &c)
        .await?
        .map(|(kind, bytes)| {
            format!(
                "data:{kind};base64,{}",
                base64::engine::general_purpose::STANDARD.encode(bytes)
            )
        })
        .unwrap_or_default();
    let v = view(&ctx, &c, &name).await?;
    let qr = nested(&v.qr_svg, 620, 250, 200);
    let body = CardSvg {
        lang: ctx.lang,
        c: v,
        photo_data,
        qr,
    }
    .render()?;
    Ok(download(
        body.into_bytes(),
        "image/svg+xml; charset=utf-8",
        format!("certificate-{}.svg", c.id),
    ))
}
