//! The mainland-China working-day calendar.
//!
//! Weekends are off, public holidays are off, and make-up days (调休) are worked. Holiday data ships
//! with the app as holiday-cn JSON (one file a year under `data/holidays/`) and is copied into the
//! `calendar_days` table; the administrator can import a new year or edit single days, and those rows
//! win over shipped ones. For a year with no data the calendar falls back to Monday–Friday and every
//! result says so in `fallback_years`, so callers can warn loudly instead of failing.
//!
//! The calendar is a plain in-memory value loaded once from the store; date arithmetic never touches
//! the database.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

/// One listed day in the holiday-cn schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HolidayDay {
    pub name: String,
    pub date: String,
    pub is_off_day: bool,
}

/// A holiday-cn year file (`{"year": 2026, "days": [...]}`); other keys are ignored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HolidayFile {
    #[serde(default)]
    pub year: Option<i32>,
    pub days: Vec<HolidayDay>,
}

/// The years shipped with the program, embedded so no file can go missing.
pub const SHIPPED: &[(i32, &str)] = &[
    (2024, include_str!("../data/holidays/2024.json")),
    (2025, include_str!("../data/holidays/2025.json")),
    (2026, include_str!("../data/holidays/2026.json")),
];

/// A computed value and the years for which the calendar had to assume Monday–Friday.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Computed<T> {
    pub value: T,
    pub fallback_years: Vec<i32>,
}

impl<T> Computed<T> {
    /// A Chinese warning when the result rests on assumed weekends, for display or stderr.
    pub fn warning(&self) -> Option<String> {
        if self.fallback_years.is_empty() {
            None
        } else {
            let years: Vec<String> = self.fallback_years.iter().map(|y| y.to_string()).collect();
            Some(format!(
                "注意：工作日历中没有{}年的节假日安排，已按周一至周五为工作日计算，结果可能不准。请系统管理员导入该年度的国务院放假通知。",
                years.join("、")
            ))
        }
    }
}

/// The calendar: listed days override the weekday rule; `known_years` have complete data.
#[derive(Debug, Clone, Default)]
pub struct WorkCalendar {
    listed: HashMap<NaiveDate, bool>,
    known_years: BTreeSet<i32>,
}

impl WorkCalendar {
    /// Builds a calendar from listed days `(date, is_off_day)` and the years with complete data.
    pub fn new(
        days: impl IntoIterator<Item = (NaiveDate, bool)>,
        known_years: impl IntoIterator<Item = i32>,
    ) -> Self {
        Self {
            listed: days.into_iter().collect(),
            known_years: known_years.into_iter().collect(),
        }
    }

    /// The shipped data alone (used by tests and before a database exists).
    pub fn shipped() -> Self {
        let mut days = Vec::new();
        let mut years = Vec::new();
        for (year, json) in SHIPPED {
            let file: HolidayFile =
                serde_json::from_str(json).expect("shipped holiday data is valid");
            years.push(*year);
            for d in file.days {
                if let Ok(date) = NaiveDate::parse_from_str(&d.date, "%Y-%m-%d") {
                    days.push((date, d.is_off_day));
                }
            }
        }
        Self::new(days, years)
    }

    pub fn known_years(&self) -> impl Iterator<Item = &i32> {
        self.known_years.iter()
    }

    pub fn is_known_year(&self, year: i32) -> bool {
        self.known_years.contains(&year)
    }

    /// Whether `d` is a working day (listed days first, then Monday–Friday).
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        match self.listed.get(&d) {
            Some(off) => !off,
            None => !matches!(d.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// The date `n` working days after `start` (the start day itself is not counted). `n = 0`
    /// returns `start`; a negative `n` counts backwards.
    pub fn add_working_days(&self, start: NaiveDate, n: i64) -> Computed<NaiveDate> {
        let mut fallback = BTreeSet::new();
        let step = if n < 0 { -1 } else { 1 };
        let mut d = start;
        let mut left = n.abs();
        while left > 0 {
            d += Duration::days(step);
            if !self.known_years.contains(&d.year()) {
                fallback.insert(d.year());
            }
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        Computed {
            value: d,
            fallback_years: fallback.into_iter().collect(),
        }
    }

    /// Working days in `(a, b]`: `add_working_days(a, n) == b` implies this returns `n` when `b`
    /// is a working day. Negative when `b < a`.
    pub fn working_days_between(&self, a: NaiveDate, b: NaiveDate) -> Computed<i64> {
        if b < a {
            let c = self.working_days_between(b, a);
            return Computed {
                value: -c.value,
                fallback_years: c.fallback_years,
            };
        }
        let mut fallback = BTreeSet::new();
        let mut count = 0;
        let mut d = a;
        while d < b {
            d += Duration::days(1);
            if !self.known_years.contains(&d.year()) {
                fallback.insert(d.year());
            }
            if self.is_working_day(d) {
                count += 1;
            }
        }
        Computed {
            value: count,
            fallback_years: fallback.into_iter().collect(),
        }
    }
}

/// A parsed day: date, whether it is off, and the holiday's name.
pub type ListedRow = (NaiveDate, bool, String);

/// The years a calendar may be asked about: the office's records and plans lie well inside them.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// Refuses a year outside [`YEARS`] (a mistyped year, or a probe) in Chinese.
pub fn check_year(year: i32) -> crate::Result<()> {
    if YEARS.contains(&year) {
        Ok(())
    } else {
        Err(crate::CoreError::field(
            "year",
            format!("年份应在{}年到{}年之间。", YEARS.start(), YEARS.end()),
        ))
    }
}

/// Parses a holiday-cn file into dated rows, rejecting malformed dates with a Chinese message.
pub fn parse_holiday_file(json: &str) -> crate::Result<(Option<i32>, Vec<ListedRow>)> {
    let file: HolidayFile = serde_json::from_str(json).map_err(|e| {
        crate::CoreError::field(
            "file",
            format!("节假日文件格式不正确（第{}行）：应为 holiday-cn 格式，含 days 列表，每项有 name、date、isOffDay。", e.line()),
        )
    })?;
    let mut rows = Vec::with_capacity(file.days.len());
    for (i, d) in file.days.iter().enumerate() {
        let date = NaiveDate::parse_from_str(d.date.trim(), "%Y-%m-%d").map_err(|_| {
            crate::CoreError::field(
                "file",
                format!(
                    "节假日文件第{}项的日期“{}”无效，应为 YYYY-MM-DD。",
                    i + 1,
                    crate::model::clip(&d.date)
                ),
            )
        })?;
        if let Some(y) = file.year
            && date.year() != y
            && !(date.year() == y - 1 && date.month() == 12)
            && !(date.year() == y + 1 && date.month() == 1)
        {
            return Err(crate::CoreError::field(
                "file",
                format!("节假日文件第{}项的日期不属于{}年。", i + 1, y),
            ));
        }
        rows.push((date, d.is_off_day, d.name.clone()));
    }
    Ok((file.year, rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn spring_festival_2026() {
        let c = WorkCalendar::shipped();
        assert!(c.is_working_day(d(2026, 2, 14)), "Saturday make-up day");
        assert!(c.is_working_day(d(2026, 2, 28)), "Saturday make-up day");
        for day in 15..=23 {
            assert!(!c.is_working_day(d(2026, 2, day)), "02-{day} is off");
        }
        // Friday 02-13 + 1 working day = Saturday 02-14.
        assert_eq!(c.add_working_days(d(2026, 2, 13), 1).value, d(2026, 2, 14));
        // 02-14 + 1 = 02-24 (the whole festival skipped).
        assert_eq!(c.add_working_days(d(2026, 2, 14), 1).value, d(2026, 2, 24));
    }

    #[test]
    fn national_day_2026() {
        let c = WorkCalendar::shipped();
        assert!(c.is_working_day(d(2026, 9, 20)));
        assert!(c.is_working_day(d(2026, 10, 10)));
        assert!(!c.is_working_day(d(2026, 10, 7)));
        assert_eq!(c.add_working_days(d(2026, 9, 30), 1).value, d(2026, 10, 8));
        let r = c.add_working_days(d(2026, 9, 30), 2);
        assert_eq!(r.value, d(2026, 10, 9));
        assert!(r.fallback_years.is_empty());
    }

    #[test]
    fn between_inverts_add() {
        let c = WorkCalendar::shipped();
        let start = d(2026, 1, 20);
        for n in 0..60 {
            let end = c.add_working_days(start, n).value;
            assert_eq!(c.working_days_between(start, end).value, n);
        }
        assert_eq!(
            c.working_days_between(d(2026, 2, 24), d(2026, 2, 13)).value,
            -2
        );
    }

    #[test]
    fn unknown_year_falls_back_and_says_so() {
        let c = WorkCalendar::shipped();
        let r = c.add_working_days(d(2031, 1, 2), 1); // Thursday
        assert_eq!(r.value, d(2031, 1, 3));
        assert_eq!(r.fallback_years, vec![2031]);
        assert!(r.warning().unwrap().contains("2031"));
    }

    #[test]
    fn bad_file_is_reported_in_chinese() {
        assert!(
            parse_holiday_file("{")
                .unwrap_err()
                .message
                .contains("格式不正确")
        );
        let e = parse_holiday_file(
            r#"{"year":2027,"days":[{"name":"x","date":"2027-13-01","isOffDay":true}]}"#,
        )
        .unwrap_err();
        assert!(e.message.contains("第1项"));
    }
}
