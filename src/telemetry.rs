//! Structured logging with `tracing`. Nothing logged carries a full ID number, phone number or
//! password: requests are logged by route pattern, and the domain types print masked.

use tracing_subscriber::EnvFilter;

/// Installs the global subscriber once (`RUST_LOG` overrides the default `info`).
pub fn init(default_filter: &str) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .try_init();
}
