//! `archive`: 纸质归档 (§二(三)2) from the command line — `archive pending` lists the closed
//! appeals whose paper is not yet filed (the list's 待归档 filter), `archive record` files one
//! appeal by its number in a volume with a retention period (the same use case as the detail
//! page's dialog: appeals office only, closed appeals only, one event). Nothing personal is shown.

use crate::desk::{Desk, Place};
use crate::output::{CliError, CliResult, Table, clip, print_json};
use crate::stats::parse_day;
use clap::{Args, Subcommand};
use minyi_core::model::Retention;
use minyi_core::queries::archive::ArchiveState;
use minyi_core::queries::list::{ListFilter, SortKey};
use minyi_core::time::fmt_date;
use minyi_core::usecases::record_archive::ArchiveInput;
use minyi_service::commands::appeals::{FindAppeal, ListAppeals};
use minyi_service::commands::batch::RecordArchive;
use std::io::Write;

#[derive(Debug, Subcommand)]
pub enum ArchiveCommand {
    /// 列出已办结、尚未纸质归档的诉求（最早办结的在前）/ closed appeals not yet filed
    Pending(PendingArgs),
    /// 登记一件已办结诉求的纸质归档（卷号、盒号、保管期限）/ file one closed appeal
    Record(RecordArgs),
}

#[derive(Debug, Args)]
pub struct PendingArgs {
    /// 最多显示多少条（默认 50，最多 200）/ at most this many rows
    #[arg(long, value_name = "N", default_value_t = 50,
          value_parser = clap::value_parser!(i64).range(1..=200))]
    limit: i64,
    /// 以 JSON 输出 / print JSON
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct RecordArgs {
    /// 登记编号或归档编号 / registration or archive number
    number: String,
    /// 卷号 / archive volume
    #[arg(long)]
    volume: String,
    /// 盒号 / box number
    #[arg(long = "box", value_name = "BOX")]
    r#box: Option<String>,
    /// 保管期限：永久、定期30年、定期10年（或 permanent、years30、years10；默认定期10年）
    /// / retention period
    #[arg(long, default_value = "定期10年")]
    retention: String,
    /// 归档日期（默认今天）/ the day it was filed (default: today)
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
}

/// Runs `archive …`.
pub fn run(place: &Place<'_>, cmd: &ArchiveCommand) -> CliResult {
    match cmd {
        ArchiveCommand::Pending(args) => pending(place, args),
        ArchiveCommand::Record(args) => record(place, args),
    }
}

fn pending(place: &Place<'_>, args: &PendingArgs) -> CliResult {
    let desk = Desk::open(place)?;
    let page = desk.run(ListAppeals {
        filter: ListFilter {
            archive: Some(ArchiveState::Pending),
            sort: SortKey::RegisteredAsc,
            page_size: args.limit,
            ..Default::default()
        },
    })?;
    let mut out = std::io::stdout().lock();
    if args.json {
        return print_json(&mut out, &page);
    }
    if page.rows.is_empty() {
        writeln!(out, "没有待归档的诉求。")?;
        return Ok(());
    }
    let mut t = Table::new(&["登记号", "归档编号", "分类", "承办部门", "登记日期", "标题"]);
    for r in &page.rows {
        t.row(vec![
            r.reg_number.clone(),
            r.archive_number.clone().unwrap_or_else(|| "—".into()),
            r.category.label().into(),
            r.department_name.clone().unwrap_or_else(|| "—".into()),
            fmt_date(r.registered_at.date_naive()),
            clip(&r.subject, 40),
        ]);
    }
    t.print(&mut out)?;
    match page.total {
        Some(n) => writeln!(out, "待归档共 {n} 件。")?,
        None => writeln!(out, "显示 {} 件。", page.rows.len())?,
    }
    Ok(())
}

fn record(place: &Place<'_>, args: &RecordArgs) -> CliResult {
    let retention =
        Retention::parse(&args.retention, "retention").map_err(|e| CliError::user(e.message))?;
    let archived_on = args
        .date
        .as_deref()
        .map(|d| parse_day(d, "归档日期"))
        .transpose()?;
    let desk = Desk::open(place)?;
    let appeal_id = desk.run(FindAppeal {
        number: args.number.clone(),
    })?;
    let out = desk.run(RecordArchive {
        appeal_id,
        seen: None,
        input: ArchiveInput {
            volume: args.volume.clone(),
            r#box: args.r#box.clone(),
            retention,
            archived_on,
        },
    })?;
    writeln!(
        std::io::stdout().lock(),
        "{}：{}",
        out.reg_number,
        out.message
    )?;
    Ok(())
}
