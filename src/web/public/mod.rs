//! Pages anyone may read without an account: the public announcement of assessment results
//! (评残公示).

pub mod feed;
pub mod lookup;
pub mod objection;
pub mod publications;
pub mod verify;
