//! Integrity check of a database file (`minyi-cli check`): SQLite's own checks, the event hash
//! chain, the security log's and the access log's chains, every event's action one this program knows, replay of every appeal's events against its
//! row, gapless unique archive numbers, and due dates never before their stage start. Problems are
//! described in Chinese without personal data.
//!
//! A clean check records the three chains' heads in a file beside the database
//! (`minyi.db.heads.json`); the next check finds them still in the chains, or reports that the
//! file was replaced, truncated or rewritten as a whole (which a chain alone cannot show: a
//! rewritten chain is consistent). [`quick_check`] is the cheap form run at start.
//!
//! On PostgreSQL the same checks run through the shared SQL — the chains are walked and every
//! hash recomputed in Rust, as on SQLite (decision 0014, §3.3) — but for SQLite's file checks
//! (`integrity_check`, `foreign_key_check`: PostgreSQL keeps its own structures and enforces the
//! foreign keys as it writes), which are replaced by a check that the append-only triggers are
//! there and enabled (the database's owner can switch them off; the office's role cannot). The
//! heads are recorded in the data folder (`postgres.heads.json`), the folder the office's
//! processes share; a PostgreSQL office makes no backups of its own (its database is backed up with
//! PostgreSQL's tools), so there are no backups' heads to compare.
//!
//! The check runs in one read snapshot (SQLite's deferred transaction, PostgreSQL's REPEATABLE
//! READ), and walks the chains and every appeal's events in keyset batches (`store::walk`): on
//! PostgreSQL, whose statements are fetched whole, one pass held every event in memory. The
//! snapshot keeps the batches one view of the database, as SQLite's single statement was.
//!
//! This module holds the rules and their sentences; the SQL they run is the store's
//! (`store::consistency`, the chain walks of `events` and `security_log`, `store::pg::guards`).

use crate::error::Result;
use crate::lifecycle;
use crate::model::{EventAction, clip};
use crate::store::sql;
use crate::store::{Store, appeals, consistency, db, events, fts_backlog, security_log};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The outcome of a check; `problems` is empty when all is well.
#[derive(
    Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema,
)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct CheckReport {
    pub appeals: i64,
    pub events: i64,
    pub problems: Vec<String>,
}

impl CheckReport {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

const MAX_PROBLEMS: usize = 100;

/// The check as a signed-in user asks for it: the administrator's, who keeps the backups (the
/// local command line holds the file itself and calls [`check`]).
pub fn check_for(store: &Store, actor: &crate::model::Actor) -> Result<CheckReport> {
    crate::access::authorize(actor, crate::access::Action::Backup, None)?;
    check(store)
}

/// Runs every check of an office's database: its own consistency, and that the chain heads
/// recorded beside it at the last clean check and in its backups are still in its chains (the
/// heads of this clean check are then recorded beside it).
pub fn check(store: &Store) -> Result<CheckReport> {
    check_as(store, Whose::Office)
}

/// The check of a copy (a new backup, a backup to restore): its own consistency only. The
/// office's anchors are not the copy's: an older backup's chains do not reach a later backup's
/// heads, and nothing is written beside it.
pub(crate) fn check_copy(store: &Store) -> Result<CheckReport> {
    check_as(store, Whose::Copy)
}

#[derive(PartialEq)]
enum Whose {
    Office,
    Copy,
}

fn check_as(store: &Store, whose: Whose) -> Result<CheckReport> {
    let conn = store.conn();
    // One snapshot for every statement of the check: the whole-table walks run in batches, each a
    // statement of its own (`store::walk`), and a write landing between two batches (or between
    // an appeal's events and its row) must not look like damage. Inside a caller's transaction
    // (`migrate-store` checks the moved office in its own) that transaction is the snapshot.
    let snapshot = if conn.is_autocommit() {
        Some(sql::begin_read(conn)?)
    } else {
        None
    };
    let r = checked(store, conn, whose)?;
    if let Some(tx) = snapshot {
        tx.rollback()?;
    }
    Ok(r)
}

/// The checks of [`check_as`], inside its snapshot.
fn checked(store: &Store, conn: &sql::Connection, whose: Whose) -> Result<CheckReport> {
    let (appeals, events) = consistency::sizes(conn)?;
    let mut r = CheckReport {
        appeals,
        events,
        problems: Vec::new(),
    };
    r.problems.extend(db::file_problems(conn)?);
    r.problems.extend(trigger_problems(conn)?);
    r.problems.extend(chain_problems(conn)?);
    // The heads anchored beside the file at the last clean check and in the backups must still be
    // in the chains: rewriting the whole file (or truncating a log) consistently is found here.
    if whose == Whose::Office {
        r.problems.extend(anchored_problems(store)?);
    }
    r.problems.extend(replay_problems(conn)?);
    r.problems.extend(numbering_problems(conn)?);
    r.problems.extend(row_problems(conn, r.appeals)?);
    r.problems.truncate(MAX_PROBLEMS);
    // The heads recorded are those of the snapshot just checked.
    if r.ok() && whose == Whose::Office {
        write_anchor(store)?;
    }
    Ok(r)
}

/// The three hash chains, each walked from its start.
fn chain_problems(conn: &sql::Connection) -> Result<Vec<String>> {
    let broken = [
        ("事件日志", events::verify_chain(conn)?),
        ("安全日志", security_log::verify_security_chain(conn)?),
        ("个人信息访问记录", security_log::verify_access_chain(conn)?),
    ];
    Ok(broken
        .into_iter()
        .filter_map(|(name, id)| {
            id.map(|id| format!("{name}在第{id}条处校验失败：记录被改动或删除过。"))
        })
        .collect())
}

/// Every stored action is one this program knows (the timeline, assessment and the stage rule
/// read them as [`EventAction`]s), and each appeal's events, folded, give its row.
fn replay_problems(conn: &sql::Connection) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for (action, n) in events::action_counts(conn)? {
        if EventAction::from_code(&action).is_none() {
            out.push(format!(
                "有{n}条事件记录的事件类型“{}”无法识别。",
                clip(&action)
            ));
        }
    }
    let mut current: Option<i64> = None;
    let mut payloads: Vec<Value> = Vec::new();
    let mut last_to: Option<String> = None;
    let finish = |id: i64,
                  payloads: &[Value],
                  last_to: &Option<String>,
                  out: &mut Vec<String>|
     -> Result<()> {
        let a = appeals::get(conn, id)?;
        let replayed = lifecycle::replay(payloads.iter());
        let stored = lifecycle::tracked(&a);
        if replayed != stored || last_to.as_deref() != Some(a.status.code()) {
            out.push(format!(
                "诉求 {} 的当前状态与其事件记录不一致。",
                a.reg_number
            ));
        }
        Ok(())
    };
    events::for_each_by_appeal(conn, |e| {
        if current != Some(e.appeal_id) {
            if let Some(id) = current {
                finish(id, &payloads, &last_to, &mut out)?;
            }
            current = Some(e.appeal_id);
            payloads.clear();
        }
        last_to = Some(e.to_status.code().to_string());
        payloads.push(e.payload);
        Ok(())
    })?;
    if let Some(id) = current {
        finish(id, &payloads, &last_to, &mut out)?;
    }
    let without_events = consistency::appeals_without_events(conn)?;
    if without_events > 0 {
        out.push(format!("有{without_events}条诉求没有任何事件记录。"));
    }
    Ok(out)
}

/// Archive numbers: per (category, year) the sequence is exactly 1..=n and matches its counter,
/// and each appeal's current number is the one the register holds for it.
fn numbering_problems(conn: &sql::Connection) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for g in consistency::archive_sequences(conn)? {
        let (cat, year, n, min, max, distinct) =
            (g.category, g.year, g.count, g.min, g.max, g.distinct);
        let code = crate::model::Category::from_db(&cat).archive_code();
        if min != 1 || max != n || distinct != n {
            out.push(format!(
                "{code}-{year} 的归档编号不连续或有重复（共{n}个，最大序号{max}）。"
            ));
        }
        let counter = crate::store::counters::current(conn, &format!("archive:{code}:{year}"))?;
        if counter != max {
            out.push(format!(
                "{code}-{year} 的编号计数器（{counter}）与已发编号（{max}）不一致。"
            ));
        }
    }
    let current_mismatch = consistency::unregistered_archive_numbers(conn)?;
    if current_mismatch > 0 {
        out.push(format!(
            "有{current_mismatch}条诉求的归档编号与编号登记表不符。"
        ));
    }
    Ok(out)
}

/// Rows consistent in themselves: no due date before its stage started, and every one of the
/// `appeals` in the search index or waiting for it in the backlog.
fn row_problems(conn: &sql::Connection, appeals: i64) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let bad_due = consistency::due_before_stage_start(conn)?;
    if bad_due > 0 {
        out.push(format!("有{bad_due}条诉求的办理期限早于阶段开始日期。"));
    }
    let fts = fts_backlog::searchable(conn);
    if let Some(fts) = fts.filter(|&n| n != appeals) {
        out.push(format!(
            "全文检索索引条数（{fts}）与诉求条数（{appeals}）不一致，请重建索引。"
        ));
    }
    Ok(out)
}

/// The file that keeps the chain heads of the last clean check: beside an SQLite database
/// (`minyi.db.heads.json`; `None` for one in memory), in the data folder of a PostgreSQL one.
fn anchor_path(store: &Store) -> Option<std::path::PathBuf> {
    let conn = store.conn();
    if conn.pg().is_some() {
        return Some(store.dir().join(PG_ANCHOR));
    }
    conn.path()
        .filter(|p| !p.is_empty())
        .map(|p| std::path::PathBuf::from(format!("{p}.heads.json")))
}

/// The name of a PostgreSQL office's heads file in its data folder.
pub const PG_ANCHOR: &str = "postgres.heads.json";

/// The append-only triggers of the three logs (and their TRUNCATE guards), which PostgreSQL's
/// baseline creates: missing or disabled ones are reported (the owner of the tables can switch
/// them off; a chain check then still finds an edited row, this says how it became possible).
/// Nothing on SQLite, whose triggers cannot be disabled, only dropped — and a dropped one is
/// the file's holder's act, which the chains and anchors show.
fn trigger_problems(conn: &sql::Connection) -> Result<Vec<String>> {
    if conn.pg().is_none() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for (table, name) in CHAINS {
        if !crate::store::pg::guards::chain_guarded(conn, table)? {
            out.push(format!(
                "{name}的防篡改触发器缺失或被停用：记录可能被改动或删除过，请由数据库管理员恢复。"
            ));
        }
    }
    Ok(out)
}

/// The chains, their tables and their Chinese names.
const CHAINS: [(&str, &str); 3] = [
    ("events", "事件日志"),
    ("security_log", "安全日志"),
    ("access_log", "个人信息访问记录"),
];

/// The heads recorded outside the database that its chains no longer hold: those of the last
/// clean check (beside the file), and those of every backup made since the last restore (a
/// restore puts an earlier office back, which later backups are not part of).
fn anchored_problems(store: &Store) -> Result<Vec<String>> {
    let conn = store.conn();
    let Some(path) = anchor_path(store) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    if let Ok(text) = std::fs::read_to_string(&path) {
        match serde_json::from_str::<security_log::Heads>(&text) {
            Ok(h) => out.extend(unheld(conn, &h, "上次检查时记下的校验点")?),
            Err(_) => out.push("记录校验点的文件（.heads.json）无法读取，可能被改动过。".into()),
        }
    }
    if conn.pg().is_some() {
        return Ok(out);
    }
    let db_path = std::path::PathBuf::from(conn.path().unwrap_or_default());
    let folder = crate::backup::folder_of(store, &db_path)?;
    let restored = security_log::last_at(conn, crate::model::SecurityAction::Restore)?;
    for b in crate::backup::list(&folder)? {
        let made = crate::time::parse_ts(&b.created_at);
        if restored.is_some_and(|r| made.is_none_or(|m| m <= r)) {
            continue;
        }
        out.extend(unheld(
            conn,
            &b.heads(),
            &format!("备份 {} 记下的校验点", b.name),
        )?);
    }
    Ok(out)
}

/// The chains that no longer hold the recorded heads `h` (recorded by `whom`).
fn unheld(conn: &sql::Connection, h: &security_log::Heads, whom: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for ((table, name), head) in CHAINS.iter().zip([&h.events, &h.security, &h.access]) {
        if !security_log::holds(conn, table, head)? {
            out.push(format!(
                "{name}与{whom}（第{}条）不符：数据库文件可能被整体替换、截断或改写过。",
                head.0
            ));
        }
    }
    Ok(out)
}

/// Records the current heads beside the file (after a clean check). A file that cannot be
/// written (read-only folder) is skipped: the check itself stands.
fn write_anchor(store: &Store) -> Result<()> {
    if let Some(path) = anchor_path(store) {
        let heads = security_log::heads(store.conn())?;
        if let Ok(text) = serde_json::to_string_pretty(&heads) {
            let tmp = path.with_extension("json.tmp");
            if std::fs::write(&tmp, text).is_ok() {
                let _ = std::fs::rename(&tmp, &path);
            }
        }
    }
    Ok(())
}

/// The quick form of the chain checks, run when the program opens a database: the links of the
/// last rows of each chain and the anchored heads (the full walk of every hash is [`check`]'s).
/// Answers the problems, in Chinese; administrators see them on the workbench.
pub fn quick_check(store: &Store) -> Result<Vec<String>> {
    const TAIL: i64 = 500;
    let conn = store.conn();
    let mut out = Vec::new();
    for (table, name) in CHAINS {
        if let Some(id) = security_log::verify_tail(conn, table, TAIL)? {
            out.push(format!(
                "{name}在第{id}条处校验失败：记录被改动或删除过。请运行完整性检查。"
            ));
        }
    }
    out.extend(anchored_problems(store)?);
    Ok(out)
}
