//! The security log: an append-only, hash-chained record of administrative and security acts, and
//! the same chain for the personal-data access log (`access_log`).
//!
//! Who changed an account, a role, a setting or the calendar, who signed in or failed to, must be
//! answerable after the fact, and the answer must not be editable by whoever holds the file. Each
//! entry is written in the same transaction as the act it records (so an act without its entry, or
//! an entry without its act, cannot exist), and its hash covers its fields and the previous entry's
//! hash (length-prefixed, as the event chain does), so `check` finds an edited or deleted row.
//! Triggers refuse UPDATE and DELETE outright (migration 009). `detail` is JSON that never holds
//! personal data: ids, codes, counts, setting keys — never names, phones or content of appeals.

use crate::error::Result;
use crate::model::{AccessKind, SecurityAction};
use crate::store::events::{GENESIS, hex};
use crate::store::sql;
use crate::store::sql::{Connection, OptionalExtension, params, params_from_iter};
use crate::store::walk;
use crate::time::parse_ts;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The hash of one chained row given the previous hash: each field length-prefixed (`None` as a
/// distinct marker), so that no two different rows give the same input.
pub(crate) fn chained_hash(prev: &str, fields: &[Option<&str>]) -> String {
    let mut h = Sha256::new();
    let mut field = |s: &str| {
        h.update((s.len() as u64).to_le_bytes());
        h.update(s.as_bytes());
    };
    field(prev);
    for f in fields {
        field(f.unwrap_or("\u{0}"));
    }
    hex(&h.finalize())
}

/// An entry to append.
#[derive(Debug, Clone)]
pub struct NewSecurityEntry<'a> {
    pub at: DateTime<FixedOffset>,
    /// The account that acted; `None` when nobody is known (a failed sign-in under an unknown name).
    pub actor_id: Option<i64>,
    /// Who acted, as a person reads it: the account's name, or for the local command line the
    /// operating-system user who ran it.
    pub actor_label: &'a str,
    pub action: SecurityAction,
    /// What the act was done to, as a stable reference (`user:5`, `setting:lockout.max_failures`,
    /// `date:2026-10-01`…), never personal data.
    pub target: Option<&'a str>,
    pub detail: serde_json::Value,
}

/// A stored entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct SecurityEntry {
    pub id: i64,
    pub at: DateTime<FixedOffset>,
    pub actor_id: Option<i64>,
    pub actor_label: String,
    pub action: SecurityAction,
    /// The action's Chinese label.
    pub action_label: String,
    pub target: Option<String>,
    pub detail: serde_json::Value,
    /// What the target is, in words (an account's name and login, a setting's label, a
    /// department's name); filled by the use case that reads the log.
    #[serde(default)]
    pub target_label: String,
    /// The detail in words (roles by their names, yes/no, "from → to").
    #[serde(default)]
    pub detail_text: String,
}

fn entry_hash(
    prev: &str,
    id: i64,
    e: (&str, Option<i64>, &str, &str, Option<&str>, &str),
) -> String {
    let (at, actor_id, label, action, target, detail) = e;
    let id = id.to_string();
    let actor = actor_id.map(|a| a.to_string());
    chained_hash(
        prev,
        &[
            Some(&id),
            Some(at),
            actor.as_deref(),
            Some(label),
            Some(action),
            target,
            Some(detail),
        ],
    )
}

fn head(conn: &Connection, table: &str) -> Result<(i64, String)> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT id, hash FROM {table} WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1"
        ))?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, GENESIS.to_string())))
}

/// The last security-log entry's id and hash (the chain's head).
pub(crate) fn security_head(conn: &Connection) -> Result<(i64, String)> {
    head(conn, "security_log")
}

/// The last access-log row's id and hash.
pub(crate) fn access_head(conn: &Connection) -> Result<(i64, String)> {
    head(conn, "access_log")
}

/// Appends an entry, chained to the current head. Must run inside the act's own transaction.
pub(crate) fn append(conn: &Connection, e: &NewSecurityEntry<'_>) -> Result<i64> {
    let (last, prev) = security_head(conn)?;
    let id = last + 1;
    let at = crate::time::fmt_ts(&e.at);
    let detail = e.detail.to_string();
    let hash = entry_hash(
        &prev,
        id,
        (
            &at,
            e.actor_id,
            e.actor_label,
            e.action.code(),
            e.target,
            &detail,
        ),
    );
    conn.prepare_cached(
        "INSERT INTO security_log(id, at, actor_id, actor_label, action, target, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![id, at, e.actor_id, e.actor_label, e.action, e.target, detail, prev, hash])?;
    Ok(id)
}

/// The id of the first security-log entry whose chain does not hold, if any.
pub(crate) fn verify_security_chain(conn: &Connection) -> Result<Option<i64>> {
    let mut prev = GENESIS.to_string();
    let mut broken = None;
    walk::by_id(
        conn,
        "SELECT id, at, actor_id, actor_label, action, target, detail, prev_hash, hash FROM security_log",
        |r| {
            let id: i64 = r.get(0)?;
            let expect = entry_hash(
                &prev,
                id,
                (
                    &r.get::<_, String>(1)?,
                    r.get(2)?,
                    &r.get::<_, String>(3)?,
                    &r.get::<_, String>(4)?,
                    r.get::<_, Option<String>>(5)?.as_deref(),
                    &r.get::<_, String>(6)?,
                ),
            );
            let prev_hash: String = r.get(7)?;
            let hash: String = r.get(8)?;
            if prev_hash != prev || hash != expect {
                broken = Some(id);
                return Ok(false);
            }
            prev = hash;
            Ok(true)
        },
    )?;
    Ok(broken)
}

type AccessFields<'a> = (&'a str, i64, Option<i64>, &'a str, &'a str);

fn access_hash(prev: &str, id: i64, f: AccessFields<'_>) -> String {
    let (at, user_id, appeal_id, what, purpose) = f;
    let id = id.to_string();
    let user = user_id.to_string();
    let appeal = appeal_id.map(|a| a.to_string());
    chained_hash(
        prev,
        &[
            Some(&id),
            Some(at),
            Some(&user),
            appeal.as_deref(),
            Some(what),
            Some(purpose),
        ],
    )
}

/// Inserts one access-log row chained to the head. Runs inside the caller's transaction, or,
/// when the caller reads outside one (a detail page, an export), in an IMMEDIATE transaction of
/// its own, so that two connections never chain to the same head.
pub(crate) fn append_access(conn: &Connection, f: AccessFields<'_>) -> Result<()> {
    let insert = |conn: &Connection| -> Result<()> {
        let (last, prev) = access_head(conn)?;
        let id = last.max(max_access_id(conn)?) + 1;
        let hash = access_hash(&prev, id, f);
        let (at, user_id, appeal_id, what, purpose) = f;
        conn.prepare_cached(
            "INSERT INTO access_log(id, at, user_id, appeal_id, what, purpose, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            id, at, user_id, appeal_id, what, purpose, prev, hash
        ])?;
        Ok(())
    };
    if !conn.is_autocommit() {
        return insert(conn);
    }
    // Rolled back when `insert` fails (the transaction is dropped uncommitted).
    let tx = sql::begin_write(conn)?;
    insert(&tx)?;
    tx.commit()?;
    Ok(())
}

/// Whether `user_id` has an access-log line of `what` for `appeal_id` at or after `since` (a
/// lookup repeated while a form is typed is logged once).
pub(crate) fn accessed_since(
    conn: &Connection,
    user_id: i64,
    what: AccessKind,
    appeal_id: i64,
    since: &str,
) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM access_log
                 WHERE appeal_id = ?1 AND user_id = ?2 AND what = ?3 AND at >= ?4)",
        )?
        .query_row(params![appeal_id, user_id, what, since], |r| r.get(0))?)
}

fn max_access_id(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT coalesce(max(id), 0) FROM access_log")?
        .query_row([], |r| r.get(0))?)
}

/// Chains the access-log rows written before migration 009 (they have no hash yet), in id order
/// after the chained ones. Runs in the migration's transaction.
pub(crate) fn chain_unhashed_access(conn: &Connection) -> Result<usize> {
    let (_, mut prev) = access_head(conn)?;
    let rows: Vec<(i64, String, i64, Option<i64>, String, String)> = conn
        .prepare("SELECT id, at, user_id, appeal_id, what, purpose FROM access_log WHERE hash IS NULL ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?
        .collect::<sql::Result<_>>()?;
    let mut stmt = conn.prepare("UPDATE access_log SET prev_hash = ?2, hash = ?3 WHERE id = ?1")?;
    for (id, at, user, appeal, what, purpose) in &rows {
        let hash = access_hash(&prev, *id, (at, *user, *appeal, what, purpose));
        stmt.execute(params![id, prev, hash])?;
        prev = hash;
    }
    Ok(rows.len())
}

/// The id of the first access-log row whose chain does not hold (or that has no hash), if any.
pub(crate) fn verify_access_chain(conn: &Connection) -> Result<Option<i64>> {
    let mut prev = GENESIS.to_string();
    let mut broken = None;
    walk::by_id(
        conn,
        "SELECT id, at, user_id, appeal_id, what, purpose, prev_hash, hash FROM access_log",
        |r| {
            let id: i64 = r.get(0)?;
            let expect = access_hash(
                &prev,
                id,
                (
                    &r.get::<_, String>(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    &r.get::<_, String>(4)?,
                    &r.get::<_, String>(5)?,
                ),
            );
            let prev_hash: Option<String> = r.get(6)?;
            let hash: Option<String> = r.get(7)?;
            if prev_hash.as_deref() != Some(prev.as_str())
                || hash.as_deref() != Some(expect.as_str())
            {
                broken = Some(id);
                return Ok(false);
            }
            prev = expect;
            Ok(true)
        },
    )?;
    Ok(broken)
}

/// Filters of the security-log screen and `minyi-cli audit`.
#[derive(
    Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema,
)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct SecurityLogFilter {
    /// Only entries of this account.
    pub actor_id: Option<i64>,
    /// Only entries of this action.
    pub action: Option<SecurityAction>,
    /// From this day (inclusive, `YYYY-MM-DD`).
    pub from: Option<chrono::NaiveDate>,
    /// To this day (inclusive).
    pub to: Option<chrono::NaiveDate>,
}

/// One page of entries, newest first, and how many match in all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct SecurityLogPage {
    pub total: i64,
    pub rows: Vec<SecurityEntry>,
}

fn day_bounds(
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
    col: &str,
    clauses: &mut Vec<String>,
    args: &mut Vec<sql::types::Value>,
) {
    // Stored times are CST RFC 3339 text, so a day's range is a text range.
    if let Some(f) = from {
        clauses.push(format!("{col} >= ?"));
        args.push(format!("{}T00:00:00", f.format("%Y-%m-%d")).into());
    }
    if let Some(t) = to {
        clauses.push(format!("{col} < ?"));
        args.push(format!("{}T24", t.format("%Y-%m-%d")).into());
    }
}

fn where_sql(clauses: &[String]) -> String {
    if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    }
}

/// A page of the security log (newest first).
pub(crate) fn query(
    conn: &Connection,
    f: &SecurityLogFilter,
    offset: i64,
    limit: i64,
) -> Result<SecurityLogPage> {
    let mut clauses = Vec::new();
    let mut args: Vec<sql::types::Value> = Vec::new();
    if let Some(a) = f.actor_id {
        clauses.push("actor_id = ?".into());
        args.push(a.into());
    }
    if let Some(a) = f.action {
        clauses.push("action = ?".into());
        args.push(a.code().to_string().into());
    }
    day_bounds(f.from, f.to, "at", &mut clauses, &mut args);
    let w = where_sql(&clauses);
    let total: i64 = conn.query_row(
        &format!("SELECT count(*) FROM security_log {w}"),
        params_from_iter(args.iter()),
        |r| r.get(0),
    )?;
    args.push(limit.into());
    args.push(offset.into());
    let rows = conn
        .prepare(&format!(
            "SELECT id, at, actor_id, actor_label, action, target, detail FROM security_log {w} ORDER BY id DESC LIMIT ? OFFSET ?"
        ))?
        .query_map(params_from_iter(args.iter()), |r| {
            let action = SecurityAction::from_db(&r.get::<_, String>(4)?);
            let at: String = r.get(1)?;
            let detail: String = r.get(6)?;
            Ok(SecurityEntry {
                id: r.get(0)?,
                at: parse_ts(&at).unwrap_or_default(),
                actor_id: r.get(2)?,
                actor_label: r.get(3)?,
                action,
                action_label: action.label().to_string(),
                target: r.get(5)?,
                detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null),
                target_label: String::new(),
                detail_text: String::new(),
            })
        })?
        .collect::<sql::Result<_>>()?;
    Ok(SecurityLogPage { total, rows })
}

/// Filters of the access-log screen and `minyi-cli access-log`.
#[derive(
    Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema,
)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct AccessLogFilter {
    /// Only what this account saw.
    pub user_id: Option<i64>,
    /// Only this kind of access.
    pub what: Option<AccessKind>,
    /// Only accesses to this appeal.
    pub appeal_id: Option<i64>,
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
}

/// One access-log line with the names a reader needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct AccessEntry {
    pub id: i64,
    pub at: DateTime<FixedOffset>,
    pub user_id: i64,
    /// The account's login name and display name.
    pub user_label: String,
    pub appeal_id: Option<i64>,
    /// The appeal's registration number, if the access was to one appeal.
    pub reg_number: Option<String>,
    pub what: AccessKind,
    /// The kind's Chinese label.
    pub what_label: String,
    pub purpose: String,
}

/// One page of the access log, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct AccessLogPage {
    pub total: i64,
    pub rows: Vec<AccessEntry>,
}

/// A page of the access log (newest first).
pub(crate) fn query_access(
    conn: &Connection,
    f: &AccessLogFilter,
    offset: i64,
    limit: i64,
) -> Result<AccessLogPage> {
    let mut clauses = Vec::new();
    let mut args: Vec<sql::types::Value> = Vec::new();
    if let Some(a) = f.user_id {
        clauses.push("l.user_id = ?".into());
        args.push(a.into());
    }
    if let Some(w) = f.what {
        clauses.push("l.what = ?".into());
        args.push(w.code().to_string().into());
    }
    if let Some(a) = f.appeal_id {
        clauses.push("l.appeal_id = ?".into());
        args.push(a.into());
    }
    day_bounds(f.from, f.to, "l.at", &mut clauses, &mut args);
    let w = where_sql(&clauses);
    let total: i64 = conn.query_row(
        &format!("SELECT count(*) FROM access_log l {w}"),
        params_from_iter(args.iter()),
        |r| r.get(0),
    )?;
    args.push(limit.into());
    args.push(offset.into());
    let rows = conn
        .prepare(&format!(
            "SELECT l.id, l.at, l.user_id, u.username || '（' || u.display_name || '）', l.appeal_id, a.reg_number, l.what, l.purpose
             FROM access_log l JOIN users u ON u.id = l.user_id LEFT JOIN appeals a ON a.id = l.appeal_id
             {w} ORDER BY l.id DESC LIMIT ? OFFSET ?"
        ))?
        .query_map(params_from_iter(args.iter()), |r| {
            let at: String = r.get(1)?;
            let what = AccessKind::from_db(&r.get::<_, String>(6)?);
            Ok(AccessEntry {
                id: r.get(0)?,
                at: parse_ts(&at).unwrap_or_default(),
                user_id: r.get(2)?,
                user_label: r.get(3)?,
                appeal_id: r.get(4)?,
                reg_number: r.get(5)?,
                what,
                what_label: what.label().to_string(),
                purpose: r.get(7)?,
            })
        })?
        .collect::<sql::Result<_>>()?;
    Ok(AccessLogPage { total, rows })
}

/// The heads of the three chains (events, security log, access log): (last id, its hash).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Heads {
    pub events: (i64, String),
    pub security: (i64, String),
    pub access: (i64, String),
}

/// When the newest entry of `action` was written, if there is one.
pub(crate) fn last_at(
    conn: &Connection,
    action: SecurityAction,
) -> Result<Option<DateTime<FixedOffset>>> {
    let at: Option<String> = conn
        .prepare_cached("SELECT at FROM security_log WHERE action = ?1 ORDER BY id DESC LIMIT 1")?
        .query_row([action], |r| r.get(0))
        .optional()?;
    Ok(at.and_then(|a| parse_ts(&a)))
}

/// The current heads.
pub(crate) fn heads(conn: &Connection) -> Result<Heads> {
    Ok(Heads {
        events: crate::store::events::head(conn)?,
        security: security_head(conn)?,
        access: access_head(conn)?,
    })
}

/// Whether the row `(id, hash)` of an anchored head is still in `table` as it was (the chain may
/// have grown since, never shrunk or been rewritten).
pub(crate) fn holds(conn: &Connection, table: &str, head: &(i64, String)) -> Result<bool> {
    if head.0 == 0 {
        return Ok(true);
    }
    let stored: Option<String> = conn
        .prepare(&format!("SELECT hash FROM {table} WHERE id = ?1"))?
        .query_row([head.0], |r| r.get(0))
        .optional()?;
    Ok(stored.as_deref() == Some(head.1.as_str()))
}

/// The id of the first of the last `n` rows of `table`'s chain whose link or hash does not hold,
/// for the quick check at start (the full walk is `check`'s).
pub(crate) fn verify_tail(conn: &Connection, table: &str, n: i64) -> Result<Option<i64>> {
    let from: i64 = conn.query_row(
        &format!("SELECT coalesce(max(id), 0) - ?1 FROM {table}"),
        [n],
        |r| r.get(0),
    )?;
    let rows: Vec<(i64, Option<String>, Option<String>)> = conn
        .prepare(&format!(
            "SELECT id, prev_hash, hash FROM {table} WHERE id >= ?1 ORDER BY id"
        ))?
        .query_map([from], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<sql::Result<_>>()?;
    // Ids are consecutive from 1 and each row links to the one before; when the tail reaches the
    // start, the first row links to the genesis hash.
    let (mut prev_id, mut prev) = if from <= 1 {
        (0, Some(GENESIS.to_string()))
    } else {
        (from - 1, None)
    };
    for (id, prev_hash, hash) in rows {
        let linked = prev.is_none() || prev_hash == prev;
        if hash.is_none() || !linked || id != prev_id + 1 {
            return Ok(Some(id));
        }
        prev_id = id;
        prev = hash;
    }
    Ok(None)
}
