//! minyi-demo — demo data for Minyi (民意诉求管理系统): a realistic office and synthetic appeals
//! for newcomers, tests and benchmarks.
//!
//! Everything is deterministic for a seed ([`rng::Rng`]), so a benchmark database can be rebuilt
//! identically and a test can rely on what it gets.
//!
//! Why a crate of its own rather than a module of `minyi-core`:
//! * It is a client of the core, not part of the domain: it simulates histories through the same
//!   [`minyi_core::lifecycle`] rules and event payloads the use cases write, and stores them only
//!   through core's typed storage functions ([`minyi_core::store::bulk`]). As a separate crate it
//!   sees only the core's public API and never a connection, so it holds no SQL and a second
//!   storage backend needs no change here.
//! * Its word lists, templates and simulation were a quarter of the core's lines; the core builds
//!   and tests faster without them, and the app, CLI and tests that want demo data say so in
//!   their dependencies.
//!
//! Entry points: [`generate`] (bulk appeals into an empty file, used by `minyi-cli demo`, the
//! first-run option of the app, benchmarks and tests), [`seed_office`] (departments and an
//! account for every role, password [`DEMO_PASSWORD`]), and [`text`] with [`rng`] (realistic
//! texts, names and phone numbers for other tools such as `minyi-cli bench`).

mod aftercare;
mod followups;
mod fts_build;
pub mod generate;
pub mod office;
mod pending;
mod people;
mod people_tables;
pub mod phrases;
mod repeat;
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
