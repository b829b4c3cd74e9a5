//! minyi-sheets — Excel and CSV in and out for Minyi (民意诉求管理系统).
//!
//! Exports ([`appeal_ledger`], [`tracking_ledger`], [`assessment_book`]) read through the core's
//! queries (the assessment through minyi-analysis) and write .xlsx with rust_xlsxwriter; big ones
//! stream into constant-memory worksheets and report progress. The statistics workbook
//! ([`stats_book`], with native charts) and the disclosure workbook ([`disclosure_book`]) are
//! written from a result of `minyi-analysis` that the caller computed (and authorised), so a
//! screen, the CLI and the file show the same figures. Imports ([`import`]) read online-channel
//! batches (.xlsx through calamine, .csv in UTF-8, UTF-16 or GBK/GB18030 through encoding_rs,
//! within the limits of [`read`]), map their columns ([`mapping`]) and register every good row
//! through the core's registration use case. Only the core opens the database; this crate knows
//! file formats and nothing about SQL. Errors are the core's [`minyi_core::CoreError`], so the app and the CLI
//! report them like any other.

pub mod appeal_ledger;
pub mod assessment_book;
pub mod audit_book;
pub mod book;
pub mod disclosure_book;
pub mod import;
pub mod mapping;
pub mod read;
mod report;
pub mod stats_book;
pub mod tracking_ledger;

/// Progress of a long job: (done, total), called now and then and once at the end.
pub type Progress<'a> = &'a mut dyn FnMut(u64, u64);
