//! Read-side queries: work queues, the appeal list and search, the detail page, the tracking
//! ledger and duplicate hints.
//!
//! Queries enforce the same access rules as the use cases: handlers and department heads only ever
//! see their department's appeals (the filter is forced, not offered), and personal data leaves
//! only through [`crate::mask`]. Every list is paged in SQL and bounded, so a screen stays fast on a
//! million appeals.

pub mod acts;
pub mod appeal_ledger;
pub mod assessment_records;
pub mod detail;
pub mod difficult;
pub mod duplicates;
mod fold;
pub mod ledger;
pub mod list;
mod list_text;
pub mod print;
pub mod rows;
pub mod stats;
pub mod tasks;
pub mod texts;

use crate::calendar::WorkCalendar;
use chrono::NaiveDate;

/// Due-date flags shown in every list: overdue (red), due soon (orange).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    serde::Serialize,
    serde::Deserialize,
    ts_rs::TS,
    schemars::JsonSchema,
)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct DueFlags {
    pub overdue: bool,
    pub due_soon: bool,
    /// Working days left until the due date (negative when overdue).
    pub remaining_working_days: Option<i64>,
}

/// Computes the due flags for one due date.
pub fn due_flags(
    cal: &WorkCalendar,
    due: Option<NaiveDate>,
    today: NaiveDate,
    soon_days: i64,
) -> DueFlags {
    match due {
        None => DueFlags::default(),
        Some(d) => {
            let left = cal.working_days_between(today, d).value;
            DueFlags {
                overdue: d < today,
                due_soon: d >= today && left <= soon_days,
                remaining_working_days: Some(left),
            }
        }
    }
}
