//! The `users` and `departments` tables.

use crate::error::{CoreError, Result};
use crate::model::{Actor, Role};
use crate::store::sql;
use crate::store::sql::{Connection, OptionalExtension, Row, params};
use crate::time::{fmt_date, parse_date};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A user as the administration screens see it (never the password hash).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct UserRecord {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub department_id: i64,
    pub department_name: String,
    pub roles: Vec<Role>,
    pub agreement_signed_on: Option<NaiveDate>,
    pub active: bool,
    pub can_sign_in: bool,
    pub failed_attempts: i64,
    pub locked_until: Option<String>,
}

/// A department.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Department {
    pub id: i64,
    pub name: String,
    pub active: bool,
}

pub(crate) fn roles_to_text(roles: &[Role]) -> String {
    roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(",")
}

pub(crate) fn roles_from_text(s: &str) -> Vec<Role> {
    s.split(',')
        .filter(|p| !p.is_empty())
        .map(Role::from_db)
        .collect()
}

const USER_COLS: &str = "u.id, u.username, u.display_name, u.department_id, d.name, u.roles, u.agreement_signed_on, \
     u.active, u.can_sign_in, u.failed_attempts, u.locked_until";

fn user_from_row(r: &Row<'_>) -> sql::Result<UserRecord> {
    Ok(UserRecord {
        id: r.get(0)?,
        username: r.get(1)?,
        display_name: r.get(2)?,
        department_id: r.get(3)?,
        department_name: r.get(4)?,
        roles: roles_from_text(&r.get::<_, String>(5)?),
        agreement_signed_on: r
            .get::<_, Option<String>>(6)?
            .as_deref()
            .and_then(parse_date),
        active: r.get(7)?,
        can_sign_in: r.get(8)?,
        failed_attempts: r.get(9)?,
        locked_until: r.get(10)?,
    })
}

pub(crate) fn get(conn: &Connection, id: i64) -> Result<UserRecord> {
    conn.query_row(
        &format!("SELECT {USER_COLS} FROM users u JOIN departments d ON d.id = u.department_id WHERE u.id = ?1"),
        [id],
        user_from_row,
    )
    .optional()?
    .ok_or_else(|| CoreError::not_found("找不到该用户。"))
}

pub(crate) fn list(conn: &Connection) -> Result<Vec<UserRecord>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {USER_COLS} FROM users u JOIN departments d ON d.id = u.department_id ORDER BY u.id"
    ))?;
    let rows = stmt
        .query_map([], user_from_row)?
        .collect::<sql::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Looks a user up by login name, with the password hash, for sign-in.
pub(crate) fn find_for_sign_in(
    conn: &Connection,
    username: &str,
) -> Result<Option<(UserRecord, String)>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {USER_COLS}, u.password_hash FROM users u JOIN departments d ON d.id = u.department_id WHERE u.username = ?1"
            ),
            [username],
            |r| Ok((user_from_row(r)?, r.get::<_, String>(11)?)),
        )
        .optional()?)
}

pub(crate) fn actor(conn: &Connection, id: i64) -> Result<Actor> {
    let u = get(conn, id)?;
    Ok(Actor {
        user_id: u.id,
        display_name: u.display_name,
        department_id: u.department_id,
        roles: u.roles,
        agreement_signed_on: u.agreement_signed_on,
    })
}

pub(crate) struct NewUserRow<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub department_id: i64,
    pub roles: &'a [Role],
    pub password_hash: &'a str,
    pub agreement_signed_on: Option<NaiveDate>,
    pub can_sign_in: bool,
    pub created_at: &'a str,
}

pub(crate) fn insert(conn: &Connection, u: &NewUserRow<'_>) -> Result<i64> {
    let exists: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM users WHERE username = ?1)",
        [u.username],
        |r| r.get(0),
    )?;
    if exists {
        return Err(CoreError::field("username", "该登录名已被使用，请换一个。"));
    }
    Ok(conn.query_row(
        "INSERT INTO users(username, display_name, department_id, roles, password_hash, agreement_signed_on, can_sign_in, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id", params![
            u.username,
            u.display_name,
            u.department_id,
            roles_to_text(u.roles),
            u.password_hash,
            u.agreement_signed_on.map(fmt_date),
            u.can_sign_in,
            u.created_at
        ], |r| r.get(0))?)
}

pub(crate) fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM users WHERE can_sign_in = 1",
        [],
        |r| r.get(0),
    )?)
}

pub(crate) fn record_failure(
    conn: &Connection,
    id: i64,
    attempts: i64,
    locked_until: Option<&str>,
) -> Result<()> {
    conn.execute(
        "UPDATE users SET failed_attempts = ?2, locked_until = ?3 WHERE id = ?1",
        params![id, attempts, locked_until],
    )?;
    Ok(())
}

pub(crate) fn record_success(conn: &Connection, id: i64) -> Result<()> {
    conn.execute(
        "UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?1",
        [id],
    )?;
    Ok(())
}

pub(crate) fn set_password_hash(conn: &Connection, id: i64, hash: &str) -> Result<()> {
    conn.execute(
        "UPDATE users SET password_hash = ?2 WHERE id = ?1",
        params![id, hash],
    )?;
    Ok(())
}

pub(crate) fn set_agreement(conn: &Connection, id: i64, date: Option<NaiveDate>) -> Result<()> {
    conn.execute(
        "UPDATE users SET agreement_signed_on = ?2 WHERE id = ?1",
        params![id, date.map(fmt_date)],
    )?;
    Ok(())
}

pub(crate) fn update_profile(
    conn: &Connection,
    id: i64,
    display_name: &str,
    department_id: i64,
    roles: &[Role],
    active: bool,
) -> Result<()> {
    conn.execute(
        "UPDATE users SET display_name = ?2, department_id = ?3, roles = ?4, active = ?5 WHERE id = ?1",
        params![id, display_name, department_id, roles_to_text(roles), active],
    )?;
    Ok(())
}

/// The built-in account the CLI acts as (created at first open, cannot sign in).
pub(crate) fn system_user_id(conn: &Connection) -> Result<Option<i64>> {
    Ok(conn
        .query_row("SELECT id FROM users WHERE username = 'system'", [], |r| {
            r.get(0)
        })
        .optional()?)
}

pub(crate) fn departments(conn: &Connection) -> Result<Vec<Department>> {
    let mut stmt = conn.prepare("SELECT id, name, active FROM departments ORDER BY id")?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Department {
                id: r.get(0)?,
                name: r.get(1)?,
                active: r.get(2)?,
            })
        })?
        .collect::<sql::Result<Vec<_>>>()?;
    Ok(rows)
}

pub(crate) fn department(conn: &Connection, id: i64) -> Result<Department> {
    conn.query_row(
        "SELECT id, name, active FROM departments WHERE id = ?1",
        [id],
        |r| {
            Ok(Department {
                id: r.get(0)?,
                name: r.get(1)?,
                active: r.get(2)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| CoreError::field("departmentId", "找不到该承办部门，请重新选择。"))
}

pub(crate) fn insert_department(conn: &Connection, name: &str) -> Result<i64> {
    let exists: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM departments WHERE name = ?1)",
        [name],
        |r| r.get(0),
    )?;
    if exists {
        return Err(CoreError::field("name", "已有同名部门。"));
    }
    Ok(conn.query_row(
        "INSERT INTO departments(name) VALUES (?1) RETURNING id",
        [name],
        |r| r.get(0),
    )?)
}

pub(crate) fn set_department(conn: &Connection, id: i64, name: &str, active: bool) -> Result<()> {
    let clash: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM departments WHERE name = ?1 AND id <> ?2)",
        params![name, id],
        |r| r.get(0),
    )?;
    if clash {
        return Err(CoreError::field("name", "已有同名部门。"));
    }
    conn.execute(
        "UPDATE departments SET name = ?2, active = ?3 WHERE id = ?1",
        params![id, name, active],
    )?;
    Ok(())
}

/// How many active administrators who can sign in there are besides `except` (the built-in
/// `system` account of the command line cannot sign in and does not count).
pub(crate) fn other_active_administrators(conn: &Connection, except: i64) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT count(*) FROM users WHERE active = 1 AND can_sign_in = 1 AND id != ?1
               AND (',' || roles || ',') LIKE '%,administrator,%'",
        )?
        .query_row([except], |r| r.get(0))?)
}

/// The id of the account with login `username`, if there is one.
pub(crate) fn id_by_username(conn: &Connection, username: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM users WHERE username = ?1")?
        .query_row([username], |r| r.get(0))
        .optional()?)
}
