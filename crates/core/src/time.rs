//! China Standard Time helpers.
//!
//! All dates and deadlines are in UTC+8 whatever the machine's time zone is, so the core never
//! calls `Local`; it takes a `now` from the caller (tests and demo data pick their own) and
//! converts with the fixed offset here. Timestamps are stored as RFC 3339 text with `+08:00`, which
//! sorts correctly as text because the offset is always the same.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, SecondsFormat, TimeZone, Utc};

/// The UTC+8 offset.
pub fn cst() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("valid offset")
}

/// The current instant in China Standard Time.
pub fn now_cst() -> DateTime<FixedOffset> {
    Utc::now().with_timezone(&cst())
}

/// Converts any instant to China Standard Time.
pub fn to_cst<Tz: TimeZone>(t: &DateTime<Tz>) -> DateTime<FixedOffset> {
    t.with_timezone(&cst())
}

/// Canonical text form of an instant (second precision, `+08:00`).
pub fn fmt_ts(t: &DateTime<FixedOffset>) -> String {
    to_cst(t).to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// Parses a stored or user-given RFC 3339 timestamp and normalises it to CST.
pub fn parse_ts(s: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(s.trim())
        .ok()
        .map(|t| to_cst(&t))
}

/// Canonical text form of a date.
pub fn fmt_date(d: NaiveDate) -> String {
    // Hand-formatted: this runs millions of times when demo data is generated.
    use chrono::Datelike;
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// Formats a date the way Chinese documents do: 2026年11月27日.
pub fn fmt_date_zh(d: NaiveDate) -> String {
    d.format("%Y年%-m月%-d日").to_string()
}

/// The day number of a date, as `stage_spans` stores it (days since 1970-01-01): statistics read
/// millions of them, and integers decode faster than date text.
pub fn day_number(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce()) - 719_163
}

/// The date of a `stage_spans` day number.
pub fn from_day_number(n: i64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(n + 719_163).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_normalised_to_cst() {
        let t = parse_ts("2026-11-27T01:30:00Z").unwrap();
        assert_eq!(fmt_ts(&t), "2026-11-27T09:30:00+08:00");
        assert_eq!(
            t.date_naive(),
            NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
        );
    }

    #[test]
    fn chinese_date_format_has_no_leading_zeros() {
        let d = NaiveDate::from_ymd_opt(2026, 2, 5).unwrap();
        assert_eq!(fmt_date_zh(d), "2026年2月5日");
    }
}
