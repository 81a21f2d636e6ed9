//! Pages anyone may read without an account: the public announcement of assessment results
//! (评残公示).

pub mod lookup;
pub mod publications;
