//! `user add|list|set-roles|deactivate|reset-password|grants|confirm|reject`: accounts for
//! administrators who script,
//! through the same commands as the users screen (so the same rules and the same security-log
//! entries; on the file the entries name the operating-system user who ran the command). New
//! passwords come from the environment variable `MINYI_NEW_PASSWORD` or a prompt, never from the
//! command line (which other users of the computer can see).
//!
//! Giving someone personal data waits for a second administrator (issue 17 §2): `user add` and
//! `user set-roles` say so when they leave a grant waiting, `user grants` lists what waits, and
//! `user confirm ID` / `user reject ID` decide it. On the database file the command line acts as
//! the built-in `system` account for the operating-system user who runs it, so another
//! operating-system user (or an administrator at a window) confirms what this one asked for.

use crate::audit::find_user;
use crate::desk::{Desk, Place};
use crate::output::{CliError, CliResult, Table, print_json, yes_no};
use chrono::NaiveDate;
use clap::Subcommand;
use minyi_core::model::GrantStatus;
use minyi_core::model::Role;
use minyi_core::usecases::accounts::NewUser;
use minyi_service::commands::admin::{
    ConfirmGrant, CreateUser, GetDepartments, GetPendingGrants, GetUsers, RejectGrant,
    ResetPassword, UpdateUser,
};
use std::io::Write;

/// The `user` subcommands.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// 新建账号（密码取自 MINYI_NEW_PASSWORD 或提示输入）/ create an account
    Add {
        /// 登录名 / login
        #[arg(value_name = "LOGIN")]
        login: String,
        /// 姓名 / display name
        #[arg(long, value_name = "NAME")]
        name: String,
        /// 部门名称（默认第一个部门）/ department name (default: the first)
        #[arg(long, value_name = "DEPARTMENT")]
        department: Option<String>,
        /// 角色，逗号分隔，如 intake_clerk,appeals_office / roles, comma separated
        #[arg(long, value_name = "ROLES", value_delimiter = ',', required = true)]
        roles: Vec<String>,
        /// 保密协议签订日期 / the day the confidentiality agreement was signed
        #[arg(long, value_name = "YYYY-MM-DD")]
        agreement: Option<NaiveDate>,
    },
    /// 列出账号 / list the accounts
    List {
        /// 以 JSON 输出 / print JSON
        #[arg(long)]
        json: bool,
    },
    /// 设置某账号的角色（整体替换）/ replace an account's roles
    SetRoles {
        #[arg(value_name = "LOGIN")]
        login: String,
        /// 角色，逗号分隔 / roles, comma separated
        #[arg(value_name = "ROLES", value_delimiter = ',', required = true)]
        roles: Vec<String>,
    },
    /// 停用账号（其登录立即失效）/ deactivate an account
    Deactivate {
        #[arg(value_name = "LOGIN")]
        login: String,
    },
    /// 重置密码并解除锁定（新密码取自 MINYI_NEW_PASSWORD 或提示输入）/ reset a password
    ResetPassword {
        #[arg(value_name = "LOGIN")]
        login: String,
    },
    /// 列出待确认的个人信息授权申请 / list the personal-data grants waiting for confirmation
    Grants {
        /// 以 JSON 输出 / print JSON
        #[arg(long)]
        json: bool,
    },
    /// 确认另一位管理员提出的授权申请 / confirm a grant another administrator asked for
    Confirm {
        /// 申请编号（见 user grants）/ the grant's id (see `user grants`)
        #[arg(value_name = "ID")]
        id: i64,
    },
    /// 驳回另一位管理员提出的授权申请 / reject a grant another administrator asked for
    Reject {
        #[arg(value_name = "ID")]
        id: i64,
    },
}

/// What a grant would give, in words.
fn grant_text(g: &minyi_core::store::grants::GrantRecord) -> String {
    let mut parts = Vec::new();
    if !g.roles.is_empty() {
        parts.push(format!(
            "角色 {}",
            g.roles
                .iter()
                .map(|r| r.label())
                .collect::<Vec<_>>()
                .join("、")
        ));
    }
    if let Some(d) = g.agreement_signed_on {
        parts.push(format!("保密协议签订日期 {d}"));
    }
    parts.join("；")
}

/// Tells that the personal-data part of an act on `user_id` waits, if it does.
fn say_if_waiting(desk: &Desk, out: &mut impl Write, user_id: i64) -> CliResult {
    let list = desk.run(GetPendingGrants {})?;
    for g in list.rows.iter().filter(|g| g.user_id == user_id) {
        writeln!(
            out,
            "授予查看个人信息的权限（{}）须由另一位系统管理员确认后才生效（申请编号 {}）。",
            grant_text(g),
            g.id
        )?;
        writeln!(
            out,
            "请另一位系统管理员在 设置 → 用户管理 中确认，或由另一名系统用户运行 minyi-cli user confirm {}。",
            g.id
        )?;
    }
    Ok(())
}

fn roles(codes: &[String]) -> CliResult<Vec<Role>> {
    Ok(codes
        .iter()
        .filter(|c| !c.trim().is_empty())
        .map(|c| Role::parse(c, "roles"))
        .collect::<minyi_core::Result<_>>()?)
}

fn new_password(login: &str) -> CliResult<String> {
    if let Ok(p) = std::env::var("MINYI_NEW_PASSWORD")
        && !p.is_empty()
    {
        return Ok(p);
    }
    rpassword::prompt_password(format!("{login} 的新密码：")).map_err(|_| {
        CliError::user(
            "无法读取新密码。请在终端中运行，或用环境变量 MINYI_NEW_PASSWORD 提供新密码。",
        )
    })
}

/// Runs a `user` subcommand.
pub fn run(place: &Place<'_>, cmd: &UserCommand) -> CliResult {
    let desk = Desk::open(place)?;
    let mut out = std::io::stdout().lock();
    match cmd {
        UserCommand::Add {
            login,
            name,
            department,
            roles: codes,
            agreement,
        } => add(
            &desk,
            &mut out,
            login,
            name,
            department.as_deref(),
            codes,
            *agreement,
        )?,
        UserCommand::List { json } => list(&desk, &mut out, *json)?,
        UserCommand::SetRoles {
            login,
            roles: codes,
        } => {
            let u = find_user(&desk, login)?;
            desk.run(UpdateUser {
                id: u.id,
                display_name: u.display_name.clone(),
                department_id: u.department_id,
                roles: roles(codes)?,
                active: u.active,
            })?;
            writeln!(out, "已更新 {login} 的角色。")?;
            say_if_waiting(&desk, &mut out, u.id)?;
        }
        UserCommand::Deactivate { login } => {
            let u = find_user(&desk, login)?;
            desk.run(UpdateUser {
                id: u.id,
                display_name: u.display_name,
                department_id: u.department_id,
                roles: u.roles,
                active: false,
            })?;
            writeln!(out, "已停用账号 {login}。")?;
        }
        UserCommand::ResetPassword { login } => {
            let u = find_user(&desk, login)?;
            desk.run(ResetPassword {
                user_id: u.id,
                password: new_password(login)?,
            })?;
            writeln!(out, "已重置 {login} 的密码，账号已解除锁定。")?;
        }
        UserCommand::Grants { json } => grants(&desk, &mut out, *json)?,
        UserCommand::Confirm { id } => match desk.run(ConfirmGrant { id: *id })? {
            GrantStatus::Confirmed => writeln!(out, "已确认授权申请 {id}，权限已生效。")?,
            _ => writeln!(
                out,
                "授权申请 {id} 提出后该账号已被修改或停用，申请已作废，未授予任何权限。如仍需授予，请重新提出。"
            )?,
        },
        UserCommand::Reject { id } => {
            desk.run(RejectGrant { id: *id })?;
            writeln!(out, "已驳回授权申请 {id}，该账号的权限不变。")?;
        }
    }
    out.flush()?;
    Ok(())
}

/// `user add`: the account in the named department (the first one when none is named), with a
/// password typed twice; says when its personal-data access waits for a second administrator.
fn add(
    desk: &Desk,
    out: &mut impl Write,
    login: &str,
    name: &str,
    department: Option<&str>,
    codes: &[String],
    agreement: Option<NaiveDate>,
) -> CliResult {
    let departments = desk.run(GetDepartments {})?;
    let dept = match department {
        Some(d) => departments
            .iter()
            .find(|x| x.name == d.trim())
            .ok_or_else(|| CliError::user("找不到该部门，请核对部门名称。"))?,
        None => departments
            .first()
            .ok_or_else(|| CliError::user("还没有任何部门，请先建立部门。"))?,
    };
    let id = desk.run(CreateUser {
        user: NewUser {
            username: login.to_string(),
            display_name: name.to_string(),
            department_id: dept.id,
            roles: roles(codes)?,
            password: new_password(login)?,
            agreement_signed_on: agreement,
        },
    })?;
    writeln!(out, "已新建账号 {login}（编号 {id}）。")?;
    say_if_waiting(desk, out, id)
}

/// `user list`: every account, as a table or JSON.
fn list(desk: &Desk, out: &mut impl Write, json: bool) -> CliResult {
    let users = desk.run(GetUsers {})?;
    if json {
        return print_json(out, &users);
    }
    let mut t = Table::new(&["登录名", "姓名", "部门", "角色", "保密协议", "启用"]);
    for u in &users {
        t.row(vec![
            u.username.clone(),
            u.display_name.clone(),
            u.department_name.clone(),
            u.roles
                .iter()
                .map(|r| r.label())
                .collect::<Vec<_>>()
                .join("、"),
            u.agreement_signed_on
                .map(|d| d.to_string())
                .unwrap_or_else(|| "未签".into()),
            yes_no(u.active).to_string(),
        ]);
    }
    t.print(out)?;
    Ok(())
}

/// `user grants`: the personal-data grants waiting for a second administrator, and whether the
/// caller may decide each.
fn grants(desk: &Desk, out: &mut impl Write, json: bool) -> CliResult {
    let list = desk.run(GetPendingGrants {})?;
    if json {
        return print_json(out, &list);
    }
    if list.rows.is_empty() {
        writeln!(out, "没有待确认的授权申请。")?;
        return Ok(());
    }
    let mut t = Table::new(&[
        "编号",
        "账号",
        "授予内容",
        "申请人",
        "申请时间",
        "您可否确认",
    ]);
    for g in &list.rows {
        t.row(vec![
            g.id.to_string(),
            format!("{}（{}）", g.display_name, g.username),
            grant_text(g),
            g.requested_by_label.clone(),
            g.requested_at.format("%Y-%m-%d %H:%M").to_string(),
            if g.may_decide {
                "可以".to_string()
            } else {
                format!("不可以：{}", g.why_not)
            },
        ]);
    }
    t.print(out)?;
    Ok(())
}
