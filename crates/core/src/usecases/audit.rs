//! The security log and the personal-data access log as the use cases write and administrators
//! read them.
//!
//! Every administrative or security act appends one entry through [`record`], inside the act's
//! own transaction (the entry and the act commit together or not at all). Reading either log is
//! for administrators only: it says who did what, which is itself worth protecting.

use crate::access::{Action, authorize};
use crate::error::Result;
use crate::model::{Ctx, SecurityAction};
use crate::store::security_log::{
    self, AccessLogFilter, AccessLogPage, NewSecurityEntry, SecurityLogFilter, SecurityLogPage,
};
use crate::store::{Store, users};
use crate::usecases::audit_text;
use rusqlite::Connection;

/// The largest page either log returns at once.
pub const MAX_PAGE: i64 = 1000;

/// Appends the entry of an act done by `ctx.actor` (labelled with its display name; the local
/// command line's actor carries the operating-system user in it). Call inside the act's
/// transaction.
pub(crate) fn record(
    conn: &Connection,
    ctx: &Ctx<'_>,
    action: SecurityAction,
    target: Option<&str>,
    detail: serde_json::Value,
) -> Result<i64> {
    security_log::append(
        conn,
        &NewSecurityEntry {
            at: ctx.now,
            actor_id: Some(ctx.actor.user_id),
            actor_label: &ctx.actor.display_name,
            action,
            target,
            detail,
        },
    )
}

/// How the security log names the local command line's acts: the built-in `system` account run
/// by `os_user`, the operating-system user who ran it (whoever holds the file is answerable).
pub fn console_label(os_user: &str) -> String {
    let user: String = os_user.trim().chars().take(64).collect();
    if user.is_empty() {
        "命令行（未知系统用户）".into()
    } else {
        format!("命令行（系统用户 {user}）")
    }
}

/// The operating-system user running this process (`USER`, or `USERNAME` on Windows).
pub fn os_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_default()
}

/// The target reference of an account.
pub(crate) fn user_target(id: i64) -> String {
    format!("user:{id}")
}

/// A page of the security log, newest first (administrators).
pub fn security_log(
    store: &Store,
    ctx: &Ctx<'_>,
    filter: &SecurityLogFilter,
    offset: i64,
    limit: i64,
) -> Result<SecurityLogPage> {
    authorize(ctx.actor, Action::ManageUsers, None)?;
    let mut page = security_log::query(
        store.conn(),
        filter,
        offset.max(0),
        limit.clamp(1, MAX_PAGE),
    )?;
    let names = audit_text::Names {
        users: users::list(store.conn())?
            .into_iter()
            .map(|u| (u.id, (u.display_name, u.username)))
            .collect(),
        departments: users::departments(store.conn())?
            .into_iter()
            .map(|d| (d.id, d.name))
            .collect(),
    };
    for e in &mut page.rows {
        audit_text::describe(e, &names);
    }
    Ok(page)
}

/// A page of the personal-data access log, newest first (administrators).
pub fn access_log(
    store: &Store,
    ctx: &Ctx<'_>,
    filter: &AccessLogFilter,
    offset: i64,
    limit: i64,
) -> Result<AccessLogPage> {
    authorize(ctx.actor, Action::ManageUsers, None)?;
    security_log::query_access(
        store.conn(),
        filter,
        offset.max(0),
        limit.clamp(1, MAX_PAGE),
    )
}
