//! 日志审计 → 导出 Excel: the security log and the personal-data access log as the administrator
//! filtered them on screen, one workbook each, with the same columns the screen shows (who, what,
//! to what, detail in words) and the filter written under the rows, so that a printed or mailed
//! copy says what it is a selection of. Neither log holds appellants' personal data.

use crate::book::{self, Column, Formats, xlsx_error};
use minyi_core::CoreError;
use minyi_core::store::security_log::{AccessEntry, SecurityEntry};
use rust_xlsxwriter::{Worksheet, XlsxError};
use std::path::Path;

const fn col(header: &'static str, width: f64) -> Column {
    Column { header, width }
}

const SECURITY_COLUMNS: &[Column] = &[
    col("编号", 8.0),
    col("时间", 18.0),
    col("操作人", 22.0),
    col("操作", 16.0),
    col("对象", 28.0),
    col("详情", 60.0),
];

const ACCESS_COLUMNS: &[Column] = &[
    col("编号", 8.0),
    col("时间", 18.0),
    col("访问人", 22.0),
    col("登记号", 16.0),
    col("内容", 24.0),
    col("用途", 50.0),
];

/// Writes `rows` of the security log to `out`; `described` says which selection they are.
pub fn write_security_log(
    rows: &[SecurityEntry],
    described: &str,
    out: &Path,
) -> Result<(), CoreError> {
    write(
        out,
        "安全日志",
        SECURITY_COLUMNS,
        rows.len(),
        described,
        |sheet, f| {
            for (i, e) in rows.iter().enumerate() {
                let r = i as u32 + 1;
                sheet.write_number(r, 0, e.id as f64)?;
                sheet.write_datetime_with_format(r, 1, e.at.naive_local(), &f.datetime)?;
                sheet.write_string(r, 2, &e.actor_label)?;
                sheet.write_string(r, 3, &e.action_label)?;
                let target = if e.target_label.is_empty() {
                    e.target.as_deref().unwrap_or("")
                } else {
                    &e.target_label
                };
                sheet.write_string(r, 4, target)?;
                sheet.write_string(r, 5, &e.detail_text)?;
            }
            Ok(())
        },
    )
}

/// Writes `rows` of the access log to `out`; `described` says which selection they are.
pub fn write_access_log(
    rows: &[AccessEntry],
    described: &str,
    out: &Path,
) -> Result<(), CoreError> {
    write(
        out,
        "个人信息访问记录",
        ACCESS_COLUMNS,
        rows.len(),
        described,
        |sheet, f| {
            for (i, e) in rows.iter().enumerate() {
                let r = i as u32 + 1;
                sheet.write_number(r, 0, e.id as f64)?;
                sheet.write_datetime_with_format(r, 1, e.at.naive_local(), &f.datetime)?;
                sheet.write_string(r, 2, &e.user_label)?;
                sheet.write_string(r, 3, e.reg_number.as_deref().unwrap_or(""))?;
                sheet.write_string(r, 4, &e.what_label)?;
                sheet.write_string(r, 5, &e.purpose)?;
            }
            Ok(())
        },
    )
}

fn write(
    out: &Path,
    name: &str,
    columns: &[Column],
    rows: usize,
    described: &str,
    fill: impl FnOnce(&mut Worksheet, &Formats) -> Result<(), XlsxError>,
) -> Result<(), CoreError> {
    let mut wb = book::new_workbook(out)?;
    let f = Formats::new();
    let build = |wb: &mut rust_xlsxwriter::Workbook| -> Result<(), XlsxError> {
        let sheet = wb.add_worksheet();
        book::start_sheet(sheet, name, columns, &f)?;
        fill(sheet, &f)?;
        book::finish_sheet(sheet, columns.len(), rows as u32)?;
        sheet.write_string(rows as u32 + 2, 0, described)?;
        Ok(())
    };
    build(&mut wb).map_err(xlsx_error)?;
    book::set_compression_for(&mut wb, rows as u64);
    book::save(&mut wb, out)
}
