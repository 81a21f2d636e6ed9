//! Cross-cutting request handling: CSRF, security headers, error and outage pages, request logs.

pub mod csrf;
pub mod error_pages;
pub mod outage;
pub mod request_log;
pub mod security_headers;
