//! Integration tests: the real app over HTTP on real PostgreSQL. One binary, so it links once.

mod account;
mod admin;
mod apply;
mod certificates;
mod government;
mod guide;
mod health;
mod helpers;
mod inbox;
mod lifecycle;
mod locales;
mod login;
mod materials;
mod outbox;
mod password_reset;
mod people;
mod preferences;
mod private_defaults;
mod redis_sessions;
mod register;
mod review;
mod security;
mod services;
mod session;
mod trust;
mod workflow;
