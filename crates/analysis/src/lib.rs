//! minyi-analysis — the numbers of §六 and §七(一) over the core's data: statistics, hot spots,
//! weak links and disclosure data for a period.
//!
//! The crate reads through the core: every entry point takes the core's `Store` (never a
//! connection; `minyi_core::queries` owns the SQL) and never writes. Its results are plain serialisable values (camelCase, ts-rs
//! bindings) that the app's dashboard, the CLI and the Excel export all show the same way.
//! [`period`] decides what a period and its comparison period are; [`workdays`] makes the
//! working-day calendar cheap enough to apply to every stage of a year; [`stats`] computes the
//! figures; [`hotspots`] finds the topics by Chinese word segmentation; [`disclosure`] reduces the
//! figures to what may be published and [`disclosure_text`] words it; [`weak_links`] ranks
//! departments and stages; [`assessment`] scores and ranks departments and people (§八);
//! [`difficult`] lists the difficult issues (难点).

pub mod assessment;
pub mod difficult;
pub mod disclosure;
pub mod disclosure_text;
pub mod hotspots;
pub mod period;
pub mod stats;
pub mod weak_links;
pub mod workdays;
