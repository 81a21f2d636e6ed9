//! The rules of the service as plain Rust: no web framework, no database, no IO.
//!
//! Each public item cites the seed document (`../shared/seeds/NNN_*.txt`) or standard it encodes.

pub mod contact;
pub mod id_number;
pub mod password;
pub mod person_name;
pub mod role;

pub use contact::{EmailAddress, MobileNumber};
pub use id_number::{IdNumber, Sex};
pub use password::NewPassword;
pub use person_name::RealName;
pub use role::Role;
