//! The electronic certificate as PDF (`printpdf`): an A5 landscape page with the same fields as
//! the HTML card, as real text in an embedded (subset) CJK font, the holder's photo and the QR
//! code drawn as vector squares, so that it prints sharp and can be read by a screen reader. The
//! font is subset to the characters used (a card is about 30 KB).

use std::sync::OnceLock;

use printpdf::{
    Color, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions,
    Point, Pt, RawImage, Rect, Rgb, TextItem, XObjectTransform,
};
use qrcode::{Color as Module, QrCode};

use super::certificates::CardView;
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

/// The PDF of card `c` (the photo's bytes when it is a JPEG or PNG); `None` if the font is
/// unusable.
pub fn render(lang: Lang, c: &CardView, photo: Option<&[u8]>) -> Option<Vec<u8>> {
    let (width, height) = (210.0_f32, 148.0_f32);
    let mut doc = PdfDocument::new(&lang.t("certificate-card-heading"));
    let font = doc.add_font(font()?);
    let mut ops = vec![
        // The title bar.
        Op::SetFillColor {
            col: rgb(0.114, 0.439, 0.722),
        },
        rect(0.0, height - 22.0, width, 22.0),
    ];
    let text = |ops: &mut Vec<Op>, x: f32, y: f32, size: f32, s: String| {
        ops.extend([
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
        ]);
    };
    ops.push(Op::SetFillColor {
        col: rgb(1.0, 1.0, 1.0),
    });
    text(
        &mut ops,
        10.0,
        height - 14.0,
        16.0,
        lang.t("certificate-card-heading"),
    );
    ops.push(Op::SetFillColor {
        col: rgb(0.043, 0.047, 0.047),
    });
    // The fields, the components of 多重 under the disability line.
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
    let mut y = height - 36.0;
    for (x, size, line) in lines {
        text(&mut ops, x, y, size, line);
        y -= if size < 11.0 { 7.0 } else { 11.0 };
    }
    if let Some(image) = photo.and_then(|b| RawImage::decode_from_bytes(b, &mut Vec::new()).ok()) {
        // 35 × 47 mm at the image's own aspect is close enough for a 2-inch photo.
        let (w, h) = (image.width.max(1) as f32, image.height.max(1) as f32);
        let scale = (Mm(38.0).into_pt().0 / w).min(Mm(50.0).into_pt().0 / h);
        let id = doc.add_image(&image);
        ops.push(Op::UseXobject {
            id,
            transform: XObjectTransform {
                translate_x: Some(Mm(10.0).into()),
                translate_y: Some(Mm(height - 80.0).into()),
                scale_x: Some(scale),
                scale_y: Some(scale),
                dpi: Some(72.0),
                ..Default::default()
            },
        });
    }
    // The QR code: one square per dark module, with the verification code under it.
    if let Ok(code) = QrCode::new(c.verify_url.as_bytes()) {
        let n = code.width();
        let size = 44.0_f32;
        let module = size / (n as f32 + 8.0);
        let (x0, y0) = (width - size - 10.0, 22.0);
        ops.push(Op::SetFillColor {
            col: rgb(0.043, 0.047, 0.047),
        });
        for (i, m) in code.to_colors().iter().enumerate() {
            if *m == Module::Dark {
                let (col, row) = ((i % n) as f32, (i / n) as f32);
                ops.push(rect(
                    x0 + (col + 4.0) * module,
                    y0 + size - (row + 5.0) * module,
                    module,
                    module,
                ));
            }
        }
        text(
            &mut ops,
            x0,
            14.0,
            10.0,
            format!("{} {}", lang.t("certificate-code"), c.code),
        );
    }
    // The verification page, for typing the number and the code (the QR code holds the full link).
    let page_url = c
        .verify_url
        .split("/verify?")
        .next()
        .map(|base| format!("{base}/verify"))
        .unwrap_or_default();
    text(
        &mut ops,
        10.0,
        14.0,
        9.0,
        lang.t_args("certificate-pdf-verify", &[("url", page_url)]),
    );
    let page = PdfPage::new(Mm(width), Mm(height), ops);
    let options = PdfSaveOptions {
        subset_fonts: true,
        ..Default::default()
    };
    Some(doc.with_pages(vec![page]).save(&options, &mut Vec::new()))
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
}
