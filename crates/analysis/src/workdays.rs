//! Working days between two dates in constant time, for a million stage runs.
//!
//! [`WorkCalendar::working_days_between`] walks day by day, which is right for one deadline but
//! adds up over a year of statistics. This index holds, for every day of a window, the number of
//! working days since the window began (a prefix sum of the calendar), so a difference of two
//! entries is the answer. Dates outside the window fall back to the calendar itself.

use chrono::{Duration, NaiveDate};
use minyi_core::calendar::WorkCalendar;
use minyi_core::queries::stats::{day_number, from_day_number};

pub struct WorkdayIndex {
    /// A copy of the calendar (a few hundred listed days), so that the index can be handed to
    /// work that outlives the caller's borrow (the statistics' fold inside SQLite).
    cal: WorkCalendar,
    first: NaiveDate,
    /// `first` as a day number (days since 1970-01-01, as `stage_spans` stores dates).
    first_day: i64,
    /// `prefix[i]` = working days in `(first, first + i]`.
    prefix: Vec<i32>,
}

impl WorkdayIndex {
    /// An index over `first..=last`.
    pub fn new(cal: &WorkCalendar, first: NaiveDate, last: NaiveDate) -> Self {
        let n = (last - first).num_days().max(0) as usize + 1;
        let mut prefix = Vec::with_capacity(n);
        let mut count = 0;
        prefix.push(0);
        for i in 1..n {
            if cal.is_working_day(first + Duration::days(i as i64)) {
                count += 1;
            }
            prefix.push(count);
        }
        Self {
            cal: cal.clone(),
            first,
            first_day: day_number(first),
            prefix,
        }
    }

    fn slot(&self, d: NaiveDate) -> Option<usize> {
        let i = (d - self.first).num_days();
        (i >= 0 && (i as usize) < self.prefix.len()).then_some(i as usize)
    }

    /// Working days in `(a, b]`, as [`WorkCalendar::working_days_between`] counts them.
    pub fn between(&self, a: NaiveDate, b: NaiveDate) -> i64 {
        match (self.slot(a), self.slot(b)) {
            (Some(i), Some(j)) => i64::from(self.prefix[j] - self.prefix[i]),
            _ => self.cal.working_days_between(a, b).value,
        }
    }

    /// [`Self::between`] for day numbers, without making dates inside the window.
    pub fn between_days(&self, a: i64, b: i64) -> i64 {
        let (i, j) = (a - self.first_day, b - self.first_day);
        let len = self.prefix.len() as i64;
        if (0..len).contains(&i) && (0..len).contains(&j) {
            return i64::from(self.prefix[j as usize] - self.prefix[i as usize]);
        }
        match (from_day_number(a), from_day_number(b)) {
            (Some(a), Some(b)) => self.cal.working_days_between(a, b).value,
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_the_calendar_inside_and_outside_the_window() {
        let cal = WorkCalendar::shipped();
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let idx = WorkdayIndex::new(&cal, d("2026-01-01"), d("2026-03-31"));
        let days: Vec<NaiveDate> = (0..120)
            .map(|i| d("2025-12-20") + Duration::days(i))
            .collect();
        for a in days.iter().step_by(3) {
            for b in days.iter().step_by(5) {
                assert_eq!(
                    idx.between(*a, *b),
                    cal.working_days_between(*a, *b).value,
                    "{a} → {b}"
                );
                assert_eq!(
                    idx.between_days(day_number(*a), day_number(*b)),
                    cal.working_days_between(*a, *b).value,
                    "{a} → {b} by day numbers"
                );
            }
        }
        // Spring Festival 2026: Friday 02-13 to Tuesday 02-24 is two working days (02-14, 02-24).
        assert_eq!(idx.between(d("2026-02-13"), d("2026-02-24")), 2);
    }
}
