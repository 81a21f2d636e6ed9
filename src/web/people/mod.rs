//! “People I act for”: a guardian or helper keeps the people they apply for, each with their
//! details, relationship (GB/T 4761) and proof.

pub mod add;
pub mod list;
