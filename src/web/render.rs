//! Turning templates into responses, and redirects.

use actix_web::HttpResponse;
use actix_web::http::{StatusCode, header};
use askama::Template;

use super::error::AppResult;

/// Room for most pages in one allocation: askama reserves only the template's literal text,
/// and a busy listing (15 KB) grew its page four times over, copying it each time.
const PAGE_CAPACITY: usize = 16 * 1024;

/// Renders `template` as an HTML page with `status`.
pub fn html_status<T: Template>(status: StatusCode, template: &T) -> AppResult {
    let mut body = String::with_capacity(PAGE_CAPACITY.max(T::SIZE_HINT));
    template.render_into(&mut body)?;
    // English pages mark their Chinese parts (WCAG 3.1.2).
    let body = match super::lang_parts::mark(&body) {
        std::borrow::Cow::Borrowed(_) => body,
        std::borrow::Cow::Owned(marked) => marked,
    };
    // Free text holding right-to-left text or direction controls is isolated (issue #22).
    let body = match super::bidi::isolate(&body) {
        std::borrow::Cow::Borrowed(_) => body,
        std::borrow::Cow::Owned(isolated) => isolated,
    };
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body))
}

/// Renders `template` as a 200 page.
pub fn html(template: &impl Template) -> AppResult {
    html_status(StatusCode::OK, template)
}

/// Renders a form again with its errors (422).
pub fn invalid(template: &impl Template) -> AppResult {
    html_status(StatusCode::UNPROCESSABLE_ENTITY, template)
}

/// Renders a form page: 200 when it has no errors, 422 when it shows them.
pub fn form_page(template: &impl Template, has_errors: bool) -> AppResult {
    if has_errors {
        invalid(template)
    } else {
        html(template)
    }
}

/// A 303 redirect to a local path.
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

/// `next` when it is a local path (starts with one `/`), else `fallback`: no open redirects.
pub fn local_path_or<'a>(next: Option<&'a str>, fallback: &'a str) -> &'a str {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.contains('\\')
                && !n.chars().any(char::is_control) =>
        {
            n
        }
        _ => fallback,
    }
}

#[cfg(test)]
mod tests {
    use super::local_path_or;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(local_path_or(Some("/account"), "/"), "/account");
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "evil",
            "/a\nb",
        ] {
            assert_eq!(local_path_or(Some(bad), "/"), "/", "{bad}");
        }
        assert_eq!(local_path_or(None, "/x"), "/x");
    }
}
