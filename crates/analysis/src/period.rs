//! Periods: the dates a figure covers, the period it is compared with, and the week or month
//! buckets of a trend.
//!
//! A period is a pair of inclusive CST dates, as an office worker picks them. The comparison
//! period has the same shape just before it: whole calendar months are compared with the same
//! number of whole months before (November with October, a year with the year before — even
//! across a leap day). A period "to date" — from the first of a month to a day before that
//! month's end, as the app's 本月 / 本季度 / 本年 pick it — is compared with the same days as many
//! months before (November 1–29 with October 1–29), and a year to date (from January 1 into a
//! later month) with the same dates a year before, which is what an office means by 同比. Any other range is compared with the same
//! number of days just before. Trend buckets are
//! calendar months, or weeks counted from the period's first day so that every bucket of a
//! period and of its comparison period has the same length.

use chrono::{Datelike, Duration, Months, NaiveDate};
use minyi_core::{CoreError, Result};
use serde::{Deserialize, Serialize};

/// The longest period a statistic may cover (ten years): a typo in a year must not scan forever.
const MAX_DAYS: i64 = 3660;

/// Inclusive dates `from..=to`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema,
)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// How a trend is bucketed.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema,
)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    Week,
    Month,
}

impl Granularity {
    /// Weeks for up to a quarter, months beyond: a trend of 5–14 points either way.
    pub fn for_period(p: &Period) -> Self {
        if p.days() <= 92 {
            Granularity::Week
        } else {
            Granularity::Month
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Granularity::Week => "周",
            Granularity::Month => "月",
        }
    }
}

impl Period {
    /// A period, refusing an empty or absurdly long range with a Chinese message.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Self> {
        if to < from {
            return Err(CoreError::field(
                "to",
                "结束日期早于开始日期，请重新选择统计时段。",
            ));
        }
        let p = Self { from, to };
        if p.days() > MAX_DAYS {
            return Err(CoreError::field(
                "from",
                "统计时段超过十年，请缩短时段后再统计。",
            ));
        }
        Ok(p)
    }

    /// Number of days, both ends included.
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }

    /// Whole calendar months (first day of a month to last day of a month): how many.
    fn whole_months(&self) -> Option<u32> {
        let last_of_month = (self.to + Duration::days(1)).day() == 1;
        if self.from.day() != 1 || !last_of_month {
            return None;
        }
        let months = (self.to.year() - self.from.year()) * 12 + self.to.month() as i32
            - self.from.month() as i32
            + 1;
        u32::try_from(months).ok()
    }

    /// The comparison period for this one (see the module doc).
    pub fn previous(&self) -> Period {
        if let Some(n) = self.whole_months() {
            return Period {
                from: self.from - Months::new(n),
                to: self.from - Duration::days(1),
            };
        }
        if self.from.day() == 1 {
            let spanned = (self.to.year() - self.from.year()) * 12 + self.to.month() as i32
                - self.from.month() as i32
                + 1;
            // A year to date compares with last year's same dates; a shorter run of months
            // with the months just before. `Months` subtraction clamps to the month's end.
            let back = if self.from.month() == 1 && spanned > 1 {
                12
            } else {
                spanned.max(1) as u32
            };
            if spanned <= 12 {
                return Period {
                    from: self.from - Months::new(back),
                    to: self.to - Months::new(back),
                };
            }
        }
        Period {
            from: self.from - Duration::days(self.days()),
            to: self.from - Duration::days(1),
        }
    }

    /// The trend buckets of this period.
    pub fn buckets(&self, g: Granularity) -> Vec<Period> {
        let mut out = Vec::new();
        let mut start = self.from;
        while start <= self.to {
            let end = match g {
                Granularity::Week => start + Duration::days(6),
                Granularity::Month => {
                    let first = start.with_day(1).unwrap_or(start);
                    first + Months::new(1) - Duration::days(1)
                }
            }
            .min(self.to);
            out.push(Period {
                from: start,
                to: end,
            });
            start = end + Duration::days(1);
        }
        out
    }

    /// The label of a bucket: "2026年11月" for a month, "11月2日–11月8日" for a week.
    pub fn bucket_label(&self, g: Granularity) -> String {
        match g {
            Granularity::Month => format!("{}年{}月", self.from.year(), self.from.month()),
            Granularity::Week => format!(
                "{}月{}日–{}月{}日",
                self.from.month(),
                self.from.day(),
                self.to.month(),
                self.to.day()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    fn p(a: &str, b: &str) -> Period {
        Period::new(d(a), d(b)).unwrap()
    }

    #[test]
    fn whole_months_compare_with_the_months_before() {
        assert_eq!(
            p("2026-11-01", "2026-11-30").previous(),
            p("2026-10-01", "2026-10-31")
        );
        assert_eq!(
            p("2026-03-01", "2026-03-31").previous(),
            p("2026-02-01", "2026-02-28")
        );
        assert_eq!(
            p("2025-01-01", "2025-12-31").previous(),
            p("2024-01-01", "2024-12-31"),
            "a year with the leap year before"
        );
    }

    #[test]
    fn periods_to_date_compare_with_the_same_days_before() {
        assert_eq!(
            p("2026-11-01", "2026-11-29").previous(),
            p("2026-10-01", "2026-10-29"),
            "this month to date"
        );
        assert_eq!(
            p("2026-03-01", "2026-03-30").previous(),
            p("2026-02-01", "2026-02-28"),
            "clamped to the shorter month"
        );
        assert_eq!(
            p("2026-10-01", "2026-11-29").previous(),
            p("2026-08-01", "2026-09-29"),
            "this quarter to date"
        );
        assert_eq!(
            p("2026-01-01", "2026-11-29").previous(),
            p("2025-01-01", "2025-11-29"),
            "this year to date: the same dates a year before"
        );
        assert_eq!(
            p("2026-01-01", "2026-01-10").previous(),
            p("2025-12-01", "2025-12-10"),
            "January to date: the same days of December"
        );
    }

    #[test]
    fn other_ranges_compare_with_as_many_days_before() {
        assert_eq!(
            p("2026-11-10", "2026-11-16").previous(),
            p("2026-11-03", "2026-11-09")
        );
    }

    #[test]
    fn buckets_cover_the_period_without_gaps() {
        let year = p("2026-01-01", "2026-12-31");
        let months = year.buckets(Granularity::Month);
        assert_eq!(months.len(), 12);
        assert_eq!(months[1], p("2026-02-01", "2026-02-28"));
        let weeks = p("2026-11-01", "2026-11-30").buckets(Granularity::Week);
        assert_eq!(weeks.len(), 5);
        assert_eq!(weeks[4], p("2026-11-29", "2026-11-30"));
        for (g, period) in [(Granularity::Month, year), (Granularity::Week, year)] {
            let bs = period.buckets(g);
            assert_eq!(bs[0].from, period.from);
            assert_eq!(bs[bs.len() - 1].to, period.to);
            for w in bs.windows(2) {
                assert_eq!(w[1].from, w[0].to + Duration::days(1), "{g:?} {w:?}");
            }
        }
        assert_eq!(months[10].bucket_label(Granularity::Month), "2026年11月");
        assert_eq!(weeks[0].bucket_label(Granularity::Week), "11月1日–11月7日");
    }

    #[test]
    fn bad_periods_are_refused_in_chinese() {
        let e = Period::new(d("2026-02-01"), d("2026-01-01")).unwrap_err();
        assert!(e.message.contains("结束日期早于开始日期"));
        assert!(Period::new(d("2016-01-01"), d("2026-12-31")).is_err());
        assert_eq!(
            Granularity::for_period(&p("2026-01-01", "2026-03-31")),
            Granularity::Week
        );
        assert_eq!(
            Granularity::for_period(&p("2026-01-01", "2026-12-31")),
            Granularity::Month
        );
    }
}
