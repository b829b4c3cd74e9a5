//! Benchmark of the appeal ledger export on a (demo) database: the whole ledger, timed, with the
//! process's peak resident memory, printed beside a bare rust_xlsxwriter loop that writes the same
//! cells into the same kind of sheet without the database (the first 10,000 ledger rows, held in
//! memory and repeated up to the same row count). The ratio says what reading, masking and
//! streaming cost on top of the spreadsheet library itself. Figures are printed, never asserted.
//!
//! ```sh
//! cargo bench -p minyi-sheets --bench ledger -- /path/to/bench.db [OUT_DIR]
//! ```

use minyi_core::model::Ctx;
use minyi_core::queries::appeal_ledger::{AppealLedgerRow, appeal_ledger_rows, plan_appeal_ledger};
use minyi_core::queries::detail::PersonalData;
use minyi_core::queries::list::ListFilter;
use minyi_core::{CoreError, Store};
use minyi_sheets::appeal_ledger::{COLUMNS, export_appeal_ledger, write_row};
use minyi_sheets::book::{self, Formats};
use std::path::PathBuf;
use std::time::Instant;

/// A memory figure of this process from `/proc/self/status`, in MB: `VmHWM` is the peak resident
/// set (it would include database file pages SQLite maps, but the export connection maps none),
/// `RssAnon` the current anonymous (heap) part.
fn status_mb(key: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

fn peak_rss_mb() -> f64 {
    status_mb("VmHWM:")
}

const SAMPLE: usize = 10_000;

fn main() -> Result<(), CoreError> {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let Some(db) = args.first() else {
        eprintln!("用法 / usage: cargo bench -p minyi-sheets --bench ledger -- DB [OUT_DIR]");
        return Ok(());
    };
    let out_dir = args
        .get(1)
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let store = Store::open(std::path::Path::new(db))?;
    // As the app and the CLI open their export connection: without the 256 MB file map, whose
    // pages would count in the resident figure for a file read once.
    store.stop_memory_map()?;
    let id = store.system_user_id()?.ok_or_else(|| {
        CoreError::not_found("数据库中没有 system 账号，请先运行 minyi-cli init。")
    })?;
    let actor = store.actor(id)?;
    let ctx = Ctx::new(&actor, minyi_core::time::now_cst());
    let all = ListFilter::default();

    // The export as the CLI and the app run it (masked).
    let out = out_dir.join("bench-ledger.xlsx");
    let rss_before = peak_rss_mb();
    // The heap is sampled at every progress report (every 5,000 rows of a million).
    let mut anon_peak = 0f64;
    let t = Instant::now();
    let s = export_appeal_ledger(
        &store,
        &ctx,
        &all,
        PersonalData::Masked,
        &out,
        &mut |_, _| {
            anon_peak = anon_peak.max(status_mb("RssAnon:"));
        },
        None,
    )?;
    let export_s = t.elapsed().as_secs_f64();
    let export_rss = peak_rss_mb();
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;

    // Reading alone: the core's cursor with masking, every row dropped.
    let plan = plan_appeal_ledger(&store, &ctx, &all, PersonalData::Masked)?;
    let t = Instant::now();
    appeal_ledger_rows(&store, &ctx, &all, plan, &mut |_| Ok(()))?;
    let read_s = t.elapsed().as_secs_f64();

    // The same cells from memory: the first rows of the ledger, repeated.
    let mut sample: Vec<AppealLedgerRow> = Vec::with_capacity(SAMPLE);
    let enough = CoreError::conflict("sample complete");
    let r = appeal_ledger_rows(&store, &ctx, &all, plan, &mut |row| {
        sample.push(row);
        if sample.len() >= SAMPLE {
            Err(enough.clone())
        } else {
            Ok(())
        }
    });
    if let Err(e) = r
        && e != enough
    {
        return Err(e);
    }
    drop(store);
    let bare_out = out_dir.join("bench-bare.xlsx");
    let t = Instant::now();
    let mut wb = book::new_workbook(&bare_out)?;
    book::set_compression_for(&mut wb, s.rows);
    let f = Formats::new();
    let sheet = wb
        .add_worksheet_with_constant_memory()
        .map_err(book::xlsx_error)?;
    book::start_sheet(sheet, "诉求台账", COLUMNS, &f).map_err(book::xlsx_error)?;
    for i in 0..s.rows {
        let row = &sample[i as usize % sample.len()];
        write_row(sheet, i as u32 + 1, row, &f).map_err(book::xlsx_error)?;
    }
    book::finish_sheet(sheet, COLUMNS.len(), s.rows as u32).map_err(book::xlsx_error)?;
    book::save(&mut wb, &bare_out)?;
    let bare_s = t.elapsed().as_secs_f64();

    println!("诉求台账导出（{} 行 × {} 列，{db}）", s.rows, COLUMNS.len());
    println!(
        "  导出（读库、隐去个人信息、流式写入、压缩保存）  {export_s:8.1} s   文件 {size:.0} MB"
    );
    println!(
        "  峰值内存（进程 VmHWM）                              {export_rss:8.0} MB  （导出前 {rss_before:.0} MB）"
    );
    println!("  其中堆内存峰值（RssAnon，每 5000 行采样）        {anon_peak:8.0} MB");
    println!("  其中读库（游标、隐去个人信息，不写文件）单独计时  {read_s:8.1} s");
    println!("  对照：裸 rust_xlsxwriter 写同样的单元格          {bare_s:8.1} s");
    println!(
        "  导出 / 裸写                                      {:8.2}×",
        export_s / bare_s
    );
    let _ = std::fs::remove_file(&out);
    let _ = std::fs::remove_file(&bare_out);
    Ok(())
}
