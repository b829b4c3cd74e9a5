//! `user add|list|set-roles|deactivate|reset-password`: accounts for administrators who script,
//! through the same commands as the users screen (so the same rules and the same security-log
//! entries; on the file the entries name the operating-system user who ran the command). New
//! passwords come from the environment variable `MINYI_NEW_PASSWORD` or a prompt, never from the
//! command line (which other users of the computer can see).

use crate::audit::find_user;
use crate::desk::{Desk, Place};
use crate::output::{CliError, CliResult, Table, print_json, yes_no};
use chrono::NaiveDate;
use clap::Subcommand;
use minyi_core::model::Role;
use minyi_core::usecases::accounts::NewUser;
use minyi_service::commands::admin::{
    CreateUser, GetDepartments, GetUsers, ResetPassword, UpdateUser,
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
        } => {
            let departments = desk.run(GetDepartments {})?;
            let dept = match department.as_deref() {
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
                    username: login.clone(),
                    display_name: name.clone(),
                    department_id: dept.id,
                    roles: roles(codes)?,
                    password: new_password(login)?,
                    agreement_signed_on: *agreement,
                },
            })?;
            writeln!(out, "已新建账号 {login}（编号 {id}）。")?;
        }
        UserCommand::List { json } => {
            let users = desk.run(GetUsers {})?;
            if *json {
                return print_json(&mut out, &users);
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
            t.print(&mut out)?;
        }
        UserCommand::SetRoles {
            login,
            roles: codes,
        } => {
            let u = find_user(&desk, login)?;
            desk.run(UpdateUser {
                id: u.id,
                display_name: u.display_name,
                department_id: u.department_id,
                roles: roles(codes)?,
                active: u.active,
            })?;
            writeln!(out, "已更新 {login} 的角色。")?;
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
    }
    out.flush()?;
    Ok(())
}
