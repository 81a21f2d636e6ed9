//! Cross-cutting request handling: `HEAD` as `GET`, CSRF, security headers, error and outage pages, request logs,
//! the longest address taken.

pub mod csrf;
pub mod error_pages;
pub mod head;
pub mod outage;
pub mod request_log;
pub mod security_headers;
pub mod uri_limit;
