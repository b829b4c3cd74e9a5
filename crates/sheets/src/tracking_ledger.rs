//! The tracking ledger export (跟踪台账.xlsx, §五(一)): every appeal whose measures are followed up,
//! with the measures, who carries them out, the next check date and the latest progress report —
//! the same rows and access rules as the screen ([`minyi_core::queries::ledger`]), read page by
//! page. It carries no personal data, so nothing is masked or logged.

use crate::Progress;
use crate::book::{self, Column, Formats, xlsx_error};
use minyi_core::model::Ctx;
use minyi_core::queries::ledger::{LedgerFilter, LedgerRow, ledger};
use minyi_core::{CoreError, Store};
use rust_xlsxwriter::{Worksheet, XlsxError};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

/// The columns of the tracking ledger, in order.
pub const COLUMNS: &[Column] = &[
    Column {
        header: "登记号",
        width: 15.0,
    },
    Column {
        header: "归档编号",
        width: 16.0,
    },
    Column {
        header: "诉求标题",
        width: 32.0,
    },
    Column {
        header: "状态",
        width: 12.0,
    },
    Column {
        header: "承办部门",
        width: 16.0,
    },
    Column {
        header: "落实措施",
        width: 40.0,
    },
    Column {
        header: "责任人",
        width: 10.0,
    },
    Column {
        header: "下次检查日期",
        width: 13.0,
    },
    Column {
        header: "开始跟踪",
        width: 17.0,
    },
    Column {
        header: "落实完成",
        width: 17.0,
    },
    Column {
        header: "进展次数",
        width: 9.0,
    },
    Column {
        header: "最近进展",
        width: 40.0,
    },
    Column {
        header: "最近进展时间",
        width: 17.0,
    },
];

const PAGE: i64 = 500;

fn opt(sheet: &mut Worksheet, r: u32, c: u16, s: Option<&str>) -> Result<(), XlsxError> {
    match s {
        Some(s) if !s.is_empty() => sheet.write_string(r, c, s).map(|_| ()),
        _ => Ok(()),
    }
}

fn write_row(sheet: &mut Worksheet, r: u32, l: &LedgerRow, f: &Formats) -> Result<(), XlsxError> {
    sheet.write_string(r, 0, &l.reg_number)?;
    opt(sheet, r, 1, l.archive_number.as_deref())?;
    sheet.write_string(r, 2, &l.subject)?;
    sheet.write_string(r, 3, l.status.label())?;
    opt(sheet, r, 4, l.department_name.as_deref())?;
    sheet.write_string(r, 5, &l.measures)?;
    opt(sheet, r, 6, l.responsible.as_deref())?;
    if let Some(d) = l.next_check_date {
        sheet.write_datetime_with_format(r, 7, d, &f.date)?;
    }
    sheet.write_datetime_with_format(r, 8, l.started_at.naive_local(), &f.datetime)?;
    if let Some(t) = l.resolved_at {
        sheet.write_datetime_with_format(r, 9, t.naive_local(), &f.datetime)?;
    }
    sheet.write_number(r, 10, l.progress_count as f64)?;
    opt(sheet, r, 11, l.last_progress.as_deref())?;
    if let Some(t) = l.last_progress_at {
        sheet.write_datetime_with_format(r, 12, t.naive_local(), &f.datetime)?;
    }
    Ok(())
}

/// Exports the tracking ledger of `filter` (its paging fields are ignored) to `out`; returns the
/// number of rows, or `None` when `cancel` was set before the end (then no file is written).
pub fn export_tracking_ledger(
    store: &Store,
    ctx: &Ctx<'_>,
    filter: &LedgerFilter,
    out: &Path,
    progress: Progress<'_>,
    cancel: Option<&AtomicBool>,
) -> Result<Option<u64>, CoreError> {
    let mut f = LedgerFilter {
        page: 0,
        page_size: PAGE,
        ..filter.clone()
    };
    // The first page also checks the access rules and gives the total, before a file is made.
    let (mut rows, total) = ledger(store, ctx, &f)?;
    let total = total.max(0) as u64;
    let mut wb = book::new_workbook(out)?;
    book::set_compression_for(&mut wb, total);
    let formats = Formats::new();
    let sheet = wb
        .add_worksheet_with_constant_memory()
        .map_err(xlsx_error)?;
    book::start_sheet(sheet, "跟踪台账", COLUMNS, &formats).map_err(xlsx_error)?;
    progress(0, total);
    let mut r: u32 = 0;
    loop {
        for l in &rows {
            r += 1;
            write_row(sheet, r, l, &formats).map_err(xlsx_error)?;
        }
        progress(u64::from(r), total);
        if (rows.len() as i64) < PAGE {
            break;
        }
        if cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
            return Ok(None);
        }
        f.page += 1;
        rows = ledger(store, ctx, &f)?.0;
    }
    book::finish_sheet(sheet, COLUMNS.len(), r).map_err(xlsx_error)?;
    book::save(&mut wb, out)?;
    Ok(Some(u64::from(r)))
}
