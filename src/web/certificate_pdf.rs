//! The electronic certificate as PDF (`printpdf`): an A5 landscape page with the same fields as
//! the HTML card, as real text in an embedded (subset) CJK font, the holder's photo and the QR
//! code drawn as vector squares, so that it prints sharp and can be read by a screen reader. The
//! font is subset to the characters used (a card is about 30 KB).

use std::sync::OnceLock;

use printpdf::{
    Color, DictItem, FontId, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, RawImage, Rect, Rgb, TextItem, XObjectId, XObjectTransform,
};
use qrcode::{Color as Module, QrCode};

use actix_web::web;

use super::card_renders;
use super::certificates::{CardView, download, load, photo_upload, view};
use super::ctx::Ctx;
use super::error::{AppError, AppResult};
use super::pdf_tags::{self, Tag};
use crate::i18n::Lang;

/// WenQuanYi Micro Hei (Apache-2.0, `static/fonts/README.md`): covers the names people have.
const FONT: &[u8] = include_bytes!("../../static/fonts/wqy-microhei.ttf");

/// The font, parsed once per process (it is large).
fn font() -> Option<&'static ParsedFont> {
    static PARSED: OnceLock<Option<ParsedFont>> = OnceLock::new();
    PARSED
        .get_or_init(|| ParsedFont::from_bytes(FONT, 0, &mut Vec::new()))
        .as_ref()
}

fn rgb(r: f32, g: f32, b: f32) -> Color {
    Color::Rgb(Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}

fn rect(x: f32, y: f32, w: f32, h: f32) -> Op {
    Op::DrawRectangle {
        rectangle: Rect {
            x: Mm(x).into(),
            y: Mm(y).into(),
            width: Mm(w).into(),
            height: Mm(h).into(),
            mode: Some(PaintMode::Fill),
            winding_order: None,
        },
    }
}

/// The page's operations with their marked content: each piece of content is a structure
/// element (in reading order), decoration is an artifact.
#[derive(Default)]
struct Marked {
    ops: Vec<Op>,
    tags: Vec<Tag>,
}

impl Marked {
    /// `ops` as the content of a `kind` element (`H1`, `P`, `Figure` with its `alt` text).
    fn content(&mut self, kind: &'static str, alt: Option<String>, ops: Vec<Op>) {
        let mcid = i64::try_from(self.tags.len()).unwrap_or(i64::MAX);
        let map = [("MCID".to_owned(), DictItem::Int(mcid))]
            .into_iter()
            .collect();
        self.ops.push(Op::BeginMarkedContentWithProperties {
            tag: kind.to_owned(),
            properties: DictItem::Dict { map },
        });
        self.ops.extend(ops);
        self.ops.push(Op::EndMarkedContent);
        self.tags.push(Tag { kind, mcid, alt });
    }

    /// `ops` as decoration, skipped by assistive technology.
    fn artifact(&mut self, ops: Vec<Op>) {
        self.ops.push(Op::BeginMarkedContent {
            tag: "Artifact".to_owned(),
        });
        self.ops.extend(ops);
        self.ops.push(Op::EndMarkedContent);
    }
}

/// The PDF of card `c` (the photo's bytes when it is a JPEG or PNG), tagged for screen readers
/// (`pdf_tags`); `None` if the font is unusable.
pub fn render(lang: Lang, c: &CardView, photo: Option<&[u8]>) -> Option<Vec<u8>> {
    let (width, height) = (210.0_f32, 148.0_f32);
    let mut doc = PdfDocument::new(&lang.t("certificate-card-heading"));
    let font = doc.add_font(font()?);
    let mut page = Marked::default();
    // The title bar.
    page.artifact(vec![
        Op::SetFillColor {
            col: rgb(0.114, 0.439, 0.722),
        },
        rect(0.0, height - 22.0, width, 22.0),
    ]);
    page.ops.push(Op::SetFillColor {
        col: rgb(1.0, 1.0, 1.0),
    });
    let heading = lang.t("certificate-card-heading");
    page.content("H1", None, text(&font, 10.0, height - 14.0, 16.0, heading));
    page.ops.push(Op::SetFillColor {
        col: rgb(0.043, 0.047, 0.047),
    });
    let mut y = height - 36.0;
    for (x, size, line) in field_lines(lang, c) {
        page.content("P", None, text(&font, x, y, size, line));
        y -= if size < 11.0 { 7.0 } else { 11.0 };
    }
    if let Some(image) = photo.and_then(card_photo) {
        let id = doc.add_image(&image);
        page.content(
            "Figure",
            Some(lang.t("certificate-photo-alt")),
            vec![photo_op(id, &image, height)],
        );
    }
    if let Ok(code) = QrCode::new(c.verify_url.as_bytes()) {
        let (x0, y0) = (width - QR_SIZE - 10.0, 22.0);
        page.content(
            "Figure",
            Some(lang.t("certificate-qr-alt")),
            qr_ops(&code, x0, y0),
        );
        let line = format!("{} {}", lang.t("certificate-code"), c.code);
        page.content("P", None, text(&font, x0, 14.0, 10.0, line));
    }
    // The verification page, for typing the number and the code (the QR code holds the full link).
    let page_url = c
        .verify_url
        .split("/verify?")
        .next()
        .map(|base| format!("{base}/verify"))
        .unwrap_or_default();
    let line = lang.t_args("certificate-pdf-verify", &[("url", page_url)]);
    page.content("P", None, text(&font, 10.0, 14.0, 9.0, line));
    let Marked { ops, tags } = page;
    let options = PdfSaveOptions {
        subset_fonts: true,
        ..Default::default()
    };
    let pdf = doc
        .with_pages(vec![PdfPage::new(Mm(width), Mm(height), ops)])
        .save(&options, &mut Vec::new());
    pdf_tags::tag(&pdf, lang.tag(), &tags)
}

/// A line of text at (`x`, `y`) mm in `size` points.
fn text(font: &FontId, x: f32, y: f32, size: f32, s: String) -> Vec<Op> {
    vec![
        Op::StartTextSection,
        Op::SetTextCursor {
            pos: Point {
                x: Mm(x).into(),
                y: Mm(y).into(),
            },
        },
        Op::SetFont {
            font: PdfFontHandle::External(font.clone()),
            size: Pt(size),
        },
        Op::ShowText {
            items: vec![TextItem::Text(s)],
        },
        Op::EndTextSection,
    ]
}

/// The card's fields as (x, size, line), the components of 多重 under the disability line.
fn field_lines(lang: Lang, c: &CardView) -> Vec<(f32, f32, String)> {
    let mut lines: Vec<(f32, f32, String)> = vec![];
    for (key, value) in [
        ("publications-col-name", &c.name),
        ("certificate-number", &c.number),
        ("certificate-disability", &c.category_grade),
        ("certificate-issued", &c.issued_on),
        ("certificate-validity", &c.valid),
        ("certificate-office", &c.office),
        ("verify-status", &c.status_text),
    ] {
        lines.push((56.0, 11.0, format!("{}：{value}", lang.t(key))));
        if key == "certificate-disability" {
            lines.extend(c.components.iter().map(|comp| (64.0, 9.0, comp.clone())));
        }
    }
    lines
}

/// The photo as printed: decoded within limits (the upload's pixel limits, 256 MB of memory —
/// a photo stored before those limits cannot take the server's memory) and scaled down to at most
/// 600 × 800 pixels (35 × 47 mm at over 400 dpi), which also keeps the PDF small.
fn card_photo(bytes: &[u8]) -> Option<RawImage> {
    use crate::domain::upload::MAX_SIDE;
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .ok()?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let decoded = reader.decode().ok()?;
    let fitted = if decoded.width() > 600 || decoded.height() > 800 {
        decoded.thumbnail(600, 800)
    } else {
        decoded
    };
    RawImage::from_dynamic_image(image::DynamicImage::ImageRgb8(fitted.into_rgb8())).ok()
}

/// The photo placed left of the fields: 35 × 47 mm at the image's own aspect is close enough
/// for a 2-inch photo.
fn photo_op(id: XObjectId, image: &RawImage, height: f32) -> Op {
    let (w, h) = (image.width.max(1) as f32, image.height.max(1) as f32);
    let scale = (Mm(38.0).into_pt().0 / w).min(Mm(50.0).into_pt().0 / h);
    Op::UseXobject {
        id,
        transform: XObjectTransform {
            translate_x: Some(Mm(10.0).into()),
            translate_y: Some(Mm(height - 80.0).into()),
            scale_x: Some(scale),
            scale_y: Some(scale),
            dpi: Some(72.0),
            ..Default::default()
        },
    }
}

/// The QR code's side (mm).
const QR_SIZE: f32 = 44.0;

/// The QR code at (`x0`, `y0`) mm: one square per dark module, in a quiet zone of four.
fn qr_ops(code: &QrCode, x0: f32, y0: f32) -> Vec<Op> {
    let n = code.width();
    let module = QR_SIZE / (n as f32 + 8.0);
    let mut squares = vec![Op::SetFillColor {
        col: rgb(0.043, 0.047, 0.047),
    }];
    for (i, m) in code.to_colors().iter().enumerate() {
        if *m == Module::Dark {
            let (col, row) = ((i % n) as f32, (i / n) as f32);
            squares.push(rect(
                x0 + (col + 4.0) * module,
                y0 + QR_SIZE - (row + 5.0) * module,
                module,
                module,
            ));
        }
    }
    squares
}

/// `GET /certificates/{id}/card.pdf`: the card as PDF (text as text in an embedded font),
/// rendered once per card version and language ([`super::card_renders`]).
pub async fn pdf(ctx: Ctx, id: web::Path<i64>) -> AppResult {
    let (c, name) = load(&ctx, id.into_inner()).await?;
    let photo = photo_upload(&ctx, &c)
        .await?
        .filter(|u| u.content_type.starts_with("image/"));
    let v = view(&ctx, &c, &name).await?;
    let lang = ctx.lang;
    let key = card_renders::key(&(
        "card.pdf",
        lang.tag(),
        &v,
        photo.as_ref().map(|u| u.sha256.as_str()),
    ));
    let renders = &ctx.state.card_renders;
    let body = match renders.get(&key) {
        Some(done) => done,
        None => {
            let photo = match photo {
                Some(u) => Some(
                    ctx.state
                        .storage
                        .get(&u.sha256)
                        .await
                        .map_err(|e| AppError::Internal(e.into()))?,
                ),
                None => None,
            };
            renders
                .get_or_render(key, move || render(lang, &v, photo.as_deref()))
                .await?
                .ok_or_else(|| {
                    AppError::Internal(anyhow::anyhow!("the certificate font is unusable"))
                })?
        }
    };
    Ok(download(
        body.as_ref().clone(),
        "application/pdf",
        format!("certificate-{}.pdf", c.id),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card() -> CardView {
        CardView {
            id: 1,
            name: "欧阳娜娜".into(),
            number: "11010519491231002X72".into(),
            category_grade: "多重残疾 二级（重度）".into(),
            components: vec![
                "肢体残疾 二级（重度）".into(),
                "视力残疾 三级（中度）".into(),
            ],
            issued_on: "2026-12-01".into(),
            valid: "2026-12-01 至 2036-11-30".into(),
            status: "valid".into(),
            status_text: "有效".into(),
            office: "芙蓉区残联".into(),
            photo: true,
            qr_svg: String::new(),
            verify_url: "http://127.0.0.1:8080/verify?t=v1.k1.1.00.1.sig".into(),
            code: "ABCD1234".into(),
            card: String::new(),
            replaced: false,
        }
    }

    #[test]
    fn the_pdf_carries_the_text_in_a_subset_font_the_photo_and_the_qr_code() {
        let photo = include_bytes!("../../tests/fixtures/photo.png");
        let pdf = render(Lang::ZhCn, &card(), Some(photo)).expect("a PDF");
        assert!(pdf.starts_with(b"%PDF-"));
        let raw = String::from_utf8_lossy(&pdf);
        assert!(
            raw.contains("/ToUnicode"),
            "text can be copied and read aloud"
        );
        assert!(raw.contains("/Image"), "the photo");
        assert!(
            pdf.len() < 200_000,
            "the font is subset: {} bytes",
            pdf.len()
        );
        let without = render(Lang::En, &card(), None).expect("a PDF");
        assert!(!String::from_utf8_lossy(&without).contains("/Image"));
    }

    /// Tagged for screen readers: the language, the structure tree over the page's marked
    /// content in reading order, the photo and the QR code with their alternative text.
    #[test]
    fn the_pdf_is_tagged_with_its_language_structure_and_alternative_text() {
        let photo = include_bytes!("../../tests/fixtures/photo.png");
        let pdf = render(Lang::ZhCn, &card(), Some(photo)).expect("a PDF");
        let doc = lopdf::Document::load_mem(&pdf).expect("a readable PDF");
        let catalog = doc.catalog().unwrap();
        assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"zh-CN");
        let marked = catalog.get(b"MarkInfo").unwrap().as_dict().unwrap();
        assert!(marked.get(b"Marked").unwrap().as_bool().unwrap());
        let prefs = catalog
            .get(b"ViewerPreferences")
            .unwrap()
            .as_dict()
            .unwrap();
        assert!(prefs.get(b"DisplayDocTitle").unwrap().as_bool().unwrap());
        let root = doc
            .get_dictionary(
                catalog
                    .get(b"StructTreeRoot")
                    .unwrap()
                    .as_reference()
                    .unwrap(),
            )
            .unwrap();
        let document = doc
            .get_dictionary(root.get(b"K").unwrap().as_reference().unwrap())
            .unwrap();
        let kinds: Vec<(String, Option<String>)> = document
            .get(b"K")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|k| {
                let e = doc.get_dictionary(k.as_reference().unwrap()).unwrap();
                let kind = String::from_utf8_lossy(e.get(b"S").unwrap().as_name().unwrap());
                let alt = e.get(b"Alt").ok().map(|a| {
                    let bytes = a.as_str().unwrap();
                    let units: Vec<u16> = bytes[2..]
                        .chunks(2)
                        .map(|p| u16::from_be_bytes([p[0], p[1]]))
                        .collect();
                    String::from_utf16(&units).unwrap()
                });
                (kind.into_owned(), alt)
            })
            .collect();
        assert_eq!(kinds[0].0, "H1");
        let figures: Vec<_> = kinds.iter().filter(|(k, _)| k == "Figure").collect();
        assert_eq!(figures.len(), 2, "the photo and the QR code: {kinds:?}");
        assert_eq!(figures[0].1.as_deref(), Some("持证人照片"));
        assert!(figures[1].1.as_deref().unwrap().starts_with("核验二维码"));
        // Every line of the card is a paragraph: 7 fields, 2 components, the code, the hint.
        assert_eq!(kinds.iter().filter(|(k, _)| k == "P").count(), 11);
        // The page's marked content carries the ids the tree points to.
        let page = *doc.get_pages().get(&1).unwrap();
        let content = String::from_utf8_lossy(&doc.get_page_content(page)).into_owned();
        assert!(content.contains("/MCID 0") && content.contains("/Artifact"));
    }
}
