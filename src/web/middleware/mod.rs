//! Cross-cutting request handling: CSRF, security headers, error pages, request logs.

pub mod csrf;
pub mod error_pages;
pub mod request_log;
pub mod security_headers;
