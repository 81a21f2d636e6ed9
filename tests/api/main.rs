//! Integration tests: the real app over HTTP on real PostgreSQL. One binary, so it links once.

// Tests and measuring commands may unwrap (Cargo.toml `[lints]` is for the product).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod account;
mod admin;
mod annual_review;
mod apply;
mod appointments;
mod bounded;
mod case_file;
mod certificates;
mod clock;
mod contacts;
mod counter;
mod digest;
mod drills;
mod government;
mod guide;
mod health;
mod helpers;
mod henan;
mod inbox;
mod lifecycle;
mod locales;
mod login;
mod materials;
mod notices;
mod old_card;
mod outage;
mod outbox;
mod password_reset;
mod people;
mod preferences;
mod private_defaults;
mod proxies;
mod redis_sessions;
mod register;
mod replica;
mod review;
mod security;
mod services;
mod session;
mod shared_reads;
mod trust;
mod uploads;
mod workflow;
