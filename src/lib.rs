//! 残疾人证“一件事一次办” — the citizen portal for China's disability certificate service.
//!
//! Layers: [`domain`] holds the rules as pure Rust; [`db`] the schema, models and queries;
//! [`web`] the routes, extractors and handlers; `templates/` mirrors `web`.

// Unit tests may unwrap; the product may not (Cargo.toml `[lints]`).
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod auth;
pub mod cases;
pub mod client_address;
pub mod clock;
pub mod config;
pub mod db;
pub mod delivery;
pub mod domain;
pub mod email;
pub mod gate;
pub mod government_account;
pub mod i18n;
pub mod jobs;
pub mod key_file;
pub mod local_pg;
pub mod rate_limit;
pub mod startup;
pub mod storage;
pub mod telemetry;
pub mod web;
