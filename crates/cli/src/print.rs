//! `print`: the printed documents as A4 PDF files (crate `minyi-paper`): the archive sheet, the
//! appellant's receipt, the transfer slip, the reply letter, the supervision notice, a staff
//! member's confidentiality agreement, and a batch of archive sheets.
//!
//! Documents with the appellant's personal data (sheet, receipt, reply, batch) are fetched through
//! the core's print query, which refuses when the `system` account may not see the data and logs
//! each access — printing is a logged access like revealing on screen. The slip and the notice go
//! to departments and carry masked data only.

use crate::list::parse_status;
use crate::output::{CliError, CliResult};
use crate::session::{Session, now, session};
use clap::{Args, Subcommand};
use minyi_core::model::Ctx;
use minyi_core::queries::list::{ListFilter, SortKey};
use minyi_core::queries::print::{PrintData, appeal_for_print, batch_appeal, begin_print_batch};
use minyi_core::store::{print_settings, settings, users};
use minyi_paper::{
    Agreement, AppealDocument, agreement, archive_sheets_to_file, supervision_notice,
};
use std::ops::ControlFlow;
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
    /// 批量打印登记表（按收到日期和状态筛选）/ archive sheets of many appeals in one PDF
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

fn write(out: &Path, pdf: Vec<u8>) -> CliResult {
    std::fs::write(out, &pdf)
        .map_err(|e| CliError::user(format!("无法写入文件 {}：{e}", out.display())))?;
    println!(
        "已生成 {}（{} KB）",
        out.display(),
        pdf.len().div_ceil(1024)
    );
    Ok(())
}

fn paper(e: minyi_paper::PaperError) -> CliError {
    CliError::user(e.to_string())
}

/// Prints the archive sheets of every appeal `filter` matches (at most `max`) into `out`,
/// reporting progress on stderr. The access to personal data is checked and logged for the whole
/// batch in one transaction before any sheet is drawn; a failed batch leaves no file.
fn batch(mut s: Session, org: &str, filter: &ListFilter, max: usize, out: &Path) -> CliResult {
    let actor = s.actor.clone();
    let ctx = Ctx::new(&actor, now());
    let purpose = AppealDocument::ArchiveSheet
        .personal_data_purpose()
        .unwrap_or("打印诉求登记表");
    let chosen = begin_print_batch(&mut s.store, &ctx, filter, max, purpose)?;
    let total = chosen.len();
    eprintln!("共 {total} 件诉求，开始生成登记表……");
    let details = chosen
        .ids()
        .iter()
        .map(|&id| batch_appeal(&s.store, &ctx, &chosen, id));
    let mut shown = 0;
    let summary = archive_sheets_to_file(org, details, out, &mut |done, total| {
        // About twenty lines for a whole batch: enough to see it move, not a flood.
        if done == total || done >= shown + total.div_ceil(20) {
            shown = done;
            eprintln!("已完成 {done} / {total}");
        }
        ControlFlow::Continue(())
    })
    .map_err(paper)?;
    let size = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    println!(
        "已生成 {}（{} 份登记表，{} 页，{} KB）",
        out.display(),
        summary.sheets,
        summary.pages,
        size.div_ceil(1024)
    );
    Ok(())
}

/// Runs `print`.
pub fn run(db: Option<&Path>, cmd: &PrintCommand) -> CliResult {
    let s = session(db)?;
    let ctx = Ctx::new(&s.actor, now());
    let org = settings::get(s.store.conn(), "org.name")?;
    let one = |kind: AppealDocument, a: &AppealArgs| -> CliResult {
        let data = match kind.personal_data_purpose() {
            Some(purpose) => PrintData::Full { purpose },
            None => PrintData::Masked,
        };
        let d = appeal_for_print(&s.store, &ctx, &a.number, data)?;
        let contact = print_settings::receipt_contact(s.store.conn())?;
        write(&a.out.out, kind.render(&org, &contact, &d).map_err(paper)?)
    };
    match cmd {
        PrintCommand::Sheet(a) => one(AppealDocument::ArchiveSheet, a),
        PrintCommand::Receipt(a) => one(AppealDocument::Receipt, a),
        PrintCommand::Slip(a) => one(AppealDocument::TransferSlip, a),
        PrintCommand::Reply(a) => one(AppealDocument::Reply, a),
        PrintCommand::Notice {
            appeal,
            supervision,
        } => {
            let d = appeal_for_print(&s.store, &ctx, &appeal.number, PrintData::Masked)?;
            let pdf = supervision_notice(&org, &d, supervision.as_deref()).map_err(paper)?;
            write(&appeal.out.out, pdf)
        }
        PrintCommand::Agreement { user, date: d, out } => {
            let u = users::list(s.store.conn())?
                .into_iter()
                .find(|u| u.username == user.trim())
                .ok_or_else(|| CliError::user("没有这个登录名的用户。"))?;
            let signed = match d {
                Some(d) => date(d, "签署日期")?,
                None => ctx.today(),
            };
            let a = Agreement {
                name: u.display_name,
                department: u.department_name,
                role: u
                    .roles
                    .iter()
                    .map(|r| r.label())
                    .collect::<Vec<_>>()
                    .join("、"),
                date: signed,
                clauses: print_settings::agreement_clauses(s.store.conn())?,
            };
            write(&out.out, agreement(&org, &a).map_err(paper)?)
        }
        PrintCommand::Batch {
            from,
            to,
            status,
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
                ..Default::default()
            };
            batch(s, &org, &filter, *limit as usize, &out.out)
        }
    }
}
