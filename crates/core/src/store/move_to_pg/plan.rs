//! What a move starts from and goes to, before anything is written: the source file opened
//! read-only at this program's schema version, the target refused unless it holds no office data,
//! the target's tables in the order they can be copied (parents before children, from its foreign
//! keys), and the source's columns checked against them.

use crate::error::{CoreError, Result};
use crate::store::bulk::pg::pg_err;
use crate::store::sql::Connection;
use crate::store::{Store, copy, db};
use postgres::types::Type;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

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

/// The source file, read-only, at this program's schema version.
pub(super) fn open_source(from: &Path) -> Result<Connection> {
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
pub(super) fn refuse_unless_empty(target: &Store) -> Result<()> {
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
pub(super) struct Table {
    pub(super) name: String,
    pub(super) columns: Vec<(String, Type)>,
}

/// The target's tables to copy, parents before children, each with its columns.
pub(super) fn tables(conn: &Connection) -> Result<Vec<Table>> {
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
pub(super) fn check_columns(source: &Connection, tables: &[Table]) -> Result<()> {
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
