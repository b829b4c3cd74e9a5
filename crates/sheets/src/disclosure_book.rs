//! The disclosure workbook (信息公开.xlsx, §七(一)): the published figures of a period — the
//! headline figures on 概况, then one table per sheet (type, channel, result, satisfaction) —
//! worded by [`minyi_analysis::disclosure_text`] like the PDF and the web page.
//!
//! It is written from a [`Disclosure`] alone, which holds counts and fixed labels only, so no
//! personal data can reach the file. A suppressed count is a text cell "—" rather than an empty
//! one, so that a reader (or a SUM) never mistakes it for zero, and every sheet carries the
//! footnote that says why.

use crate::book::{self, Column, Formats, xlsx_error};
use minyi_analysis::disclosure::Disclosure;
use minyi_analysis::disclosure_text::{DisclosureTable, SUPPRESSED};
use minyi_core::CoreError;
use rust_xlsxwriter::{Color, Format, FormatAlign, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// The first sheet's name.
pub const SUMMARY: &str = "概况";

/// Sheet names of the tables, in the order of [`Disclosure::tables`].
pub const TABLE_SHEETS: [&str; 4] = ["诉求类型", "受理渠道", "办理结果", "回访满意度"];

struct Styles {
    base: Formats,
    title: Format,
    percent: Format,
    count: Format,
    hidden: Format,
    note: Format,
}

impl Styles {
    fn new() -> Self {
        Self {
            base: Formats::new(),
            title: book::base().set_bold().set_font_size(14),
            percent: book::base().set_num_format("0.0%"),
            count: book::base().set_num_format("#,##0"),
            hidden: book::base().set_align(FormatAlign::Right),
            note: book::base()
                .set_font_color(Color::RGB(0x555555))
                .set_text_wrap()
                .set_align(FormatAlign::Top),
        }
    }
}

/// Writes the disclosure `d` of the organisation `org` to `out` (an .xlsx file, replaced whole
/// or not at all).
pub fn export_disclosure_book(d: &Disclosure, org: &str, out: &Path) -> Result<(), CoreError> {
    let mut wb = book::new_workbook(out)?;
    write_book(&mut wb, d, org).map_err(xlsx_error)?;
    book::save(&mut wb, out)
}

fn write_book(wb: &mut Workbook, d: &Disclosure, org: &str) -> Result<(), XlsxError> {
    let st = Styles::new();
    summary(wb.add_worksheet(), d, org, &st)?;
    for (table, name) in d.tables().iter().zip(TABLE_SHEETS) {
        table_sheet(wb.add_worksheet(), name, table, d, &st)?;
    }
    Ok(())
}

/// Footnotes from row `r` down, each in a merged band as wide as `cols` columns.
fn notes(
    sheet: &mut Worksheet,
    mut r: u32,
    cols: u16,
    d: &Disclosure,
    st: &Styles,
) -> Result<(), XlsxError> {
    for (i, n) in d.footnotes().iter().enumerate() {
        let text = format!("注{}：{n}", i + 1);
        sheet.merge_range(r, 0, r, cols - 1, &text, &st.note)?;
        sheet.set_row_height(r, 48)?;
        r += 1;
    }
    Ok(())
}

fn summary(sheet: &mut Worksheet, d: &Disclosure, org: &str, st: &Styles) -> Result<(), XlsxError> {
    sheet.set_name(SUMMARY)?;
    sheet.set_column_width(0, 22)?;
    sheet.set_column_width(1, 16)?;
    sheet.set_column_width(2, 40)?;
    sheet.write_string_with_format(0, 0, Disclosure::title(org), &st.title)?;
    sheet.set_row_height(0, 24)?;
    sheet.write_string(1, 0, d.period_text())?;
    sheet.write_string_with_format(3, 0, "指标", &st.base.header)?;
    sheet.write_string_with_format(3, 1, "数值", &st.base.header)?;
    sheet.write_string_with_format(3, 2, "说明", &st.base.header)?;
    let mut r = 4;
    for f in d.figures() {
        sheet.write_string(r, 0, f.label)?;
        match f.value {
            None => sheet.write_string_with_format(r, 1, SUPPRESSED, &st.hidden)?,
            Some(v) if f.percent => sheet.write_number_with_format(r, 1, v, &st.percent)?,
            Some(v) => sheet.write_number_with_format(r, 1, v, &st.count)?,
        };
        if !f.percent {
            sheet.write_string(r, 2, "件")?;
        }
        r += 1;
    }
    sheet.write_string(r, 0, "公开阈值")?;
    sheet.write_number(r, 1, d.threshold as f64)?;
    sheet.write_string(r, 2, "少于此数的件数不予公开")?;
    sheet.set_freeze_panes(4, 0)?;
    // The title, the period and the header row head every printed page.
    book::page_setup(sheet, 22.0 + 16.0 + 40.0, 4)?;
    notes(sheet, r + 2, 3, d, st)
}

fn table_sheet(
    sheet: &mut Worksheet,
    name: &str,
    t: &DisclosureTable<'_>,
    d: &Disclosure,
    st: &Styles,
) -> Result<(), XlsxError> {
    let columns = [
        Column {
            header: t.label,
            width: 26.0,
        },
        Column {
            header: "件数",
            width: 12.0,
        },
    ];
    book::start_sheet(sheet, name, &columns, &st.base)?;
    for (i, c) in t.cells.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, &c.label)?;
        match c.count {
            Some(n) => sheet.write_number_with_format(r, 1, n as f64, &st.count)?,
            None => sheet.write_string_with_format(r, 1, SUPPRESSED, &st.hidden)?,
        };
    }
    let n = t.cells.len() as u32;
    book::finish_sheet(sheet, columns.len(), n)?;
    // The footnote needs room beside a narrow two-column table: widen a third column for it.
    sheet.set_column_width(2, 40)?;
    notes(sheet, n + 2, 3, d, st)
}
