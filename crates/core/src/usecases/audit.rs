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
use crate::store::sql::Connection;
use crate::store::{Store, users};
use crate::usecases::audit_text;

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
    security_page(store, filter, offset.max(0), limit.clamp(1, MAX_PAGE))
}

/// Entries with their targets and details in words.
fn security_page(
    store: &Store,
    filter: &SecurityLogFilter,
    offset: i64,
    limit: i64,
) -> Result<SecurityLogPage> {
    let mut page = security_log::query(store.conn(), filter, offset, limit)?;
    let names = names(store)?;
    for e in &mut page.rows {
        audit_text::describe(e, &names);
    }
    Ok(page)
}

fn names(store: &Store) -> Result<audit_text::Names> {
    Ok(audit_text::Names {
        users: users::list(store.conn())?
            .into_iter()
            .map(|u| (u.id, (u.display_name, u.username)))
            .collect(),
        departments: users::departments(store.conn())?
            .into_iter()
            .map(|d| (d.id, d.name))
            .collect(),
    })
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

/// The most entries one export of either log writes.
pub const MAX_EXPORT: i64 = 100_000;

/// Every security-log entry of `filter` for an export (administrators), newest first, and the
/// selection in words. More than [`MAX_EXPORT`] is refused: narrow the days.
pub fn security_log_export(
    store: &Store,
    ctx: &Ctx<'_>,
    filter: &SecurityLogFilter,
) -> Result<(SecurityLogPage, String)> {
    authorize(ctx.actor, Action::ManageUsers, None)?;
    let page = security_page(store, filter, 0, MAX_EXPORT + 1)?;
    too_many(page.total)?;
    let mut parts = Vec::new();
    if let Some(id) = filter.actor_id {
        parts.push(format!("操作人 {}", person(store, id)?));
    }
    if let Some(a) = filter.action {
        parts.push(format!("操作 {}", a.label()));
    }
    let described = selection(ctx, parts, filter.from, filter.to, page.total);
    Ok((page, described))
}

/// Every access-log line of `filter` for an export (administrators), newest first, and the
/// selection in words.
pub fn access_log_export(
    store: &Store,
    ctx: &Ctx<'_>,
    filter: &AccessLogFilter,
) -> Result<(AccessLogPage, String)> {
    authorize(ctx.actor, Action::ManageUsers, None)?;
    let page = security_log::query_access(store.conn(), filter, 0, MAX_EXPORT + 1)?;
    too_many(page.total)?;
    let mut parts = Vec::new();
    if let Some(id) = filter.user_id {
        parts.push(format!("访问人 {}", person(store, id)?));
    }
    if let Some(w) = filter.what {
        parts.push(format!("内容 {}", w.label()));
    }
    let described = selection(ctx, parts, filter.from, filter.to, page.total);
    Ok((page, described))
}

fn too_many(total: i64) -> Result<()> {
    if total > MAX_EXPORT {
        return Err(crate::error::CoreError::field(
            "filter",
            format!(
                "所选范围内有 {total} 条记录，超过一次导出的上限 {MAX_EXPORT} 条。请缩小日期范围后分次导出。"
            ),
        ));
    }
    Ok(())
}

/// An account as the log's reader knows it: name and login.
fn person(store: &Store, id: i64) -> Result<String> {
    let u = users::get(store.conn(), id)?;
    Ok(format!("{}（{}）", u.display_name, u.username))
}

/// The line under an exported log: which selection, how many, when exported and by whom.
fn selection(
    ctx: &Ctx<'_>,
    mut parts: Vec<String>,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
    total: i64,
) -> String {
    match (from, to) {
        (Some(f), Some(t)) => parts.push(format!("日期 {f} 至 {t}")),
        (Some(f), None) => parts.push(format!("日期 {f} 起")),
        (None, Some(t)) => parts.push(format!("日期至 {t}")),
        (None, None) => {}
    }
    let filter = if parts.is_empty() {
        "全部".to_string()
    } else {
        parts.join("，")
    };
    format!(
        "筛选条件：{filter}。共 {total} 条。{} 于 {} 导出。",
        ctx.actor.display_name,
        ctx.now.format("%Y-%m-%d %H:%M")
    )
}
