//! Accounts: register, sign in and out, the account page, password change and reset.

pub mod dashboard;
pub mod device;
pub mod government;
pub mod login;
pub mod notices;
pub mod password;
pub mod register;
pub mod reset;
