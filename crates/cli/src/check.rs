//! `check`: integrity of the database file, the hash-chained event log and the numbering
//! (the administrator's `check_integrity` operation), of the file or of an office server's
//! database. Prints a summary; any problem makes the exit code non-zero.

use crate::desk::{Desk, Place};
use crate::output::{CliError, CliResult, print_json};
use clap::Args;
use minyi_service::commands::admin::CheckIntegrity;
use std::io::Write;

/// Options of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// 以 JSON 输出检查结果 / print the report as JSON
    #[arg(long)]
    json: bool,
}

/// Runs `check`.
pub fn run(place: &Place<'_>, args: &CheckArgs) -> CliResult {
    let desk = Desk::open(place)?;
    let report = desk.run(CheckIntegrity {})?;
    let mut out = std::io::stdout().lock();
    if args.json {
        print_json(&mut out, &report)?;
    } else {
        writeln!(out, "数据库：{}", desk.describe())?;
        writeln!(
            out,
            "已检查 {} 条诉求、{} 条事件记录，以及文件结构、事件日志校验链和归档编号。",
            report.appeals, report.events
        )?;
        if report.ok() {
            writeln!(out, "检查通过：未发现问题。")?;
        } else {
            writeln!(out, "发现 {} 个问题：", report.problems.len())?;
            for (i, p) in report.problems.iter().enumerate() {
                writeln!(out, "  {}. {p}", i + 1)?;
            }
        }
    }
    out.flush()?;
    if report.ok() {
        Ok(())
    } else {
        Err(CliError::user(format!(
            "完整性检查未通过（{} 个问题）。请先备份该文件，再联系技术支持处理。",
            report.problems.len()
        )))
    }
}
