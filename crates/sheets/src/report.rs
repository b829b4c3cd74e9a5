//! The import report workbook (导入报告.xlsx): one sheet per kind of row that needs a person —
//! 未导入 (rejected: row number, reason, the row as it was, so it can be corrected and imported
//! again), 疑似重复 (registered but likely duplicates of earlier appeals: check and link them at
//! initial review) and 已导入过 (skipped because an earlier import registered them). Written only
//! when there is such a row.
//!
//! It holds the rejected rows' personal data as the batch file did; it is written beside the batch
//! file, which already holds the same data.

use crate::book::{self, Column, Formats, xlsx_error};
use crate::import::Noted;
use minyi_core::CoreError;
use std::path::{Path, PathBuf};

/// Writes the report to `out` when `notes` is not empty; returns its path.
pub(crate) fn write(
    out: &Path,
    headers: &[String],
    notes: &[Noted],
) -> Result<Option<PathBuf>, CoreError> {
    if notes.is_empty() {
        return Ok(None);
    }
    let mut wb = book::new_workbook(out)?;
    let f = Formats::new();
    let wrap = book::base().set_text_wrap();
    let rejected: Vec<&Noted> = notes
        .iter()
        .filter(|n| matches!(n, Noted::Rejected { .. }))
        .collect();
    if !rejected.is_empty() {
        let sheet = wb.add_worksheet();
        let mut cols = vec![
            Column {
                header: "行号",
                width: 6.0,
            },
            Column {
                header: "未导入的原因",
                width: 48.0,
            },
        ];
        book::start_sheet(sheet, "未导入", &cols, &f).map_err(xlsx_error)?;
        for (i, h) in headers.iter().enumerate() {
            let c = (i + 2) as u16;
            sheet.set_column_width(c, 14).map_err(xlsx_error)?;
            sheet
                .write_string_with_format(0, c, h, &f.header)
                .map_err(xlsx_error)?;
        }
        cols.resize(headers.len() + 2, cols[0]);
        // The batch's own columns came after the set-up: print as wide as all of them.
        book::page_setup(sheet, 6.0 + 48.0 + 14.0 * headers.len() as f64, 1).map_err(xlsx_error)?;
        for (r, n) in rejected.iter().enumerate() {
            let Noted::Rejected {
                line,
                reason,
                cells,
            } = n
            else {
                continue;
            };
            let r = (r + 1) as u32;
            sheet.write_number(r, 0, *line as f64).map_err(xlsx_error)?;
            sheet
                .write_string_with_format(r, 1, reason, &wrap)
                .map_err(xlsx_error)?;
            for (i, c) in cells.iter().enumerate() {
                if !c.is_empty() {
                    sheet
                        .write_string(r, (i + 2) as u16, c)
                        .map_err(xlsx_error)?;
                }
            }
        }
        book::finish_sheet(sheet, cols.len(), rejected.len() as u32).map_err(xlsx_error)?;
    }
    let flagged: Vec<&Noted> = notes
        .iter()
        .filter(|n| matches!(n, Noted::Flagged { .. }))
        .collect();
    if !flagged.is_empty() {
        let sheet = wb.add_worksheet();
        let cols = [
            Column {
                header: "行号",
                width: 6.0,
            },
            Column {
                header: "登记号",
                width: 15.0,
            },
            Column {
                header: "疑似重复的诉求（登记号、标题、依据）",
                width: 70.0,
            },
        ];
        book::start_sheet(sheet, "疑似重复", &cols, &f).map_err(xlsx_error)?;
        for (r, n) in flagged.iter().enumerate() {
            let Noted::Flagged {
                line,
                reg_number,
                duplicates,
            } = n
            else {
                continue;
            };
            let r = (r + 1) as u32;
            sheet.write_number(r, 0, *line as f64).map_err(xlsx_error)?;
            sheet.write_string(r, 1, reg_number).map_err(xlsx_error)?;
            sheet
                .write_string_with_format(r, 2, duplicates, &wrap)
                .map_err(xlsx_error)?;
        }
        book::finish_sheet(sheet, cols.len(), flagged.len() as u32).map_err(xlsx_error)?;
    }
    let already: Vec<&Noted> = notes
        .iter()
        .filter(|n| matches!(n, Noted::Already { .. }))
        .collect();
    if !already.is_empty() {
        let sheet = wb.add_worksheet();
        let cols = [
            Column {
                header: "行号",
                width: 6.0,
            },
            Column {
                header: "已登记为",
                width: 15.0,
            },
        ];
        book::start_sheet(sheet, "已导入过", &cols, &f).map_err(xlsx_error)?;
        for (r, n) in already.iter().enumerate() {
            let Noted::Already { line, reg_number } = n else {
                continue;
            };
            let r = (r + 1) as u32;
            sheet.write_number(r, 0, *line as f64).map_err(xlsx_error)?;
            sheet.write_string(r, 1, reg_number).map_err(xlsx_error)?;
        }
        book::finish_sheet(sheet, cols.len(), already.len() as u32).map_err(xlsx_error)?;
    }
    book::save(&mut wb, out)?;
    Ok(Some(out.to_path_buf()))
}
