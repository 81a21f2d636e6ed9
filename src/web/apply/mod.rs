//! Applying: the service guide (办事指南) with the one-time list of materials (一次告知), and the
//! one form — start, task list, question pages, materials, check your answers, submission and
//! the submitted applications.

pub mod applications;
pub mod appointment;
pub mod check;
pub mod correction;
pub mod divisions;
pub mod draft;
pub mod guide;
pub mod materials;
pub mod pages;
pub mod progress;
pub mod question;
pub mod questions;
pub mod rating;
pub mod review;
pub mod sections;
pub mod services;
pub mod summary;
pub mod tasks;
