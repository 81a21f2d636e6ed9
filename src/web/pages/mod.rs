//! Public pages that belong to no particular area: home, health checks, preferences.

pub mod health;
pub mod help;
pub mod home;
pub mod preferences;
