//! `audit` and `access-log`: the security log (安全日志) and the personal-data access log
//! (个人信息访问记录), newest first, filtered by who, what and when — of the file (as the `system`
//! account) or of an office server (as `--user`, who must be an administrator). `--json` prints
//! the page as the command surface answers it.

use crate::desk::{Desk, Place};
use crate::output::{CliError, CliResult, Table, clip, print_json};
use chrono::NaiveDate;
use clap::Args;
use minyi_core::model::{AccessKind, SecurityAction};
use minyi_core::store::security_log::{AccessLogFilter, SecurityLogFilter};
use minyi_core::store::users::UserRecord;
use minyi_service::commands::admin::GetUsers;
use minyi_service::commands::audit::{GetAccessLog, GetSecurityLog};
use std::io::Write;

fn parse_date_arg(s: &str) -> Result<NaiveDate, String> {
    minyi_core::time::parse_date(s)
        .ok_or_else(|| "日期格式不正确，应为 YYYY-MM-DD，例如 2026-11-01".to_string())
}

/// Options of `audit`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// 只看该登录名的操作 / only acts of this login
    #[arg(long, value_name = "LOGIN")]
    user: Option<String>,
    /// 只看该类操作，如 sign_in_failed、role_change、setting_change / only this action
    #[arg(long, value_name = "ACTION")]
    action: Option<String>,
    /// 起始日期（含）/ from this day
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    from: Option<NaiveDate>,
    /// 截止日期（含）/ to this day
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    to: Option<NaiveDate>,
    /// 最多显示条数 / at most this many entries
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(i64).range(1..=1000))]
    limit: i64,
    /// 跳过最新的若干条（翻页）/ skip this many of the newest
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(i64).range(0..))]
    offset: i64,
    /// 以 JSON 输出 / print JSON
    #[arg(long)]
    json: bool,
}

/// Options of `access-log`.
#[derive(Debug, Args)]
pub struct AccessLogArgs {
    /// 只看该登录名的访问 / only accesses by this login
    #[arg(long, value_name = "LOGIN")]
    user: Option<String>,
    /// 只看该类访问，如 appellant、attachment、address_search / only this kind of access
    #[arg(long, value_name = "WHAT")]
    what: Option<String>,
    /// 起始日期（含）/ from this day
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    from: Option<NaiveDate>,
    /// 截止日期（含）/ to this day
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    to: Option<NaiveDate>,
    /// 最多显示条数 / at most this many entries
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(i64).range(1..=1000))]
    limit: i64,
    /// 跳过最新的若干条（翻页）/ skip this many of the newest
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(i64).range(0..))]
    offset: i64,
    /// 以 JSON 输出 / print JSON
    #[arg(long)]
    json: bool,
}

/// The account with login `login` (the built-in `system` account included).
pub fn find_user(desk: &Desk, login: &str) -> CliResult<UserRecord> {
    desk.run(GetUsers {})?
        .into_iter()
        .find(|u| u.username == login.trim())
        .ok_or_else(|| CliError::user(format!("找不到登录名为 {} 的账号。", clip(login, 32))))
}

/// The id of the account with login `login`; `system` is the command line's own account.
fn user_id(desk: &Desk, login: &str) -> CliResult<i64> {
    if login.trim() == "system" {
        return desk.system_user_id().ok_or_else(|| {
            CliError::user("连接服务器时无法按 system 账号筛选，请在本机数据库上查询。")
        });
    }
    Ok(find_user(desk, login)?.id)
}

/// Runs `audit`.
pub fn run_audit(place: &Place<'_>, args: &AuditArgs) -> CliResult {
    let desk = Desk::open(place)?;
    let action = match args.action.as_deref() {
        Some(a) => Some(SecurityAction::parse(a, "action")?),
        None => None,
    };
    let actor_id = match args.user.as_deref() {
        Some(u) => Some(user_id(&desk, u)?),
        None => None,
    };
    let page = desk.run(GetSecurityLog {
        filter: SecurityLogFilter {
            actor_id,
            action,
            from: args.from,
            to: args.to,
        },
        offset: args.offset,
        limit: args.limit,
    })?;
    let mut out = std::io::stdout().lock();
    if args.json {
        return print_json(&mut out, &page);
    }
    writeln!(out, "安全日志（{}）：共 {} 条", desk.describe(), page.total)?;
    let mut t = Table::new(&["时间", "操作人", "操作", "对象", "详情"]);
    for e in &page.rows {
        t.row(vec![
            e.at.format("%Y-%m-%d %H:%M:%S").to_string(),
            e.actor_label.clone(),
            e.action_label.clone(),
            e.target_label.clone(),
            clip(&e.detail_text, 80),
        ]);
    }
    t.print(&mut out)?;
    Ok(())
}

/// Runs `access-log`.
pub fn run_access_log(place: &Place<'_>, args: &AccessLogArgs) -> CliResult {
    let desk = Desk::open(place)?;
    let user_id = match args.user.as_deref() {
        Some(u) => Some(user_id(&desk, u)?),
        None => None,
    };
    let what = match args.what.as_deref() {
        Some(w) => Some(AccessKind::parse(w, "what")?),
        None => None,
    };
    let page = desk.run(GetAccessLog {
        filter: AccessLogFilter {
            user_id,
            what,
            appeal_id: None,
            from: args.from,
            to: args.to,
        },
        offset: args.offset,
        limit: args.limit,
    })?;
    let mut out = std::io::stdout().lock();
    if args.json {
        return print_json(&mut out, &page);
    }
    writeln!(
        out,
        "个人信息访问记录（{}）：共 {} 条",
        desk.describe(),
        page.total
    )?;
    let mut t = Table::new(&["时间", "访问人", "登记号", "内容", "用途"]);
    for e in &page.rows {
        t.row(vec![
            e.at.format("%Y-%m-%d %H:%M:%S").to_string(),
            e.user_label.clone(),
            e.reg_number.clone().unwrap_or_default(),
            e.what_label.clone(),
            clip(&e.purpose, 60),
        ]);
    }
    t.print(&mut out)?;
    Ok(())
}
