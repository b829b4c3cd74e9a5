//! Small pieces shared by the documents: Chinese dates, the heading of a letter and the closing
//! signature block, and the label texts of an appeal's fields.

use crate::PaperError;
use crate::fonts::Typeface;
use crate::layout::{Align, Doc, SIZE_BODY, SIZE_TITLE};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike};

/// A date as printed on documents: 2026年11月27日.
pub fn cn_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// A time as printed: 2026年11月27日 09:05.
pub fn cn_datetime(t: &DateTime<FixedOffset>) -> String {
    format!(
        "{} {:02}:{:02}",
        cn_date(t.date_naive()),
        t.hour(),
        t.minute()
    )
}

/// An optional date, or a dash.
pub fn opt_date(d: Option<NaiveDate>) -> String {
    d.map(cn_date).unwrap_or_else(|| "—".into())
}

/// An optional text, or a dash.
pub fn or_dash(s: Option<&str>) -> String {
    match s {
        Some(v) if !v.trim().is_empty() => v.to_string(),
        _ => "—".into(),
    }
}

/// Body line height of letters (GB/T 9704: 22 lines of 3号 on a page).
pub const LETTER_LH: f32 = 28.9;

/// The tighter line height (1.5 × 3号) a one-sheet document falls back to when the standard one
/// would leave the signature and date alone on a second page; GB/T 9704 allows adjusting line
/// spacing for exactly that.
pub const LETTER_LH_TIGHT: f32 = 24.0;

/// The title block of a letter or notice: organisation, title (2号, in the bold serif that stands
/// in for 小标宋), optional number line.
pub fn letter_head(
    doc: &mut Doc,
    org: &str,
    title: &str,
    number: Option<&str>,
) -> Result<(), PaperError> {
    let (l, r) = (doc.left(), doc.right());
    let top = doc.y;
    doc.line_in(org, SIZE_BODY, (l, r), top, Align::Center)?;
    doc.gap(SIZE_BODY * 1.8);
    let top = doc.y;
    doc.with_typeface(Typeface::Title, |doc| {
        doc.line_in(title, SIZE_TITLE, (l, r), top, Align::Center)
    })?;
    doc.gap(SIZE_TITLE * 1.6);
    if let Some(n) = number {
        let top = doc.y;
        doc.line_in(n, SIZE_BODY, (l, r), top, Align::Center)?;
        doc.gap(SIZE_BODY * 1.6);
    }
    let y = doc.y;
    doc.hline(l, r, y, 1.0);
    doc.gap(SIZE_BODY);
    Ok(())
}

/// The closing block: organisation and date, right-aligned, kept together on one page.
pub fn sign_off(doc: &mut Doc, org: &str, date: NaiveDate) -> Result<(), PaperError> {
    sign_off_at(doc, org, date, LETTER_LH)
}

/// [`sign_off`] with line height `lh`.
pub fn sign_off_at(doc: &mut Doc, org: &str, date: NaiveDate, lh: f32) -> Result<(), PaperError> {
    doc.ensure(lh * 4.0);
    doc.gap(lh);
    let (l, r) = (doc.left(), doc.right() - SIZE_BODY * 2.0);
    let top = doc.y;
    doc.line_in(org, SIZE_BODY, (l, r), top, Align::Right)?;
    doc.gap(lh);
    let top = doc.y;
    doc.line_in(&cn_date(date), SIZE_BODY, (l, r), top, Align::Right)?;
    doc.gap(lh);
    Ok(())
}

/// A body paragraph of a letter: 3号, 二字缩进.
pub fn body(doc: &mut Doc, text: &str) -> Result<(), PaperError> {
    body_at(doc, text, LETTER_LH)
}

/// [`body`] with line height `lh`.
pub fn body_at(doc: &mut Doc, text: &str, lh: f32) -> Result<(), PaperError> {
    doc.paragraph(text, SIZE_BODY, lh, 2, Align::Left)
}

/// A paragraph without indent (salutation).
pub fn plain(doc: &mut Doc, text: &str) -> Result<(), PaperError> {
    plain_at(doc, text, LETTER_LH)
}

/// [`plain`] with line height `lh`.
pub fn plain_at(doc: &mut Doc, text: &str, lh: f32) -> Result<(), PaperError> {
    doc.paragraph(text, SIZE_BODY, lh, 0, Align::Left)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_chinese() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        assert_eq!(cn_date(d), "2026年11月27日");
        assert_eq!(
            cn_date(NaiveDate::from_ymd_opt(2027, 1, 5).unwrap()),
            "2027年1月5日"
        );
    }
}
