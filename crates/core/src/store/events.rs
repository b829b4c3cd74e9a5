//! The append-only, hash-chained event log.
//!
//! Each event's hash covers its own fields and the previous event's hash, so editing or deleting a
//! row anywhere breaks the chain from there on; `check` walks it. SQL triggers refuse UPDATE and
//! DELETE on the table outright. The chain is global (not per appeal) so that removing a whole
//! appeal's history is also detected.

use crate::error::Result;
use crate::model::{EventAction, Status};
use crate::store::sql;
use crate::store::sql::{Connection, OptionalExtension, params};
use crate::store::walk;
use crate::time::{fmt_ts, parse_ts};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The hash before the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An event to append.
#[derive(Debug, Clone)]
pub struct NewEvent<'a> {
    pub appeal_id: i64,
    pub at: DateTime<FixedOffset>,
    pub actor_id: i64,
    pub action: EventAction,
    pub from_status: Option<Status>,
    pub to_status: Status,
    pub reason: Option<&'a str>,
    pub payload: serde_json::Value,
    pub on_behalf_department: Option<i64>,
    pub on_behalf_person: Option<&'a str>,
}

/// A stored event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct EventRecord {
    pub id: i64,
    pub appeal_id: i64,
    pub at: DateTime<FixedOffset>,
    pub actor_id: i64,
    pub action: EventAction,
    pub from_status: Option<Status>,
    pub to_status: Status,
    pub reason: Option<String>,
    pub payload: serde_json::Value,
    pub on_behalf_department: Option<i64>,
    pub on_behalf_person: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const H: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(H[(b >> 4) as usize] as char);
        s.push(H[(b & 15) as usize] as char);
    }
    s
}

/// The hash of one event given the previous hash; fields are length-prefixed so that no two
/// different events can produce the same input.
#[allow(clippy::too_many_arguments)]
pub fn compute_hash(
    prev: &str,
    id: i64,
    appeal_id: i64,
    at: &str,
    actor_id: i64,
    action: &str,
    from: Option<&str>,
    to: &str,
    reason: Option<&str>,
    payload: &str,
    behalf_dept: Option<i64>,
    behalf_person: Option<&str>,
) -> String {
    let mut h = Sha256::new();
    let mut field = |s: &str| {
        h.update((s.len() as u64).to_le_bytes());
        h.update(s.as_bytes());
    };
    field(prev);
    field(&id.to_string());
    field(&appeal_id.to_string());
    field(at);
    field(&actor_id.to_string());
    field(action);
    field(from.unwrap_or("\u{0}"));
    field(to);
    field(reason.unwrap_or("\u{0}"));
    field(payload);
    field(&behalf_dept.map(|d| d.to_string()).unwrap_or_default());
    field(behalf_person.unwrap_or("\u{0}"));
    hex(&h.finalize())
}

/// The last event's id and hash (the chain's head).
pub(crate) fn head(conn: &Connection) -> Result<(i64, String)> {
    Ok(conn
        .prepare_cached("SELECT id, hash FROM events ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, GENESIS.to_string())))
}

/// Appends an event, chaining it to the current head. Must run inside the caller's transaction.
pub(crate) fn append(conn: &Connection, e: &NewEvent<'_>) -> Result<i64> {
    let (last_id, prev) = head(conn)?;
    append_after(conn, e, last_id + 1, &prev).map(|(id, _)| id)
}

/// An event with its id, text forms and hash computed, ready to insert (bulk loaders prepare
/// events on one thread and insert them on another).
#[derive(Debug, Clone)]
pub struct PreparedEvent {
    pub id: i64,
    pub appeal_id: i64,
    pub at: String,
    pub actor_id: i64,
    pub action: EventAction,
    pub from_status: Option<&'static str>,
    pub to_status: &'static str,
    pub reason: Option<String>,
    pub payload: String,
    pub on_behalf_department: Option<i64>,
    pub on_behalf_person: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// Computes an event's hash as the `id`-th link after `prev`.
pub fn prepare(e: &NewEvent<'_>, id: i64, prev: &str) -> PreparedEvent {
    let at = fmt_ts(&e.at);
    let payload = e.payload.to_string();
    let from = e.from_status.map(|s| s.code());
    let hash = compute_hash(
        prev,
        id,
        e.appeal_id,
        &at,
        e.actor_id,
        e.action.code(),
        from,
        e.to_status.code(),
        e.reason,
        &payload,
        e.on_behalf_department,
        e.on_behalf_person,
    );
    PreparedEvent {
        id,
        appeal_id: e.appeal_id,
        at,
        actor_id: e.actor_id,
        action: e.action,
        from_status: from,
        to_status: e.to_status.code(),
        reason: e.reason.map(str::to_string),
        payload,
        on_behalf_department: e.on_behalf_department,
        on_behalf_person: e.on_behalf_person.map(str::to_string),
        prev_hash: prev.to_string(),
        hash,
    }
}

/// Inserts a prepared event.
pub(crate) fn insert_prepared(conn: &Connection, p: &PreparedEvent) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO events(id, appeal_id, at, actor_id, action, from_status, to_status, reason, payload,
            on_behalf_department, on_behalf_person, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        p.id,
        p.appeal_id,
        p.at,
        p.actor_id,
        p.action,
        p.from_status,
        p.to_status,
        p.reason,
        p.payload,
        p.on_behalf_department,
        p.on_behalf_person,
        p.prev_hash,
        p.hash
    ])?;
    Ok(())
}

/// Appends with a known head. Returns the id and hash.
pub(crate) fn append_after(
    conn: &Connection,
    e: &NewEvent<'_>,
    id: i64,
    prev: &str,
) -> Result<(i64, String)> {
    let p = prepare(e, id, prev);
    insert_prepared(conn, &p)?;
    Ok((p.id, p.hash))
}

fn from_row(r: &sql::Row<'_>) -> sql::Result<EventRecord> {
    let at: String = r.get(2)?;
    let payload: String = r.get(8)?;
    Ok(EventRecord {
        id: r.get(0)?,
        appeal_id: r.get(1)?,
        at: parse_ts(&at).unwrap_or_default(),
        actor_id: r.get(3)?,
        action: EventAction::from_db(&r.get::<_, String>(4)?),
        from_status: r.get::<_, Option<String>>(5)?.map(|s| Status::from_db(&s)),
        to_status: Status::from_db(&r.get::<_, String>(6)?),
        reason: r.get(7)?,
        payload: serde_json::from_str(&payload).unwrap_or(serde_json::Value::Null),
        on_behalf_department: r.get(9)?,
        on_behalf_person: r.get(10)?,
        prev_hash: r.get(11)?,
        hash: r.get(12)?,
    })
}

const COLS: &str = "id, appeal_id, at, actor_id, action, from_status, to_status, reason, payload, \
    on_behalf_department, on_behalf_person, prev_hash, hash";

/// The latest event of an appeal: its id, who wrote it, when (stored text) and its action.
pub(crate) fn latest(
    conn: &Connection,
    appeal_id: i64,
) -> Result<Option<(i64, i64, String, EventAction)>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, actor_id, at, action FROM events WHERE appeal_id = ?1 ORDER BY id DESC LIMIT 1",
        )?
        .query_row([appeal_id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                EventAction::from_db(&r.get::<_, String>(3)?),
            ))
        })
        .optional()?)
}

/// One appeal's events, oldest first.
pub(crate) fn for_appeal(conn: &Connection, appeal_id: i64) -> Result<Vec<EventRecord>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM events WHERE appeal_id = ?1 ORDER BY id"
    ))?;
    let rows = stmt
        .query_map([appeal_id], from_row)?
        .collect::<sql::Result<Vec<_>>>()?;
    Ok(rows)
}

/// How many events store each action text, as stored (`check` looks for any that is not an
/// [`EventAction`] code).
pub(crate) fn action_counts(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare("SELECT action, count(*) FROM events GROUP BY action")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<sql::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Walks the whole chain in id order; returns the id of the first event whose hash or link is wrong.
/// In keyset batches (`store::walk`): memory stays bounded on PostgreSQL whatever the chain's
/// length.
pub(crate) fn verify_chain(conn: &Connection) -> Result<Option<i64>> {
    let mut prev = GENESIS.to_string();
    let mut broken = None;
    walk::by_id(conn, &format!("SELECT {COLS} FROM events"), |r| {
        let id: i64 = r.get(0)?;
        let prev_hash: String = r.get(11)?;
        let hash: String = r.get(12)?;
        let expect = compute_hash(
            &prev,
            id,
            r.get(1)?,
            &r.get::<_, String>(2)?,
            r.get(3)?,
            &r.get::<_, String>(4)?,
            r.get::<_, Option<String>>(5)?.as_deref(),
            &r.get::<_, String>(6)?,
            r.get::<_, Option<String>>(7)?.as_deref(),
            &r.get::<_, String>(8)?,
            r.get(9)?,
            r.get::<_, Option<String>>(10)?.as_deref(),
        );
        if prev_hash != prev || hash != expect {
            broken = Some(id);
            return Ok(false);
        }
        prev = hash;
        Ok(true)
    })?;
    Ok(broken)
}

/// Visits every event in (appeal, id) order, for replay checks over the whole file; in keyset
/// batches, as [`verify_chain`] walks.
pub(crate) fn for_each_by_appeal(
    conn: &Connection,
    mut f: impl FnMut(EventRecord) -> Result<()>,
) -> Result<()> {
    walk::by_pair(
        conn,
        &format!("SELECT {COLS} FROM events"),
        [("appeal_id", 1), ("id", 0)],
        |r| {
            f(from_row(r)?)?;
            Ok(true)
        },
    )
}
