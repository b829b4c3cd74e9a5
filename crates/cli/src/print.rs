//! `print`: the printed documents as A4 PDF files (crate `minyi-paper`): the archive sheet, the
//! appellant's receipt, the transfer slip, the reply letter, the supervision notice, a staff
//! member's confidentiality agreement, and a batch of archive sheets.
//!
//! The same operations as the window's print buttons (minyi-service): documents with the
//! appellant's personal data (sheet, receipt, reply, batch) are refused when the `system` account
//! may not see the data, and each access is logged — printing is a logged access like revealing on
//! screen. The slip and the notice go to departments and carry masked data only.

use crate::desk::{Desk, Place};
use crate::list::parse_status;
use crate::output::{CliError, CliResult};
use clap::{Args, Subcommand};
use minyi_core::queries::list::{ListFilter, SortKey};
use minyi_service::commands::admin::GetUsers;
use minyi_service::commands::appeals::FindAppeal;
use minyi_service::commands::paper::{BatchPrint, PrintAgreement, PrintAppeal};
use minyi_service::printing::PrintDocument;
use std::path::{Path, PathBuf};

/// Where the PDF goes.
#[derive(Debug, Args)]
pub struct OutArg {
    /// 输出的 PDF 文件 / output PDF file
    #[arg(long, value_name = "FILE.pdf")]
    out: PathBuf,
}

/// One appeal by number, and the output file.
#[derive(Debug, Args)]
pub struct AppealArgs {
    /// 登记号或归档编号 / registration or archive number
    #[arg(value_name = "NUMBER")]
    number: String,
    #[command(flatten)]
    out: OutArg,
}

/// Which document to print.
#[derive(Debug, Subcommand)]
pub enum PrintCommand {
    /// 民意诉求登记表（含诉求人完整信息，记入访问日志）/ archive sheet
    Sheet(AppealArgs),
    /// 受理回执（给诉求人，记入访问日志；查询方式取自设置）/ receipt for the appellant
    Receipt(AppealArgs),
    /// 交办单（给办理部门）/ transfer slip
    Slip(AppealArgs),
    /// 答复意见书（记入访问日志）/ reply letter
    Reply(AppealArgs),
    /// 督办通知单（默认最近一次督办）/ supervision notice
    Notice {
        #[command(flatten)]
        appeal: AppealArgs,
        /// 督办编号，如 DB-2026-0001 / supervision number
        #[arg(long, value_name = "NO")]
        supervision: Option<String>,
    },
    /// 工作人员保密协议（条款取自设置）/ confidentiality agreement of one staff member
    Agreement {
        /// 登录名 / the staff member's user name
        #[arg(long, value_name = "LOGIN")]
        user: String,
        /// 签署日期（默认今天）/ date, YYYY-MM-DD
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        #[command(flatten)]
        out: OutArg,
    },
    /// 批量打印登记表（按收到日期、状态或卷号筛选）/ archive sheets of many appeals in one PDF
    Batch {
        /// 收到日期起（含）/ received on or after, YYYY-MM-DD
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// 收到日期止（含）/ received on or before, YYYY-MM-DD
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// 按状态筛选，可用逗号分隔 / status filter
        #[arg(long, value_name = "S", value_delimiter = ',')]
        status: Vec<String>,
        /// 只打印此卷号中已归档的诉求（纸质归档）/ only the appeals filed in this archive volume
        #[arg(long, value_name = "VOLUME")]
        volume: Option<String>,
        /// 最多多少件（默认 1000）；符合条件的超过此数时不打印，请缩小范围
        /// / at most this many appeals; more matches are refused (narrow the filter)
        #[arg(long, value_name = "N", default_value_t = 1000,
              value_parser = clap::value_parser!(i64).range(1..=20_000))]
        limit: i64,
        #[command(flatten)]
        out: OutArg,
    },
}

fn date(s: &str, what: &str) -> CliResult<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| CliError::user(format!("{what}应写成 YYYY-MM-DD，例如 2026-11-27。")))
}

fn size_kb(out: &Path) -> u64 {
    std::fs::metadata(out)
        .map(|m| m.len())
        .unwrap_or(0)
        .div_ceil(1024)
}

fn written(out: &Path) -> CliResult {
    println!("已生成 {}（{} KB）", out.display(), size_kb(out));
    Ok(())
}

/// Prints one document of the appeal `a.number`.
fn one(
    desk: &Desk,
    document: PrintDocument,
    a: &AppealArgs,
    supervision: Option<&str>,
) -> CliResult {
    let appeal_id = desk.run(FindAppeal {
        number: a.number.clone(),
    })?;
    desk.run_to(
        PrintAppeal {
            appeal_id,
            document,
            supervision: supervision.map(str::to_string),
        },
        &a.out.out,
        "正在生成",
    )?;
    written(&a.out.out)
}

/// The agreement of the staff member with login `user`.
fn agreement(desk: &Desk, user: &str, d: Option<&str>, out: &Path) -> CliResult {
    let date = d.map(|d| date(d, "签署日期")).transpose()?;
    let user_id = desk
        .run(GetUsers {})?
        .into_iter()
        .find(|u| u.username == user.trim())
        .map(|u| u.id)
        .ok_or_else(|| CliError::user("没有这个登录名的用户。"))?;
    desk.run_to(PrintAgreement { user_id, date }, out, "正在生成")?;
    written(out)
}

/// Prints the archive sheets of every appeal `filter` matches (at most `max`) into `out`,
/// reporting progress on stderr. The access to personal data is checked and logged for the whole
/// batch in one transaction before any sheet is drawn; a failed batch leaves no file.
fn batch(desk: &Desk, filter: ListFilter, max: u32, out: &Path) -> CliResult {
    let (b, _) = desk.run_to(
        BatchPrint {
            filter,
            max: Some(max),
        },
        out,
        "正在生成登记表",
    )?;
    println!(
        "已生成 {}（{} 份登记表，{} 页，{} KB）",
        out.display(),
        b.sheets,
        b.pages,
        size_kb(out)
    );
    Ok(())
}

/// Runs `print`.
pub fn run(place: &Place<'_>, cmd: &PrintCommand) -> CliResult {
    let desk = Desk::open(place)?;
    match cmd {
        PrintCommand::Sheet(a) => one(&desk, PrintDocument::ArchiveSheet, a, None),
        PrintCommand::Receipt(a) => one(&desk, PrintDocument::Receipt, a, None),
        PrintCommand::Slip(a) => one(&desk, PrintDocument::TransferSlip, a, None),
        PrintCommand::Reply(a) => one(&desk, PrintDocument::Reply, a, None),
        PrintCommand::Notice {
            appeal,
            supervision,
        } => one(
            &desk,
            PrintDocument::SupervisionNotice,
            appeal,
            supervision.as_deref(),
        ),
        PrintCommand::Agreement { user, date: d, out } => {
            agreement(&desk, user, d.as_deref(), &out.out)
        }
        PrintCommand::Batch {
            from,
            to,
            status,
            volume,
            limit,
            out,
        } => {
            let statuses = status
                .iter()
                .filter(|s| !s.trim().is_empty())
                .map(|s| parse_status(s))
                .collect::<CliResult<Vec<_>>>()?;
            let filter = ListFilter {
                statuses,
                from: from.as_deref().map(|d| date(d, "起始日期")).transpose()?,
                to: to.as_deref().map(|d| date(d, "截止日期")).transpose()?,
                // Oldest first: the order in which the sheets go into the archive.
                sort: SortKey::RegisteredAsc,
                volume: volume.clone(),
                ..Default::default()
            };
            batch(&desk, filter, *limit as u32, &out.out)
        }
    }
}
