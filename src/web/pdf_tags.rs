//! Tagged PDF for the one-page documents the portal makes (the certificate): a structure tree
//! in reading order over the page's marked content (headings, paragraphs, figures with their
//! alternative text), the document language, `MarkInfo` and the title shown instead of the file
//! name — what a screen reader needs to read the PDF (PDF/UA basics, WCAG 1.1.1, 1.3.1, 3.1.1).
//! `printpdf` writes the marked content; this adds the tree with `lopdf`.

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};

/// A structure element of the page, in reading order.
#[derive(Debug, Clone)]
pub struct Tag {
    /// The standard structure type: `H1`, `P`, `Figure`.
    pub kind: &'static str,
    /// The marked-content id of its content on the page.
    pub mcid: i64,
    /// The alternative text of a figure.
    pub alt: Option<String>,
}

/// Text as a PDF text string (UTF-16BE with its byte-order mark).
pub fn text_string(s: &str) -> Vec<u8> {
    let mut bytes = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        bytes.extend(u.to_be_bytes());
    }
    bytes
}

fn name(n: &str) -> Object {
    Object::Name(n.as_bytes().to_vec())
}

fn dict(pairs: Vec<(&str, Object)>) -> Object {
    let mut d = Dictionary::new();
    for (k, v) in pairs {
        d.set(k, v);
    }
    Object::Dictionary(d)
}

/// The one-page `pdf` with the structure tree of `tags`, language `lang` (BCP 47), marked as
/// tagged and showing its title; `None` when `pdf` cannot be read.
pub fn tag(pdf: &[u8], lang: &str, tags: &[Tag]) -> Option<Vec<u8>> {
    let mut doc = Document::load_mem(pdf).ok()?;
    let page = *doc.get_pages().get(&1)?;
    let root: ObjectId = doc.new_object_id();
    let document: ObjectId = doc.new_object_id();
    let elements: Vec<(i64, ObjectId)> = tags
        .iter()
        .map(|t| {
            let mut pairs = vec![
                ("Type", name("StructElem")),
                ("S", name(t.kind)),
                ("P", Object::Reference(document)),
                ("Pg", Object::Reference(page)),
                ("K", Object::Integer(t.mcid)),
            ];
            if let Some(alt) = &t.alt {
                pairs.push((
                    "Alt",
                    Object::String(text_string(alt), StringFormat::Hexadecimal),
                ));
            }
            (t.mcid, doc.add_object(dict(pairs)))
        })
        .collect();
    doc.objects.insert(
        document,
        dict(vec![
            ("Type", name("StructElem")),
            ("S", name("Document")),
            ("P", Object::Reference(root)),
            (
                "K",
                Object::Array(
                    elements
                        .iter()
                        .map(|(_, id)| Object::Reference(*id))
                        .collect(),
                ),
            ),
        ]),
    );
    // The page's marked content, by MCID, points back to its element.
    let mut by_mcid = elements.clone();
    by_mcid.sort_by_key(|(mcid, _)| *mcid);
    let parents = Object::Array(
        by_mcid
            .iter()
            .map(|(_, id)| Object::Reference(*id))
            .collect(),
    );
    doc.objects.insert(
        root,
        dict(vec![
            ("Type", name("StructTreeRoot")),
            ("K", Object::Reference(document)),
            (
                "ParentTree",
                dict(vec![(
                    "Nums",
                    Object::Array(vec![Object::Integer(0), parents]),
                )]),
            ),
            ("ParentTreeNextKey", Object::Integer(1)),
        ]),
    );
    doc.get_dictionary_mut(page)
        .ok()?
        .set("StructParents", Object::Integer(0));
    let catalog = doc.catalog_mut().ok()?;
    catalog.set("StructTreeRoot", Object::Reference(root));
    catalog.set("MarkInfo", dict(vec![("Marked", Object::Boolean(true))]));
    catalog.set("Lang", Object::string_literal(lang));
    catalog.set(
        "ViewerPreferences",
        dict(vec![("DisplayDocTitle", Object::Boolean(true))]),
    );
    let mut out = Vec::new();
    doc.save_to(&mut out).ok()?;
    Some(out)
}
