//! Read-side queries: work queues, the appeal list and search, the detail page, the tracking
//! ledger and duplicate hints.
//!
//! Queries enforce the same access rules as the use cases: handlers and department heads only ever
//! see their department's appeals (the filter is forced, not offered), and personal data leaves
//! only through [`crate::mask`]. Every list is paged in SQL and bounded, so a screen stays fast on a
//! million appeals.

pub mod acts;
pub mod appeal_ledger;
pub mod archive;
pub mod assessment_records;
pub mod assists;
pub mod detail;
pub mod difficult;
pub mod duplicates;
mod fold;
pub mod history;
pub mod ledger;
pub mod list;
mod list_text;
mod list_total;
pub mod portal;
pub mod print;
pub mod queues;
pub mod reminders;
pub mod rows;
pub mod stats;
pub mod tasks;
pub mod texts;
pub mod visits;

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

/// A page of a list as a caller asked for it, made safe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// The page, from 0.
    pub page: i64,
    /// Rows on a page.
    pub size: i64,
    /// The first row's position in the whole list.
    pub offset: i64,
}

/// No list is longer than this: a page further on is a mistake (or a probe), not a request.
const MAX_OFFSET: i64 = 1_000_000_000;

/// The page `page` of `size` rows (0 or less: `default`; at most `max`). A negative page is the
/// first; a page beyond any list is refused in Chinese instead of overflowing the arithmetic.
pub fn window(page: i64, size: i64, default: i64, max: i64) -> crate::Result<Window> {
    let size = if size <= 0 { default } else { size.min(max) };
    let page = page.max(0);
    match page.checked_mul(size) {
        Some(offset) if offset <= MAX_OFFSET => Ok(Window { page, size, offset }),
        _ => Err(crate::CoreError::field(
            "page",
            "页码超出范围，请回到第一页后再翻页。",
        )),
    }
}

#[cfg(test)]
mod window_tests {
    use super::*;

    #[test]
    fn pages_are_bounded_and_never_overflow() {
        assert_eq!(
            window(0, 0, 50, 200).unwrap(),
            Window {
                page: 0,
                size: 50,
                offset: 0
            }
        );
        assert_eq!(
            window(-3, 500, 50, 200).unwrap(),
            Window {
                page: 0,
                size: 200,
                offset: 0
            }
        );
        assert_eq!(window(4, 20, 50, 200).unwrap().offset, 80);
        let e = window(i64::MAX - 1, 0, 50, 200).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("page"));
        assert!(window(9_223_372_036_854_775_806, 7, 50, 200).is_err());
    }
}
