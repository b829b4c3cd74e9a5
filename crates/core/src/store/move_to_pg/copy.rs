//! The copy itself, inside the move's transaction: the target made ready (the stage-span trigger
//! off, the shipped calendar cleared, the secondary indexes dropped), each table streamed from the
//! source with a binary COPY, the search rows built from the moved appeals, then the indexes built
//! once, the trigger on again and the identities set past the copied ids.

use super::plan::Table;
use crate::error::{CoreError, Result};
use crate::store::bulk::pg::{Cell, copy_search, pg_err};
use crate::store::bulk::pg_mode::{drop_secondary_indexes, set_identities};
use crate::store::search::{self, NewEntry};
use crate::store::sql::Connection;
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::{ToSql, Type};

/// The stage-span trigger, off while the copied runs arrive (see the module docs of `move_to_pg`).
const SPAN_TRIGGER: &str = "events_stage_spans";

/// Appeals per COPY of search rows.
const SEARCH_CHUNK: usize = 5_000;

/// Makes the target ready for the copy: the stage-span trigger off, the shipped calendar (which
/// the source's replaces) cleared, the secondary indexes dropped; answers their definitions.
pub(super) fn prepare(client: &mut postgres::Client) -> Result<Vec<String>> {
    client
        .batch_execute(&format!(
            "ALTER TABLE events DISABLE TRIGGER {SPAN_TRIGGER};
             DELETE FROM calendar_days; DELETE FROM calendar_years;"
        ))
        .map_err(pg_err)?;
    drop_secondary_indexes(client, None, &[])
}

/// Ends the copy: the `indexes` built again, the stage-span trigger on, the identities set past
/// the copied ids.
pub(super) fn finish(client: &mut postgres::Client, indexes: &[String]) -> Result<()> {
    for def in indexes {
        client.batch_execute(def).map_err(pg_err)?;
    }
    client
        .batch_execute(&format!(
            "ALTER TABLE events ENABLE TRIGGER {SPAN_TRIGGER};"
        ))
        .map_err(pg_err)?;
    set_identities(client)
}

/// Copies one table's rows from the source in rowid order (key order for a table without
/// rowid); answers how many.
pub(super) fn copy_table(
    source: &Connection,
    client: &mut postgres::Client,
    t: &Table,
) -> Result<i64> {
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
pub(super) fn write_search_rows(source: &Connection, target: &Connection) -> Result<i64> {
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
