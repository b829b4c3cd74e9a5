//! Binary `COPY … FROM STDIN` as the store writes it: [`Cell`], one value of a copied row in the
//! encoding the table functions bind, and [`copy_in`], which streams rows of cells into a table.
//! The bulk loader's batches (`bulk::pg`) and the move from SQLite (`move_to_pg`) both copy
//! through it.

use crate::error::{CoreError, Result};
use crate::store::sql::{self, types::Value};
use bytes::{BufMut, BytesMut};
use postgres::types::{IsNull, ToSql, Type, to_sql_checked};

/// A PostgreSQL error of the client used directly (COPY, the catalog), as the layer reports it.
pub(crate) fn pg_err(e: postgres::Error) -> CoreError {
    sql::Error::from(e).into()
}

/// One value on its way into a binary COPY.
pub(crate) enum Cell {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
    /// A `text[]` of two-character strings (the search rows' pairs, `search::pg::char_pairs`).
    Pairs(Vec<(char, char)>),
}

impl std::fmt::Debug for Cell {
    // The kind only: values are personal data.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Cell::Null => "NULL",
            Cell::Integer(_) => "<integer>",
            Cell::Real(_) => "<real>",
            Cell::Text(_) => "<text>",
            Cell::Blob(_) => "<blob>",
            Cell::Pairs(_) => "<text[]>",
        })
    }
}

impl Cell {
    /// Whether the value can go into a column of type `ty` unchanged.
    pub(crate) fn fits(&self, ty: &Type) -> bool {
        matches!(
            (self, ty),
            (Cell::Null, _)
                | (Cell::Integer(_), &Type::INT8 | &Type::INT4)
                | (Cell::Real(_), &Type::FLOAT8)
                | (Cell::Text(_), &Type::TEXT)
                | (Cell::Blob(_), &Type::BYTEA)
        )
    }

    /// The value a rusqlite `ToSql` gives (the same encoding the table functions bind).
    pub(crate) fn of(v: &dyn sql::types::ToSql) -> Result<Self> {
        use sql::types::{ToSqlOutput, ValueRef};
        let value = match v.to_sql()? {
            ToSqlOutput::Borrowed(r) => match r {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(n) => Value::Integer(n),
                ValueRef::Real(x) => Value::Real(x),
                ValueRef::Text(t) => Value::Text(match std::str::from_utf8(t) {
                    Ok(s) => s.to_owned(),
                    Err(_) => String::from_utf8_lossy(t).into_owned(),
                }),
                ValueRef::Blob(b) => Value::Blob(b.to_vec()),
            },
            ToSqlOutput::Owned(v) => v,
            _ => return Err(CoreError::storage("批量写入遇到无法写入的数据类型。")),
        };
        Ok(match value {
            Value::Null => Cell::Null,
            Value::Integer(n) => Cell::Integer(n),
            Value::Real(x) => Cell::Real(x),
            Value::Text(s) => Cell::Text(s),
            Value::Blob(b) => Cell::Blob(b),
        })
    }
}

type BoxError = Box<dyn std::error::Error + Sync + Send>;

impl ToSql for Cell {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> std::result::Result<IsNull, BoxError> {
        match (self, ty) {
            (Cell::Null, _) => return Ok(IsNull::Yes),
            (Cell::Integer(n), &Type::INT8) => out.put_i64(*n),
            (Cell::Integer(n), &Type::INT4) => out.put_i32(i32::try_from(*n)?),
            (Cell::Real(x), &Type::FLOAT8) => out.put_f64(*x),
            (Cell::Text(s), &Type::TEXT) => out.put_slice(s.as_bytes()),
            (Cell::Blob(b), &Type::BYTEA) => out.put_slice(b),
            (Cell::Pairs(a), &Type::TEXT_ARRAY) => put_pairs(a, out)?,
            (cell, ty) => {
                return Err(format!("{cell:?} does not fit a column of type {ty}").into());
            }
        }
        Ok(IsNull::No)
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// Encodes pairs of characters as a one-dimensional `text[]` in PostgreSQL's binary format
/// (`array_send`: one dimension, no nulls, the element type, the dimension's length and lower
/// bound, then each element's length and bytes), byte for byte as postgres-types encodes a
/// `Vec<String>` (tested).
fn put_pairs(pairs: &[(char, char)], out: &mut BytesMut) -> std::result::Result<(), BoxError> {
    out.put_i32(1); // dimensions
    out.put_i32(0); // no nulls
    out.put_u32(Type::TEXT.oid());
    out.put_i32(i32::try_from(pairs.len())?);
    out.put_i32(1); // lower bound
    let mut utf8 = [0u8; 8];
    for (a, b) in pairs {
        let n = a.encode_utf8(&mut utf8[..4]).len();
        let m = b.encode_utf8(&mut utf8[n..]).len();
        out.put_i32(i32::try_from(n + m)?);
        out.put_slice(&utf8[..n + m]);
    }
    Ok(())
}

/// Streams `rows` into `table`'s `columns` (name and type) with one binary COPY.
///
/// The rows are encoded here (PostgreSQL's binary COPY format: a header, per row the field count
/// and each field's length and bytes, a trailer) and sent in pieces of [`COPY_PIECE`] bytes:
/// `BinaryCopyInWriter` hands every 4 KB to the connection's task and waits for it, thousands of
/// thread switches per batch that took a fifth of a million-appeal load's time.
pub(crate) fn copy_in(
    client: &mut postgres::Client,
    table: &str,
    columns: &[(&str, Type)],
    rows: impl IntoIterator<Item = Vec<Cell>>,
) -> Result<u64> {
    use std::io::Write;
    let names = columns
        .iter()
        .map(|(c, _)| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let mut sink = client
        .copy_in(&format!(
            "COPY \"{table}\" ({names}) FROM STDIN (FORMAT binary)"
        ))
        .map_err(pg_err)?;
    let mut buf = BytesMut::with_capacity(COPY_PIECE + 64 * 1024);
    buf.put_slice(b"PGCOPY\n\xff\r\n\0");
    buf.put_i32(0); // flags
    buf.put_i32(0); // header extension
    let field_count =
        i16::try_from(columns.len()).map_err(|_| CoreError::storage("批量写入的列数超出范围。"))?;
    // The pieces are only buffered and sent: an error here is the connection's (the server's
    // answer to the rows comes with `finish`).
    let written = |_| CoreError::storage("批量写入时与数据库的连接中断，请重试。");
    for row in rows {
        buf.put_i16(field_count);
        for (cell, (_, ty)) in row.iter().zip(columns) {
            let at = buf.len();
            buf.put_i32(0);
            let len = match cell.to_sql(ty, &mut buf) {
                Ok(IsNull::Yes) => -1,
                Ok(IsNull::No) => i32::try_from(buf.len() - at - 4)
                    .map_err(|_| CoreError::storage("批量写入的一个值太大。"))?,
                Err(e) => return Err(CoreError::storage(format!("批量写入的数据有误：{e}"))),
            };
            buf[at..at + 4].copy_from_slice(&len.to_be_bytes());
        }
        if buf.len() >= COPY_PIECE {
            sink.write_all(&buf).map_err(written)?;
            buf.clear();
        }
    }
    buf.put_i16(-1);
    sink.write_all(&buf).map_err(written)?;
    sink.finish().map_err(pg_err)
}

/// How many bytes of encoded rows go to the server at a time.
const COPY_PIECE: usize = 1 << 20;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_encoded_as_postgres_types_encodes_the_same_strings() {
        for pairs in [
            vec![],
            vec![('井', '盖'), ('a', 'b'), ('%', '\\'), ('𠀀', '1')],
        ] {
            let mut ours = BytesMut::new();
            put_pairs(&pairs, &mut ours).unwrap();
            let strings: Vec<String> = pairs.iter().map(|(a, b)| format!("{a}{b}")).collect();
            let mut theirs = BytesMut::new();
            strings.to_sql(&Type::TEXT_ARRAY, &mut theirs).unwrap();
            assert_eq!(ours, theirs, "{} pairs", pairs.len());
        }
    }
}
