//! The stylesheet and the script under content-hashed URLs (issue #22): a page links
//! `/static/css/portal.css?v=<hash>`, which browsers keep for a year without asking again; a new
//! version has a new hash, so nobody keeps an old one. `/static/…` without the current hash is
//! revalidated on every use (`no-cache`, with its ETag), and pages themselves stay `no-store`.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{CACHE_CONTROL, HeaderValue};
use actix_web::middleware::Next;
use sha2::{Digest, Sha256};

/// The files pages link.
const LINKED: [&str; 2] = ["css/portal.css", "js/portal.js"];

static VERSIONS: OnceLock<HashMap<&'static str, String>> = OnceLock::new();

fn versions_of(static_dir: &Path) -> HashMap<&'static str, String> {
    LINKED
        .iter()
        .map(|path| {
            let bytes = std::fs::read(static_dir.join(path)).unwrap_or_default();
            (*path, hex::encode(&Sha256::digest(&bytes)[..5]))
        })
        .collect()
}

/// Hashes the linked files of `static_dir` (once a process; the first app started decides).
pub fn init(static_dir: &Path) {
    let _ = VERSIONS.get_or_init(|| versions_of(static_dir));
}

fn version(path: &str) -> Option<&'static str> {
    VERSIONS
        .get_or_init(|| versions_of(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/static"))))
        .get(path)
        .map(String::as_str)
}

/// The URL of the static file `path` (`css/portal.css`), with its content's hash.
pub fn url(path: &str) -> String {
    match version(path) {
        Some(v) => format!("/static/{path}?v={v}"),
        None => format!("/static/{path}"),
    }
}

/// Caching of `/static/…`: a year (`immutable`) under the current hash, else revalidated.
pub async fn cache(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let asset = req.path().strip_prefix("/static/").map(str::to_owned);
    let asked = form_urlencoded::parse(req.query_string().as_bytes())
        .find(|(k, _)| k == "v")
        .map(|(_, v)| v.into_owned());
    let mut res = next.call(req).await?;
    if let Some(path) = asset
        && res.status().is_success()
    {
        let current = asked.is_some() && asked.as_deref() == version(&path);
        let value = if current {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        res.headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static(value));
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linked_files_carry_a_hash_of_their_content() {
        let css = url("css/portal.css");
        let v = css
            .strip_prefix("/static/css/portal.css?v=")
            .expect("a version");
        assert_eq!(v.len(), 10);
        assert!(v.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(url("img/other.png"), "/static/img/other.png");
    }
}
