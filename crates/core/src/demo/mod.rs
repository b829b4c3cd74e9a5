//! Demo data: a realistic office and synthetic appeals for newcomers, tests and benchmarks.
//!
//! Everything is deterministic for a seed ([`rng::Rng`]), so a benchmark database can be rebuilt
//! identically and a test can rely on what it gets.

mod aftercare;
mod fts_build;
pub mod generate;
pub mod office;
mod people;
mod people_tables;
pub mod rng;
mod rows;
mod simulate;
mod spans;
mod template;
pub mod text;
mod text_tables;
mod text_templates;
mod text_topics;

pub use generate::{DemoOptions, DemoSummary, generate};
pub use office::{DEMO_PASSWORD, Office, seed_office};
