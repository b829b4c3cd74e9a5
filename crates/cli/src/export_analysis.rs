//! `export stats` and `export disclosure`: the statistics workbook (with native charts) and the
//! disclosure report of a period, written from the same `minyi-analysis` results the app shows.
//! Neither holds personal data, so nothing is masked or logged.
//!
//! The disclosure report's format follows the file name: .xlsx (workbook), .pdf (A4 report),
//! .html (a self-contained web page for the website). Kept apart from `export.rs`, which only
//! routes to here, so the ledger exports and these change independently.

use crate::desk::{Desk, Place};
use crate::export::check_out;
use crate::output::{CliError, CliResult};
use crate::stats::{StatsFilter, parse_day, query};
use clap::Args;
use minyi_analysis::period::Period;
use minyi_service::commands::analysis::DisclosurePreview;
use minyi_service::commands::exports::{ExportDisclosure, ExportStats};
use minyi_service::publishing::DisclosureFormat;
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
pub fn stats(place: &Place<'_>, a: &StatsExportArgs) -> CliResult {
    check_out(&a.out, "xlsx")?;
    let desk = Desk::open(place)?;
    let q = query(&desk, &a.filter)?;
    let (outcome, _) = desk.run_to(ExportStats { query: q }, &a.out, "正在导出统计分析")?;
    println!(
        "已导出统计分析 {}：{} 件诉求，含分类、渠道、部门、状态、各环节时效、趋势和薄弱环节，附柱形图、饼图和趋势图。",
        a.out.display(),
        crate::stats::thousands(outcome.rows as i64)
    );
    Ok(())
}

fn format_of(out: &Path) -> CliResult<DisclosureFormat> {
    let ext = out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("pdf") => Ok(DisclosureFormat::Pdf),
        Some("xlsx") => Ok(DisclosureFormat::Xlsx),
        Some("html") | Some("htm") => Ok(DisclosureFormat::Html),
        _ => Err(CliError::user(
            "输出文件名应以 .pdf、.xlsx 或 .html 结尾，例如 信息公开.pdf。",
        )),
    }
}

/// Runs `export disclosure`.
pub fn disclosure_report(place: &Place<'_>, a: &DisclosureExportArgs) -> CliResult {
    let format = format_of(&a.out)?;
    let period = Period::new(
        parse_day(&a.from, "开始日期")?,
        parse_day(&a.to, "结束日期")?,
    )?;
    let desk = Desk::open(place)?;
    desk.run_to(
        ExportDisclosure { period, format },
        &a.out,
        "正在导出信息公开",
    )?;
    let preview = desk.run(DisclosurePreview { period })?;
    println!(
        "已导出信息公开 {}（{}，少于 {} 件的数字已隐去）。",
        a.out.display(),
        preview.period_text,
        preview.threshold
    );
    Ok(())
}
