//! `export stats` and `export disclosure`: the statistics workbook (with native charts) and the
//! disclosure report of a period, written from the same `minyi-analysis` results the app shows.
//! Neither holds personal data, so nothing is masked or logged. Like `stats`, the command line is
//! run by whoever holds the database file, so it computes directly.
//!
//! The disclosure report's format follows the file name: .xlsx (workbook), .pdf (A4 report),
//! .html (a self-contained web page for the website). Kept apart from `export.rs`, which only
//! routes to here, so the ledger exports and these change independently.

use crate::export::{check_out, plain};
use crate::output::{CliError, CliResult};
use crate::session::{now, session};
use crate::stats::{StatsFilter, parse_day, query};
use clap::Args;
use minyi_analysis::disclosure::disclosure;
use minyi_analysis::period::Period;
use minyi_analysis::stats::statistics;
use minyi_core::store::settings;
use minyi_sheets::disclosure_book::export_disclosure_book;
use minyi_sheets::stats_book::export_stats_book;
use std::path::{Path, PathBuf};

/// Options of `export stats`.
#[derive(Debug, Args)]
pub struct StatsExportArgs {
    #[command(flatten)]
    filter: StatsFilter,
    /// 输出的 Excel 文件 / output .xlsx file
    #[arg(long, value_name = "FILE.xlsx")]
    out: PathBuf,
}

/// Options of `export disclosure`.
#[derive(Debug, Args)]
pub struct DisclosureExportArgs {
    /// 公开时段开始日期（含），如 2026-01-01 / first day of the period
    #[arg(long, value_name = "YYYY-MM-DD")]
    from: String,
    /// 公开时段结束日期（含），如 2026-12-31 / last day of the period
    #[arg(long, value_name = "YYYY-MM-DD")]
    to: String,
    /// 输出文件：.pdf、.xlsx 或 .html（网页）/ output file; the format follows the extension
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

/// Runs `export stats`.
pub fn stats(db: Option<&Path>, a: &StatsExportArgs) -> CliResult {
    check_out(&a.out, "xlsx")?;
    let s = session(db)?;
    let q = query(&s, &a.filter)?;
    let st = statistics(s.store.conn(), s.store.calendar(), &q, now().date_naive())?;
    if let Some(w) = &st.calendar_warning {
        crate::output::warn(w);
    }
    export_stats_book(&st, &a.out).map_err(plain)?;
    println!(
        "已导出统计分析 {}：{} 件诉求，含分类、渠道、部门、状态、各环节时效和趋势，附柱形图、饼图和趋势图。",
        a.out.display(),
        crate::stats::thousands(st.total)
    );
    Ok(())
}

#[derive(Clone, Copy)]
enum Format {
    Pdf,
    Xlsx,
    Html,
}

fn format_of(out: &Path) -> CliResult<Format> {
    let ext = out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("pdf") => Ok(Format::Pdf),
        Some("xlsx") => Ok(Format::Xlsx),
        Some("html") | Some("htm") => Ok(Format::Html),
        _ => Err(CliError::user(
            "输出文件名应以 .pdf、.xlsx 或 .html 结尾，例如 信息公开.pdf。",
        )),
    }
}

fn write_file(out: &Path, bytes: &[u8]) -> CliResult {
    std::fs::write(out, bytes).map_err(|e| {
        CliError::user(format!(
            "无法保存文件 {}，请检查文件夹是否存在、是否有写入权限。（{}）",
            out.display(),
            e.kind()
        ))
    })
}

/// Runs `export disclosure`.
pub fn disclosure_report(db: Option<&Path>, a: &DisclosureExportArgs) -> CliResult {
    let format = format_of(&a.out)?;
    let period = Period::new(
        parse_day(&a.from, "开始日期")?,
        parse_day(&a.to, "结束日期")?,
    )?;
    let s = session(db)?;
    let today = now().date_naive();
    let d = disclosure(s.store.conn(), s.store.calendar(), period, today)?;
    let org = settings::get(s.store.conn(), "org.name")?;
    match format {
        Format::Xlsx => export_disclosure_book(&d, &org, &a.out).map_err(plain)?,
        Format::Pdf => {
            let pdf = minyi_paper::disclosure_report(&d, &org, today)
                .map_err(|e| CliError::user(e.to_string()))?;
            write_file(&a.out, &pdf)?;
        }
        Format::Html => write_file(
            &a.out,
            minyi_paper::disclosure_html(&d, &org, today).as_bytes(),
        )?,
    }
    println!(
        "已导出信息公开 {}（{}，少于 {} 件的数字已隐去）。",
        a.out.display(),
        d.period_text(),
        d.threshold
    );
    Ok(())
}
