//! The appeal ledger export (诉求台账.xlsx): every appeal a list filter matches, one row each,
//! with Chinese headers, a frozen header row, an autofilter, widths that fit the content and real
//! date cells (sortable and filterable as dates in Excel, WPS and LibreOffice).
//!
//! It streams: the core hands the rows over one at a time from one SQL cursor
//! ([`minyi_core::queries::appeal_ledger`]) and they go straight into a constant-memory worksheet,
//! whose data waits in a temporary file beside the output until the workbook is zipped. Memory
//! stays flat whether the ledger has a hundred rows or a million (Excel's limit is 1,048,575 data
//! rows; a larger ledger is refused before anything is written, with advice to narrow the dates).
//!
//! Personal data is masked unless the caller asks for it and may see it; the core checks that right
//! and logs the access before the first row is read.

use crate::Progress;
use crate::book::{self, Column, Formats, xlsx_error};
use minyi_core::model::Ctx;
use minyi_core::queries::appeal_ledger::{AppealLedgerRow, appeal_ledger_rows, plan_appeal_ledger};
use minyi_core::queries::detail::PersonalData;
use minyi_core::queries::list::ListFilter;
use minyi_core::{CoreError, Store};
use rust_xlsxwriter::{Worksheet, XlsxError};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

/// The columns of the ledger, in order.
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
        header: "收到时间",
        width: 17.0,
    },
    Column {
        header: "渠道",
        width: 10.0,
    },
    Column {
        header: "分类",
        width: 6.0,
    },
    Column {
        header: "诉求标题",
        width: 36.0,
    },
    Column {
        header: "诉求人",
        width: 9.0,
    },
    Column {
        header: "联系电话",
        width: 14.0,
    },
    Column {
        header: "地址",
        width: 30.0,
    },
    Column {
        header: "紧急程度",
        width: 9.0,
    },
    Column {
        header: "重大复杂",
        width: 9.0,
    },
    Column {
        header: "状态",
        width: 14.0,
    },
    Column {
        header: "承办部门",
        width: 16.0,
    },
    Column {
        header: "办理期限",
        width: 11.0,
    },
    Column {
        header: "是否逾期",
        width: 9.0,
    },
    Column {
        header: "预计反馈日期",
        width: 13.0,
    },
    Column {
        header: "满意度",
        width: 9.0,
    },
    Column {
        header: "督办次数",
        width: 9.0,
    },
    Column {
        header: "办结时间",
        width: 17.0,
    },
    Column {
        header: "登记时间",
        width: 17.0,
    },
];

/// Rows per batch handed from the reading thread to the writing thread.
const BATCH: usize = 1000;
/// Batches that may wait between the two threads.
const QUEUE: usize = 8;

/// The most data rows one Excel sheet holds.
pub const EXCEL_MAX_ROWS: u64 = 1_048_575;

/// What an export did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportSummary {
    pub rows: u64,
    /// The file carries full personal data (the access was logged).
    pub personal_data: bool,
    /// The user cancelled it: no file was written.
    pub cancelled: bool,
}

fn yes_no(b: bool) -> &'static str {
    if b { "是" } else { "否" }
}

fn text(sheet: &mut Worksheet, r: u32, c: u16, s: Option<&str>) -> Result<(), XlsxError> {
    match s {
        Some(s) if !s.is_empty() => sheet.write_string(r, c, s).map(|_| ()),
        _ => Ok(()),
    }
}

/// Writes one ledger row at sheet row `r` (public for the benchmark's bare baseline).
pub fn write_row(
    sheet: &mut Worksheet,
    r: u32,
    row: &AppealLedgerRow,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.write_string(r, 0, &row.reg_number)?;
    text(sheet, r, 1, row.archive_number.as_deref())?;
    sheet.write_datetime_with_format(r, 2, row.received_at.naive_local(), &f.datetime)?;
    sheet.write_string(r, 3, row.channel.label())?;
    sheet.write_string(r, 4, row.category.label())?;
    sheet.write_string(r, 5, &row.subject)?;
    sheet.write_string(r, 6, &row.appellant_name)?;
    text(sheet, r, 7, row.appellant_phone.as_deref())?;
    text(sheet, r, 8, row.appellant_address.as_deref())?;
    sheet.write_string(r, 9, row.urgency.label())?;
    sheet.write_string(r, 10, yes_no(row.major))?;
    sheet.write_string(r, 11, row.status.label())?;
    text(sheet, r, 12, row.department_name.as_deref())?;
    if let Some(d) = row.due_date {
        sheet.write_datetime_with_format(r, 13, d, &f.date)?;
    }
    sheet.write_string(r, 14, yes_no(row.overdue))?;
    sheet.write_datetime_with_format(r, 15, row.expected_feedback_date, &f.date)?;
    text(sheet, r, 16, row.satisfaction.map(|s| s.label()))?;
    sheet.write_number(r, 17, row.supervision_count as f64)?;
    if let Some(t) = row.closed_at {
        sheet.write_datetime_with_format(r, 18, t.naive_local(), &f.datetime)?;
    }
    sheet.write_datetime_with_format(r, 19, row.registered_at.naive_local(), &f.datetime)?;
    Ok(())
}

/// Exports the appeal ledger of `filter` to `out` (.xlsx). `personal` asks for full personal data
/// (refused unless the actor may see it; logged when granted). `progress` gets (done, total) now
/// and then and once at the end.
pub fn export_appeal_ledger(
    store: &Store,
    ctx: &Ctx<'_>,
    filter: &ListFilter,
    personal: PersonalData,
    out: &Path,
    progress: Progress<'_>,
    cancel: Option<&AtomicBool>,
) -> Result<ExportSummary, CoreError> {
    let plan = plan_appeal_ledger(store, ctx, filter, personal)?;
    if plan.total > EXCEL_MAX_ROWS {
        return Err(CoreError::field(
            "filter",
            format!(
                "符合条件的诉求有 {} 件，超过了 Excel 一张工作表能容纳的 {} 行。请缩小收到日期范围，分几次导出。",
                plan.total, EXCEL_MAX_ROWS
            ),
        ));
    }
    // Reading (this thread, which owns the connection) and writing the sheet (a second thread that
    // owns the workbook) overlap; rows cross in batches over a bounded channel, so at most
    // `QUEUE` batches wait in memory whichever side is slower.
    let mut wb = book::new_workbook(out)?;
    book::set_compression_for(&mut wb, plan.total);
    progress(0, plan.total);
    let step = (plan.total / 200).max(1000);
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<AppealLedgerRow>>(QUEUE);
    // The writer saves the workbook only once the reader has sent every row: a read that failed
    // or was cancelled part-way leaves no file.
    let complete = AtomicBool::new(false);
    let mut cancelled = false;
    let (read, written) = std::thread::scope(|scope| {
        let complete = &complete;
        let writer = scope.spawn(move || -> Result<u32, CoreError> {
            let formats = Formats::new();
            let sheet = wb
                .add_worksheet_with_constant_memory()
                .map_err(xlsx_error)?;
            book::start_sheet(sheet, "诉求台账", COLUMNS, &formats).map_err(xlsx_error)?;
            let mut r: u32 = 0;
            for batch in rx {
                for row in &batch {
                    r += 1;
                    write_row(sheet, r, row, &formats).map_err(xlsx_error)?;
                }
            }
            if !complete.load(Ordering::Acquire) {
                return Ok(r);
            }
            book::finish_sheet(sheet, COLUMNS.len(), r).map_err(xlsx_error)?;
            book::save(&mut wb, out)?;
            Ok(r)
        });
        let mut batch = Vec::with_capacity(BATCH);
        let mut n = 0u64;
        let read = appeal_ledger_rows(store, ctx, filter, plan, &mut |row| {
            if cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
                cancelled = true;
                return Err(CoreError::conflict("已取消导出。"));
            }
            batch.push(row);
            n += 1;
            if batch.len() == BATCH {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                // A closed channel means the writer failed; its error is reported below.
                tx.send(full)
                    .map_err(|_| CoreError::storage("写入 Excel 文件中断。"))?;
            }
            if n.is_multiple_of(step) {
                progress(n, plan.total);
            }
            Ok(())
        })
        .and_then(|sent| {
            if !batch.is_empty() {
                tx.send(batch)
                    .map_err(|_| CoreError::storage("写入 Excel 文件中断。"))?;
            }
            complete.store(true, Ordering::Release);
            Ok(sent)
        });
        drop(tx);
        let written = writer.join().unwrap_or_else(|_| {
            Err(CoreError::storage(
                "写入 Excel 文件时程序出错，文件未生成。",
            ))
        });
        (read, written)
    });
    if cancelled {
        return Ok(ExportSummary {
            rows: 0,
            personal_data: false,
            cancelled: true,
        });
    }
    // The writer's error explains a broken channel better than the reader's.
    let written = written?;
    let sent = read?;
    debug_assert_eq!(u64::from(written), sent);
    progress(sent, sent.max(plan.total));
    Ok(ExportSummary {
        rows: sent,
        personal_data: plan.full,
        cancelled: false,
    })
}
