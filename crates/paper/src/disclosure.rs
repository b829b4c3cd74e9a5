//! The disclosure report (民意诉求办理情况公开, §七(一)) as an A4 PDF in GB/T 9704 layout: the
//! organisation and title, the period in Chinese dates, one summary paragraph, the four tables and
//! the footnotes that explain suppressed numbers, closed by the organisation and the date of
//! issue. Every word comes from [`minyi_analysis::disclosure_text`], so the PDF says exactly what
//! the Excel workbook, the web page and the app's preview say.
//!
//! It is drawn from a [`Disclosure`] — counts and fixed labels only — so no personal data can
//! reach the paper.

use crate::PaperError;
use crate::common::{LETTER_LH, body, cn_date, letter_head, sign_off};
use crate::layout::{Align, Doc, SIZE_BODY, SIZE_SMALL};
use crate::table::{Row, Table};
use chrono::NaiveDate;
use minyi_analysis::disclosure::Disclosure;
use minyi_analysis::disclosure_text::count_text;

/// Table text: 小四, so that the four tables, the notes and the sign-off fit two pages.
const SIZE_TABLE: f32 = 12.0;

/// The summary paragraph: what the period's figures are, with the suppressed ones left out.
fn summary(d: &Disclosure) -> String {
    let [total, on_time, satisfied] = d.figures();
    let mut s = format!("{}至{}，", cn_date(d.period.from), cn_date(d.period.to));
    match total.value {
        Some(_) => s.push_str(&format!(
            "我单位共受理民意诉求{}",
            total.text().replace(' ', "")
        )),
        None => s.push_str("我单位受理的民意诉求件数较少，不予公开具体数字"),
    }
    for f in [on_time, satisfied] {
        if f.value.is_some() {
            s.push_str(&format!("，{}为{}", f.label, f.text()));
        }
    }
    s.push_str("。具体情况如下：");
    s
}

/// The disclosure report of `d` for the organisation `org`, dated `issued`.
pub fn disclosure_report(
    d: &Disclosure,
    org: &str,
    issued: NaiveDate,
) -> Result<Vec<u8>, PaperError> {
    let title = "民意诉求办理情况公开";
    let mut doc = Doc::letter(&Disclosure::title(org))?;
    doc.begin_section(None);
    doc.running_head(title);
    letter_head(&mut doc, org, title, Some(&d.period_text()))?;
    body(&mut doc, &summary(d))?;
    for t in d.tables() {
        // Keep a heading with its table: these tables are short, and one cut after its last
        // row but one reads badly. A row is a line of text and its padding.
        let row_h = SIZE_TABLE * 1.5 + 8.0;
        doc.ensure(LETTER_LH + row_h * (t.cells.len() + 1) as f32);
        doc.paragraph(t.title, SIZE_BODY, LETTER_LH, 2, Align::Left)?;
        let table = Table {
            cols: vec![0.62, 0.38],
            header: Some(vec![t.label.to_string(), "件数".to_string()]),
            size: SIZE_TABLE,
        };
        let rows: Vec<Row> = t
            .cells
            .iter()
            .map(|c| Row::plain(vec![c.label.clone(), count_text(c)]))
            .collect();
        table.draw(&mut doc, &rows)?;
        doc.gap(SIZE_BODY * 0.6);
    }
    doc.gap(SIZE_SMALL);
    for (i, n) in d.footnotes().iter().enumerate() {
        doc.paragraph(
            &format!("注{}：{n}", i + 1),
            SIZE_SMALL + 1.5,
            (SIZE_SMALL + 1.5) * 1.6,
            0,
            Align::Left,
        )?;
    }
    sign_off(&mut doc, org, issued)?;
    doc.finish()
}
