//! `minyi-cli` — the administrator's command line for a Minyi (民意诉求管理系统) database: create
//! it, fill it with demo data, register appeals from JSON, list and show them, work with the
//! working-day calendar, print documents as PDF, and check the file's integrity.
//!
//! This file only declares the command line (clap) and dispatches; each command group lives in its
//! own module. The CLI acts as the built-in `system` account; personal data is masked unless
//! `--personal-data` is given, and that access is logged like any other. Errors go to stderr in
//! plain Chinese with exit code 1 (2 for usage errors, as clap does).

mod archive;
mod assessment;
mod audit;
mod backup;
mod bench;
mod calendar;
mod check;
mod crash_child;
mod demo;
mod desk;
mod export;
mod export_analysis;
mod hotspots;
mod import;
mod init;
mod job_progress;
mod list;
mod output;
mod print;
mod register;
mod session;
mod show;
mod stats;
mod todo;
mod user;
mod visits;
mod weak_links;

use clap::{Parser, Subcommand};
use output::{CliResult, report};
use std::path::PathBuf;
use std::process::ExitCode;

/// 民意诉求管理系统 命令行管理工具 (Minyi admin command line).
#[derive(Debug, Parser)]
#[command(
    name = "minyi-cli",
    version,
    about = "民意诉求管理系统 命令行管理工具 / Minyi admin command line",
    long_about = "民意诉求管理系统 命令行管理工具 / Minyi admin command line.\n\n\
        以内置的 system 账号（系统管理员）操作数据库文件；加 --server 则连接办公室服务器，\n\
        以 --user 指定的账号操作（密码取自 MINYI_PASSWORD 或提示输入），输出与操作本机文件相同。\n\
        诉求人个人信息默认隐去，加 --personal-data 才显示完整信息，且每次查看都会记入访问日志。\n\
        Acts as the built-in `system` account on the file, or as --user on an office server\n\
        (--server). Personal data is masked unless --personal-data is given; that access is logged.\n\n\
        退出码 / exit codes: 0 成功 ok, 1 错误 error, 2 用法错误 usage error.",
    after_help = "示例 / examples:\n  \
        minyi-cli --db minyi.db init\n  \
        minyi-cli --db minyi.db demo --appeals 10000\n  \
        minyi-cli --db minyi.db register --json appeal.json\n  \
        minyi-cli --db minyi.db list --status 办理中\n  \
        minyi-cli --db minyi.db show TS-2026-000123\n  \
        minyi-cli calendar add-working-days 2026-09-30 1\n  \
        minyi-cli --db minyi.db print sheet TS-2026-000123 --out sheet.pdf\n  \
        minyi-cli --db minyi.db export ledger --from 2026-01-01 --to 2026-06-30 --out 台账.xlsx\n  \
        minyi-cli --db minyi.db import 微信留言.xlsx --channel wechat\n  \
        minyi-cli --db minyi.db check\n  \
        minyi-cli --db minyi.db audit --action sign_in_failed --from 2026-11-01\n  \
        minyi-cli --db minyi.db user set-roles lisi intake_clerk,appeals_office\n  \
        minyi-cli --db minyi.db backup --out /mnt/u盘/民意备份\n  \
        minyi-cli --db minyi.db restore backups/minyi-backup-20261206-180000\n  \
        minyi-cli --db minyi.db stats --from 2026-01-01 --to 2026-12-31\n  \
        minyi-cli --db minyi.db export disclosure --from 2026-01-01 --to 2026-12-31 --out 信息公开.pdf\n  \
        minyi-cli --db minyi.db hotspots --from 2026-11-01 --to 2026-11-30\n  \
        minyi-cli --db minyi.db visits record 12 --reached --satisfaction 满意\n  \
        minyi-cli --server https://192.168.1.10:8443 --user zhangsan --fingerprint 3F9A…29AA list\n  \
        minyi-cli --db bench.db bench"
)]
struct Cli {
    /// 数据库文件路径 / database file (or env MINYI_DB)
    #[arg(long, global = true, env = "MINYI_DB", value_name = "PATH")]
    db: Option<PathBuf>,

    /// 显示完整个人信息（会记入访问日志）/ show personal data unmasked (the access is logged)
    #[arg(long, global = true)]
    personal_data: bool,

    /// 连接办公室服务器，而不是本机数据库文件，如 https://192.168.1.10:8443
    /// / an office server instead of a database file (or env MINYI_SERVER)
    #[arg(
        long,
        global = true,
        env = "MINYI_SERVER",
        value_name = "URL",
        conflicts_with = "db"
    )]
    server: Option<String>,

    /// 在服务器上的登录名（密码取自 MINYI_PASSWORD，或提示输入）/ login on the server (or env MINYI_USER)
    #[arg(long, global = true, env = "MINYI_USER", value_name = "LOGIN")]
    user: Option<String>,

    /// 服务器证书的 SHA-256 指纹（向服务器管理员核对）/ the server certificate's fingerprint (or env MINYI_FINGERPRINT)
    #[arg(long, global = true, env = "MINYI_FINGERPRINT", value_name = "SHA256")]
    fingerprint: Option<String>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 创建或升级数据库，并建立内置 system 账号 / create or migrate the database
    Init,
    /// 生成逼真的演示数据 / generate realistic synthetic data
    Demo(demo::DemoArgs),
    /// 按 JSON 文件登记一件诉求 / register an appeal described by a JSON object
    #[command(long_about = register::LONG_HELP)]
    Register(register::RegisterArgs),
    /// 列出诉求 / list appeals (newest first)
    List(list::ListArgs),
    /// 查看一件诉求的详情和办理过程 / show one appeal with its timeline
    Show(show::ShowArgs),
    /// 工作日历：推算工作日、导入节假日、查看某年安排 / working-day calendar
    #[command(subcommand)]
    Calendar(calendar::CalendarCommand),
    /// 打印文书（PDF）：登记表、回执、交办单、答复意见书、督办通知单、保密协议、批量登记表
    /// / print documents as PDF
    #[command(subcommand)]
    Print(print::PrintCommand),
    /// 检查数据库文件、事件日志和编号的完整性 / integrity check (non-zero exit on any problem)
    Check(check::CheckArgs),
    /// 导出：诉求台账、跟踪台账、统计分析、信息公开 / export ledgers, statistics, disclosure
    #[command(subcommand)]
    Export(export::ExportCommand),
    /// 导入线上渠道批量诉求（.xlsx 或 .csv）/ import an online-channel batch
    Import(import::ImportArgs),
    /// 测量登记、列表、检索、待办的速度（在演示数据库上）/ speed figures on a (demo) database
    Bench(bench::BenchArgs),
    /// 统计分析：某时段的分类、渠道、部门、状态、各阶段按期率与工作日、满意度、督办、趋势
    /// / statistics for a period
    Stats(stats::StatsArgs),
    /// 热点分析：某时段最突出（相对此前一年）和增长最快的问题（中文分词）/ hot spots of a period
    Hotspots(hotspots::HotspotsArgs),
    /// 薄弱环节：某时段超期最多的承办部门和办理环节及其原因（默认今年）/ weak links of a period
    WeakLinks(weak_links::WeakLinksArgs),
    /// 待我处理：各类待决事项的件数和最早期限，加 --slow 列出进度缓慢的诉求 / decisions waiting
    Todo(todo::TodoArgs),
    /// 考核：某时段各部门和人员的分项得分、综合得分与排名 / assessment ranking of a period
    Assessment(assessment::AssessmentArgs),
    /// 纸质归档：列出待归档的诉求、登记归档（卷号、盒号、保管期限）/ paper archive
    #[command(subcommand)]
    Archive(archive::ArchiveCommand),
    /// 安全日志：账号、角色、保密协议、密码、设置、日历、导入与登录记录 / the security log
    Audit(audit::AuditArgs),
    /// 个人信息访问记录：谁在何时查看或导出了诉求人个人信息 / the personal-data access log
    AccessLog(audit::AccessLogArgs),
    /// 账号管理：新建、列出、设置角色、停用、重置密码 / accounts
    #[command(subcommand)]
    User(user::UserCommand),
    /// 回访：待回访名单、登记一次回访电话 / return visits: the list, one call recorded
    #[command(subcommand)]
    Visits(visits::VisitsCommand),
    /// 备份数据库和附件（检查通过才算成功）/ back up the database and attachments (checked)
    Backup(backup::BackupArgs),
    /// 从备份恢复（先检查备份，确认后替换，原数据保留在旁）/ restore a backup (asks to confirm)
    Restore(backup::RestoreArgs),
    /// (测试用) 不停写入（登记、流转、导入、附件、备份、升级旧文件），每完成一次打印一行 / crash-test child
    #[command(hide = true)]
    CrashChild,
}

fn run(cli: Cli) -> CliResult {
    let server = cli.server.clone().map(|url| desk::Server {
        url,
        user: cli.user.clone(),
        fingerprint: cli.fingerprint.clone(),
    });
    let place = desk::Place {
        db: cli.db.as_deref(),
        server: server.as_ref(),
    };
    match cli.command {
        Command::Init => init::run(place.local_only("init")?),
        Command::Demo(args) => demo::run(place.local_only("demo")?, &args),
        Command::Register(args) => register::run(&place, &args),
        Command::List(args) => list::run(&place, &args),
        Command::Show(args) => show::run(&place, cli.personal_data, &args),
        Command::Calendar(cmd) => calendar::run(place.local_only("calendar")?, &cmd),
        Command::Print(cmd) => print::run(&place, &cmd),
        Command::Check(args) => check::run(&place, &args),
        Command::Bench(args) => bench::run(place.local_only("bench")?, &args),
        Command::Stats(args) => stats::run(&place, &args),
        Command::Hotspots(args) => hotspots::run(&place, &args),
        Command::WeakLinks(args) => weak_links::run(&place, &args),
        Command::Todo(args) => todo::run(&place, &args),
        Command::Assessment(args) => assessment::run(&place, &args),
        Command::Archive(cmd) => archive::run(&place, &cmd),
        Command::Export(cmd) => export::run(&place, cli.personal_data, &cmd),
        Command::Import(args) => import::run(&place, &args),
        Command::Audit(args) => audit::run_audit(&place, &args),
        Command::AccessLog(args) => audit::run_access_log(&place, &args),
        Command::User(cmd) => user::run(&place, &cmd),
        Command::Visits(cmd) => visits::run(&place, cli.personal_data, &cmd),
        Command::Backup(args) => backup::run_backup(place.local_only("backup")?, &args),
        Command::Restore(args) => backup::run_restore(place.local_only("restore")?, &args),
        Command::CrashChild => crash_child::run(place.local_only("crash-child")?),
    }
}

fn main() -> ExitCode {
    // Last line of defence: a bug must not show a Rust debug dump to an office worker.
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "错误：程序遇到了意外情况，已停止。已经保存的数据不受影响，未完成的操作没有保存。\
             请把这条信息告诉技术支持（位置 {place}）。"
        );
    }));
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => ExitCode::from(report(&e).clamp(0, 255) as u8),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}
