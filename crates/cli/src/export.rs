//! `export ledger`: the appeal ledger (诉求台账) of a period as an .xlsx file, through
//! `minyi-sheets`. Personal data is masked unless the global `--personal-data` flag is given; then
//! the core checks the `system` account may see it and logs the export.
//! `export tracking`: the tracking ledger (跟踪台账), which carries no personal data.
//! `export assessment`: the assessment ranking workbook (考核排名) of a period.
//! `export stats` / `export disclosure`: the statistics workbook and the disclosure report, in
//! `export_analysis.rs`.

use crate::desk::{Desk, Place};
use crate::list::parse_status;
use crate::output::{CliError, CliResult};
use clap::{Args, Subcommand};
use minyi_analysis::period::Period;
use minyi_core::model::{Category, Channel};
use minyi_core::queries::ledger::LedgerFilter;
use minyi_core::queries::list::ListFilter;
use minyi_service::commands::exports::{ExportAssessment, ExportLedger, ExportTracking};
use std::path::{Path, PathBuf};

/// The filter of a ledger export.
#[derive(Debug, Args)]
pub struct LedgerArgs {
    /// 收到日期起（含）/ received on or after, YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// 收到日期止（含）/ received on or before, YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// 按状态筛选，可用逗号分隔 / status filter
    #[arg(long, value_name = "S", value_delimiter = ',')]
    status: Vec<String>,
    /// 按渠道筛选，如 wechat 或 微信 / channel
    #[arg(long, value_name = "C")]
    channel: Option<String>,
    /// 按分类筛选，如 complaint 或 投诉 / category
    #[arg(long, value_name = "C")]
    category: Option<String>,
    /// 输出的 Excel 文件 / output .xlsx file
    #[arg(long, value_name = "FILE.xlsx")]
    out: PathBuf,
}

/// The filter of a tracking ledger export.
#[derive(Debug, Args)]
pub struct TrackingArgs {
    /// 包括已落实完成的 / include resolved lines
    #[arg(long)]
    all: bool,
    /// 只导出下次检查日期在此日期之前（含）的 / next check on or before, YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    check_due_by: Option<String>,
    /// 输出的 Excel 文件 / output .xlsx file
    #[arg(long, value_name = "FILE.xlsx")]
    out: PathBuf,
}

/// Which ledger to export.
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// 诉求台账（按收到日期等筛选；个人信息默认隐去）/ the appeal ledger
    Ledger(LedgerArgs),
    /// 跟踪台账（落实措施、责任人、下次检查日期、最近进展）/ the tracking ledger
    Tracking(TrackingArgs),
    /// 考核排名（部门与人员的分项得分、综合得分、图表、奖惩记录）/ the assessment ranking
    Assessment(AssessmentExportArgs),
    /// 统计分析工作簿（分类、渠道、部门、状态、各环节时效、趋势、薄弱环节，附图表）/ the statistics workbook
    Stats(crate::export_analysis::StatsExportArgs),
    /// 信息公开（.pdf 报告、.xlsx 工作簿或 .html 网页，小数字隐去）/ the disclosure report
    Disclosure(crate::export_analysis::DisclosureExportArgs),
}

/// The period of an assessment export.
#[derive(Debug, Args)]
pub struct AssessmentExportArgs {
    /// 考核时段开始日期（含）/ first day, YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    from: String,
    /// 考核时段结束日期（含）/ last day, YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    to: String,
    /// 输出的 Excel 文件 / output .xlsx file
    #[arg(long, value_name = "FILE.xlsx")]
    out: PathBuf,
}

/// Runs `export assessment`: a small workbook, written at once.
fn export_assessment_book(place: &Place<'_>, a: &AssessmentExportArgs) -> CliResult {
    check_out(&a.out, "xlsx")?;
    let from = date(&a.from, "--from 日期")?;
    let to = date(&a.to, "--to 日期")?;
    if from > to {
        return Err(CliError::user("--from 日期晚于 --to 日期，请对调两者。"));
    }
    let desk = Desk::open(place)?;
    let period = Period::new(from, to)?;
    let (book, _) = desk.run_to(ExportAssessment { period }, &a.out, "正在导出考核排名")?;
    println!(
        "已导出考核排名 {}：{} 个部门和人员。",
        a.out.display(),
        book.rows
    );
    Ok(())
}

pub(crate) fn date(s: &str, what: &str) -> CliResult<chrono::NaiveDate> {
    minyi_core::time::parse_date(s)
        .ok_or_else(|| CliError::user(format!("{what}应写成 YYYY-MM-DD，例如 2026-11-27。")))
}

pub(crate) fn check_out(out: &Path, ext: &str) -> CliResult {
    let ok = out.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext));
    if ok {
        Ok(())
    } else {
        Err(CliError::user(format!(
            "输出文件名应以 .{ext} 结尾，例如 台账.{ext}。"
        )))
    }
}

fn filter(a: &LedgerArgs) -> CliResult<ListFilter> {
    let from = a
        .from
        .as_deref()
        .map(|d| date(d, "--from 日期"))
        .transpose()?;
    let to = a.to.as_deref().map(|d| date(d, "--to 日期")).transpose()?;
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        return Err(CliError::user("--from 日期晚于 --to 日期，请对调两者。"));
    }
    Ok(ListFilter {
        statuses: a
            .status
            .iter()
            .filter(|s| !s.trim().is_empty())
            .map(|s| parse_status(s))
            .collect::<CliResult<_>>()?,
        channel: a
            .channel
            .as_deref()
            .map(|c| Channel::parse(c, "channel"))
            .transpose()?,
        category: a
            .category
            .as_deref()
            .map(|c| Category::parse(c, "category"))
            .transpose()?,
        from,
        to,
        ..Default::default()
    })
}

/// Runs `export`.
pub fn run(place: &Place<'_>, personal_data: bool, cmd: &ExportCommand) -> CliResult {
    match cmd {
        ExportCommand::Ledger(a) => {
            check_out(&a.out, "xlsx")?;
            let filter = filter(a)?;
            let desk = Desk::open(place)?;
            let (summary, seconds) = desk.run_to(
                ExportLedger {
                    filter,
                    personal_data,
                },
                &a.out,
                "正在导出诉求台账",
            )?;
            println!(
                "已导出诉求台账 {}：{} 件诉求，用时 {seconds:.1} 秒。{}",
                a.out.display(),
                summary.rows,
                if summary.personal_data {
                    "文件含诉求人完整个人信息（已记入访问日志），请妥善保管。"
                } else {
                    "诉求人个人信息已隐去。"
                }
            );
            Ok(())
        }
        ExportCommand::Tracking(a) => {
            check_out(&a.out, "xlsx")?;
            let filter = LedgerFilter {
                include_resolved: a.all,
                check_due_by: a
                    .check_due_by
                    .as_deref()
                    .map(|d| date(d, "--check-due-by 日期"))
                    .transpose()?,
                ..Default::default()
            };
            let desk = Desk::open(place)?;
            let (summary, seconds) =
                desk.run_to(ExportTracking { filter }, &a.out, "正在导出跟踪台账")?;
            println!(
                "已导出跟踪台账 {}：{} 件诉求，用时 {seconds:.1} 秒。",
                a.out.display(),
                summary.rows
            );
            Ok(())
        }
        ExportCommand::Assessment(a) => export_assessment_book(place, a),
        ExportCommand::Stats(a) => crate::export_analysis::stats(place, a),
        ExportCommand::Disclosure(a) => crate::export_analysis::disclosure_report(place, a),
    }
}
