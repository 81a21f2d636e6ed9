//! Applying: the service guide (办事指南) with the one-time list of materials (一次告知).

pub mod guide;
