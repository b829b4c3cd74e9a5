//! Moving a whole SQLite office into an empty PostgreSQL database (`minyi-server migrate-store`,
//! docs/decisions/0014-postgresql.md §2.3 and §4): the way a desk's or a small office's file
//! becomes a city's server database.
//!
//! Why it is shaped as it is (rehearsed by `docs/decisions/0014/schema_draft.py` on the
//! 200,000-appeal demo: 4.4 million rows in 148 s):
//!
//! * **One transaction, all or nothing.** Every row is copied, the search rows built, the
//!   indexes rebuilt, the identities set, the counts compared, the three hash chains verified and
//!   `check` run inside one transaction under the office's write lock; only a clean result is
//!   committed. A move that fails, is interrupted or loses its connection half-way leaves the
//!   target exactly as it was before: migrated, with no office data — so it can simply be run
//!   again.
//! * **Only into an empty database.** A database that holds any office data (users, appeals,
//!   settings, …: anything but the schema and the shipped calendar that opening it writes) is
//!   refused before anything is written: two offices are never merged.
//! * **`COPY … FROM STDIN (FORMAT binary)`, table by table, parents before children** (the order
//!   comes from the target's foreign keys), rows in SQLite's rowid order so that
//!   `appeals.merged_into` points backwards. Values travel as they are stored — text byte for
//!   byte, so the event and log hashes, which cover the stored text, still verify. Secondary
//!   indexes (the trigram GIN indexes above all) are dropped first and built once at the end: a
//!   sort instead of millions of index insertions.
//! * **What is derived is not copied but rebuilt or kept consistent**: the FTS5 index is
//!   SQLite's own; the PostgreSQL search rows (`appeal_search`) are made from the moved appeals
//!   as the search module makes them (its pairs) and copied like the rest. The stage-span trigger is off during the copy (the runs
//!   are copied as they are; the trigger would derive them a second time). Identities are set
//!   past the copied ids, so the next registration gets the next id.
//! * **Verified with the program's own code**, not trusted: the chains with the Rust verifiers of
//!   `events` and `security_log` (the hashes are computed in Rust on both stores, §3.3), every
//!   table's count against the source, then the integrity check of a copy (`check`).
//!
//! The source is opened read-only and never changed. Attachments are files beside the database,
//! not rows: the caller says where they are to be copied.

use crate::check::{self, CheckReport};
use crate::error::{CoreError, Result};
use crate::store::bulk::pg::{Cell, copy_search, pg_err, set_identities};
use crate::store::search::{self, NewEntry};
use crate::store::sql::{self, Connection};
use crate::store::{Store, copy, db, events, security_log};
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::{ToSql, Type};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Instant;

/// Tables opening a database writes by itself (the schema's version, the shipped calendar and its
/// revision): not office data, so they do not make a target "not empty". The calendar tables are
/// replaced by the source's; the revision row stays the target's.
const OPENING_TABLES: &[&str] = &[
    "schema_version",
    "calendar_days",
    "calendar_years",
    "calendar_revision",
];

/// Tables of the PostgreSQL schema that have no SQLite counterpart: built, not copied.
const DERIVED_TABLES: &[&str] = &["appeal_search"];

/// The stage-span trigger, off while the copied runs arrive (see the module docs).
const SPAN_TRIGGER: &str = "events_stage_spans";

/// Appeals per COPY of search rows.
const SEARCH_CHUNK: usize = 5_000;

/// What a move did.
#[derive(Debug, Clone)]
pub struct MoveReport {
    /// Every copied table and its rows, in the order they were copied.
    pub tables: Vec<(String, i64)>,
    /// All rows copied.
    pub rows: i64,
    /// Search rows written (one per appeal).
    pub search_rows: i64,
    /// The integrity check of the moved office (clean, or the move was not committed).
    pub check: CheckReport,
    /// Seconds the whole move took.
    pub seconds: f64,
}

/// A step of the move, for a progress line: the table being copied (or `""` for the steps
/// after the copy) and the rows done so far in all.
pub type Progress<'a> = &'a mut dyn FnMut(MoveStep<'_>);

/// Where a move is.
#[derive(Debug, Clone, Copy)]
pub enum MoveStep<'a> {
    /// A table was copied (its name, its rows).
    Copied(&'a str, i64),
    /// The search rows are being written.
    Search,
    /// The indexes are being built again.
    Indexes,
    /// The counts, chains and `check` are being verified.
    Verifying,
}

/// Moves the SQLite office at `from` into the PostgreSQL database at `url`, which must hold no
/// office data (it is migrated first if new). `dir` is the data folder of the server that will
/// open the database. See the module documentation for what is checked.
pub fn sqlite_to_pg(
    from: &Path,
    url: &str,
    dir: &Path,
    progress: Progress<'_>,
) -> Result<MoveReport> {
    let started = Instant::now();
    let source = open_source(from)?;
    let target = Store::open_url(url, dir)?;
    refuse_unless_empty(&target)?;
    let tables = tables(target.conn())?;
    check_columns(&source, &tables)?;
    for (name, broken) in [
        ("事件日志", events::verify_chain(&source)?),
        ("安全日志", security_log::verify_security_chain(&source)?),
        (
            "个人信息访问记录",
            security_log::verify_access_chain(&source)?,
        ),
    ] {
        if let Some(id) = broken {
            return Err(CoreError::conflict(format!(
                "原数据库的{name}在第{id}条处校验失败，未迁移任何数据。请先在原系统中运行 check 查明原因。"
            )));
        }
    }

    let conn = target.conn();
    let tx = sql::begin_write(conn).map_err(|e| moved_nothing(&e.into()))?;
    let mut run = || -> Result<MoveReport> {
        let pg = conn
            .pg()
            .ok_or_else(|| CoreError::storage("迁移的目标必须是 PostgreSQL 数据库。"))?;
        let indexes = {
            let mut client = pg.client();
            client
                .batch_execute(&format!(
                    "ALTER TABLE events DISABLE TRIGGER {SPAN_TRIGGER};
                 DELETE FROM calendar_days; DELETE FROM calendar_years;"
                ))
                .map_err(pg_err)?;
            drop_secondary_indexes(&mut client)?
        };
        let mut copied = Vec::with_capacity(tables.len());
        let mut rows = 0i64;
        for t in &tables {
            let n = copy_table(&source, &mut pg.client(), t)?;
            rows += n;
            progress(MoveStep::Copied(&t.name, n));
            copied.push((t.name.clone(), n));
        }
        progress(MoveStep::Search);
        let search_rows = write_search_rows(&source, conn)?;
        progress(MoveStep::Indexes);
        {
            let mut client = pg.client();
            for def in &indexes {
                client.batch_execute(def).map_err(pg_err)?;
            }
            client
                .batch_execute(&format!(
                    "ALTER TABLE events ENABLE TRIGGER {SPAN_TRIGGER};"
                ))
                .map_err(pg_err)?;
            set_identities(&mut client)?;
        }
        progress(MoveStep::Verifying);
        compare_counts(&source, conn, &copied)?;
        for (name, broken) in [
            ("事件日志", events::verify_chain(conn)?),
            ("安全日志", security_log::verify_security_chain(conn)?),
            ("个人信息访问记录", security_log::verify_access_chain(conn)?),
        ] {
            if let Some(id) = broken {
                return Err(CoreError::storage(format!(
                    "迁移后的{name}在第{id}条处校验失败，迁移已撤销，目标数据库未被改动。请联系技术支持。"
                )));
            }
        }
        let check = check::check_copy(&target)?;
        if !check.ok() {
            return Err(CoreError::storage(format!(
                "迁移后的完整性检查发现问题，迁移已撤销，目标数据库未被改动：{}",
                check.problems.join("；")
            )));
        }
        Ok(MoveReport {
            tables: copied,
            rows,
            search_rows,
            check,
            seconds: 0.0,
        })
    };
    let mut report = match run() {
        Ok(r) => r,
        Err(e) => {
            drop(tx);
            return Err(moved_nothing(&e));
        }
    };
    tx.commit().map_err(|e| moved_nothing(&e.into()))?;
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// A failure during the move, said so that the user knows the target was left as it was.
fn moved_nothing(e: &CoreError) -> CoreError {
    if e.message.contains("未被改动") || e.message.contains("未迁移") {
        return e.clone();
    }
    CoreError {
        message: format!(
            "{}（迁移已撤销，目标数据库未被改动，可在排除问题后重新运行。）",
            e.message
        ),
        ..e.clone()
    }
}

/// The source file, read-only, at this program's schema version.
fn open_source(from: &Path) -> Result<Connection> {
    let raw = copy::open_read_only(from)?;
    let version: i64 = raw
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|_| CoreError::storage("该文件不是民意诉求管理系统的数据库，或文件已损坏。"))?;
    let target = db::schema_version();
    if version != target {
        return Err(CoreError::conflict(if version < target {
            format!(
                "原数据库的版本（{version}）低于本程序的版本（{target}）。请先用本程序打开一次原数据库（例如运行 minyi-cli check）完成升级，再迁移。"
            )
        } else {
            db::newer_database(version, target).message
        }));
    }
    Ok(Connection::from(raw))
}

/// Refuses a target that holds any office data.
fn refuse_unless_empty(target: &Store) -> Result<()> {
    let conn = target.conn();
    for t in tables(conn)? {
        if OPENING_TABLES.contains(&t.name.as_str()) {
            continue;
        }
        let any: bool = conn.query_row(
            &format!("SELECT EXISTS (SELECT 1 FROM {})", t.name),
            [],
            |r| r.get(0),
        )?;
        if any {
            return Err(CoreError::conflict(format!(
                "目标数据库中已有数据（数据表 {} 不是空的），迁移只能写入一个新建的空数据库，以免两个单位的数据混在一起。目标数据库未被改动；请按部署说明新建一个空数据库后重试。",
                t.name
            )));
        }
    }
    Ok(())
}

/// A table of the target and its columns (name, PostgreSQL type).
struct Table {
    name: String,
    columns: Vec<(String, Type)>,
}

/// The target's tables to copy, parents before children, each with its columns.
fn tables(conn: &Connection) -> Result<Vec<Table>> {
    let pg = conn
        .pg()
        .ok_or_else(|| CoreError::storage("迁移的目标必须是 PostgreSQL 数据库。"))?;
    let mut client = pg.client();
    let mut columns: BTreeMap<String, Vec<(String, Type)>> = BTreeMap::new();
    for r in client
        .query(
            "SELECT c.relname::text, a.attname::text, a.atttypid
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
         WHERE n.nspname = current_schema() AND c.relkind = 'r'
         ORDER BY c.relname, a.attnum",
            &[],
        )
        .map_err(pg_err)?
    {
        let oid: u32 = r.get(2);
        let ty = Type::from_oid(oid).unwrap_or(Type::UNKNOWN);
        columns.entry(r.get(0)).or_default().push((r.get(1), ty));
    }
    let mut parents: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in client
        .query(
            "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text
         FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
         WHERE c.contype = 'f' AND n.nspname = current_schema()",
            &[],
        )
        .map_err(pg_err)?
    {
        let (child, parent): (String, String) = (r.get(0), r.get(1));
        if child != parent {
            parents.entry(child).or_default().insert(parent);
        }
    }
    let skip =
        |t: &str| t == "schema_version" || t == "calendar_revision" || DERIVED_TABLES.contains(&t);
    let mut order: Vec<Table> = Vec::new();
    let mut done: BTreeSet<String> = BTreeSet::new();
    while done.len() < columns.len() {
        let before = done.len();
        for (name, cols) in &columns {
            if done.contains(name) {
                continue;
            }
            if parents
                .get(name)
                .is_some_and(|p| p.iter().any(|p| !done.contains(p)))
            {
                continue;
            }
            done.insert(name.clone());
            if !skip(name) {
                order.push(Table {
                    name: name.clone(),
                    columns: cols.clone(),
                });
            }
        }
        if done.len() == before {
            return Err(CoreError::storage(
                "目标数据库的外键关系有循环，无法确定迁移顺序。请确认目标是按部署说明新建的数据库。",
            ));
        }
    }
    Ok(order)
}

/// Refuses a source whose tables lack a column the target has (a schema this program does not
/// know, despite the version).
fn check_columns(source: &Connection, tables: &[Table]) -> Result<()> {
    let raw = source.sqlite_only("迁移")?;
    for t in tables {
        let mut st = raw.prepare("SELECT name FROM pragma_table_info(?1)")?;
        let have: BTreeSet<String> = st
            .query_map([&t.name], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if let Some((missing, _)) = t.columns.iter().find(|(c, _)| !have.contains(c)) {
            return Err(CoreError::conflict(format!(
                "原数据库的数据表 {} 缺少字段 {missing}，与本程序的数据库结构不一致，未迁移任何数据。",
                t.name
            )));
        }
    }
    Ok(())
}

/// The secondary indexes of the schema (those not backing a primary key or a unique
/// constraint), dropped; answers their definitions to build them again.
fn drop_secondary_indexes(client: &mut postgres::Client) -> Result<Vec<String>> {
    let rows = client
        .query(
            "SELECT ci.relname::text, pg_get_indexdef(i.indexrelid)
         FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid
         JOIN pg_namespace n ON n.oid = ci.relnamespace
         WHERE n.nspname = current_schema()
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
         ORDER BY ci.relname",
            &[],
        )
        .map_err(pg_err)?;
    let mut defs = Vec::with_capacity(rows.len());
    for r in rows {
        let name: String = r.get(0);
        client
            .batch_execute(&format!("DROP INDEX \"{name}\""))
            .map_err(pg_err)?;
        defs.push(r.get::<_, String>(1));
    }
    Ok(defs)
}

/// Copies one table's rows from the source in rowid order (key order for a table without
/// rowid); answers how many.
fn copy_table(source: &Connection, client: &mut postgres::Client, t: &Table) -> Result<i64> {
    let raw = source.sqlite_only("迁移")?;
    let without_rowid: bool = raw.query_row(
        "SELECT EXISTS (SELECT 1 FROM pragma_table_list WHERE name = ?1 AND wr = 1)",
        [&t.name],
        |r| r.get(0),
    )?;
    let cols = t
        .columns
        .iter()
        .map(|(c, _)| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let order = if without_rowid { "" } else { " ORDER BY rowid" };
    let mut st = raw.prepare(&format!("SELECT {cols} FROM \"{}\"{order}", t.name))?;
    let types: Vec<Type> = t.columns.iter().map(|(_, ty)| ty.clone()).collect();
    let sink = client
        .copy_in(&format!(
            "COPY \"{}\" ({cols}) FROM STDIN (FORMAT binary)",
            t.name
        ))
        .map_err(pg_err)?;
    let mut writer = BinaryCopyInWriter::new(sink, &types);
    let mut rows = st.query([])?;
    let mut n = 0i64;
    let mut cells: Vec<Cell> = Vec::with_capacity(types.len());
    while let Some(r) = rows.next()? {
        cells.clear();
        for (i, (col, ty)) in t.columns.iter().enumerate() {
            use rusqlite::types::ValueRef;
            let cell = match r.get_ref(i)? {
                ValueRef::Null => Cell::Null,
                ValueRef::Integer(v) => Cell::Integer(v),
                ValueRef::Real(v) => Cell::Real(v),
                ValueRef::Text(b) => Cell::Text(String::from_utf8(b.to_vec()).map_err(|_| {
                    CoreError::storage(format!(
                        "原数据库的数据表 {} 字段 {col} 中有不是 UTF-8 的文字，未迁移任何数据。",
                        t.name
                    ))
                })?),
                ValueRef::Blob(b) => Cell::Blob(b.to_vec()),
            };
            if !cell.fits(ty) {
                return Err(CoreError::storage(format!(
                    "原数据库的数据表 {} 字段 {col} 中有类型不符的值（{cell:?}，目标为 {ty}），未迁移任何数据。请先运行 check 查明原因。",
                    t.name
                )));
            }
            cells.push(cell);
        }
        let refs: Vec<&(dyn ToSql + Sync)> = cells.iter().map(|c| c as _).collect();
        writer.write(&refs).map_err(pg_err)?;
        n += 1;
    }
    writer.finish().map_err(pg_err)?;
    Ok(n)
}

/// Writes the PostgreSQL search rows of every moved appeal (as the search module makes them), from
/// the source's columns: subject, content, the appellant's address, every number.
fn write_search_rows(source: &Connection, target: &Connection) -> Result<i64> {
    let pg = target
        .pg()
        .ok_or_else(|| CoreError::storage("迁移的目标必须是 PostgreSQL 数据库。"))?;
    let mut st = source.prepare(
        "SELECT a.id, a.reg_number, a.subject, a.content, coalesce(p.address, '')
         FROM appeals a JOIN appellants p ON p.id = a.appellant_id ORDER BY a.id",
    )?;
    let mut rows = st.query([])?;
    let mut batch: Vec<NewEntry> = Vec::with_capacity(SEARCH_CHUNK);
    let mut n = 0i64;
    while let Some(r) = rows.next()? {
        let appeal_id: i64 = r.get(0)?;
        let reg: String = r.get(1)?;
        batch.push(NewEntry {
            appeal_id,
            numbers: search::numbers(source, appeal_id, &reg)?,
            subject: r.get(2)?,
            content: r.get(3)?,
            address: r.get(4)?,
        });
        if batch.len() >= SEARCH_CHUNK {
            n += batch.len() as i64;
            copy_search(&mut pg.client(), std::mem::take(&mut batch))?;
        }
    }
    n += batch.len() as i64;
    copy_search(&mut pg.client(), batch)?;
    Ok(n)
}

/// Every copied table holds as many rows as the source's.
fn compare_counts(
    source: &Connection,
    target: &Connection,
    copied: &[(String, i64)],
) -> Result<()> {
    for (table, moved) in copied {
        let sql = format!("SELECT count(*) FROM \"{table}\"");
        let have: i64 = source.query_row(&sql, [], |r| r.get(0))?;
        let got: i64 = target.query_row(&sql, [], |r| r.get(0))?;
        if have != got || have != *moved {
            return Err(CoreError::storage(format!(
                "数据表 {table} 迁移后的行数（{got}）与原数据库（{have}）不一致，迁移已撤销，目标数据库未被改动。"
            )));
        }
    }
    Ok(())
}
