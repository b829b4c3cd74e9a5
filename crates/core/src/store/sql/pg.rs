//! The PostgreSQL side of the layer: one synchronous `postgres::Client` behind `&self`, its
//! statement cache, the write transaction, and the two adapters that let rusqlite's value traits
//! stay the layer's traits.
//!
//! * [`PgArg`]: a parameter (the `Value` of its `ToSqlOutput`) encoded into whatever type
//!   PostgreSQL inferred for its `$N` — an integer into int2/int4/int8 (range-checked), boolean
//!   (0 or 1), float or numeric; text into text-like types; a blob into bytea; NULL into anything.
//!   The shared SQL therefore needs no casts where SQLite had none.
//! * [`PgValue`]: a column turned into rusqlite's `ValueRef` — any integer width and boolean as
//!   Integer, float and numeric as Real (numeric as Integer when it is whole: `sum(bigint)` is
//!   numeric), text-like types as Text, bytea as Blob — handed to the target type's own
//!   `FromSql::column_result`, exactly as rusqlite does with SQLite's value.
//!
//! Rows are fetched whole (`Client::query`) rather than streamed, so that a closure reading one
//! row may run other statements on the same connection, as rusqlite allows; the reads that scan
//! large tables get PostgreSQL-specific paths in later slices (decision 0014, §4).

use super::error::{Error, Result};
use super::rewrite::rewrite;
use bytes::{BufMut, BytesMut};
use postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};
use rusqlite::types::{Value, ValueRef};
use std::cell::{Cell, RefCell, RefMut};
use std::collections::HashMap;
use std::fmt;

type BoxError = Box<dyn std::error::Error + Sync + Send>;

// The key of the one advisory lock every write transaction takes (`pg_advisory_xact_lock`): one
// writer at a time across all processes, the counterpart of SQLite's `BEGIN IMMEDIATE` (decision
// 0014, §2.5). The same key as the migrations' and the calendar seeding's, so that neither runs
// beside a write.
use crate::store::pg::WRITE_LOCK;

/// How long a write waits for the write lock (and any row lock) before it fails as busy: the
/// SQLite store's busy timeout.
const LOCK_TIMEOUT: &str = "10s";

/// How many prepared statements a connection keeps; past it the cache starts again (every
/// statement the store runs fits several times over).
const CACHE_CAPACITY: usize = 512;

/// A PostgreSQL connection as the store holds it.
pub struct PgConn {
    client: RefCell<postgres::Client>,
    /// Prepared statements by the SQL as written (before the rewrite).
    cache: RefCell<HashMap<String, postgres::Statement>>,
    /// Inside a write transaction.
    in_tx: Cell<bool>,
    /// A statement failed inside the transaction: PostgreSQL has aborted it, and a COMMIT would
    /// answer ROLLBACK without an error.
    tx_failed: Cell<bool>,
    /// The database's URL, for a second connection beside this one (`db::open_sibling_reader`).
    url: Option<String>,
}

impl PgConn {
    /// Whether the connection to the server is gone (the server restarted, a failover, the
    /// network): such a connection is dropped, not lent again.
    pub fn is_closed(&self) -> bool {
        self.client.borrow().is_closed()
    }

    /// The URL this connection was opened with, when known.
    pub fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }

    pub(super) fn new(client: postgres::Client, url: Option<String>) -> Self {
        Self {
            client: RefCell::new(client),
            cache: RefCell::new(HashMap::new()),
            in_tx: Cell::new(false),
            tx_failed: Cell::new(false),
            url,
        }
    }

    /// The client itself, for the PostgreSQL-specific modules (COPY, LISTEN, EXPLAIN). Do not
    /// hold it across a call of the layer, which borrows it too.
    #[allow(dead_code)] // for the PostgreSQL siblings of the SQLite-only modules (decision 0014, §4)
    pub fn client(&self) -> RefMut<'_, postgres::Client> {
        self.client.borrow_mut()
    }

    /// Runs `f` on the client; a failure inside a transaction marks it failed.
    fn run<T>(
        &self,
        f: impl FnOnce(&mut postgres::Client) -> std::result::Result<T, postgres::Error>,
    ) -> Result<T> {
        let out = f(&mut self.client.borrow_mut());
        if out.is_err() && self.in_tx.get() {
            self.tx_failed.set(true);
        }
        out.map_err(Error::Pg)
    }

    /// The prepared statement of `sql` (SQLite's syntax), from the cache unless `fresh`.
    pub(super) fn statement(&self, sql: &str, fresh: bool) -> Result<postgres::Statement> {
        if !fresh && let Some(st) = self.cache.borrow().get(sql) {
            return Ok(st.clone());
        }
        let st = self.run(|c| c.prepare(&rewrite(sql)))?;
        if !fresh {
            let mut cache = self.cache.borrow_mut();
            if cache.len() >= CACHE_CAPACITY {
                cache.clear();
            }
            cache.insert(sql.to_owned(), st.clone());
        }
        Ok(st)
    }

    pub(super) fn query(
        &self,
        st: &postgres::Statement,
        args: Vec<Value>,
    ) -> Result<Vec<postgres::Row>> {
        let args: Vec<PgArg> = args.into_iter().map(PgArg).collect();
        let refs: Vec<&(dyn ToSql + Sync)> = args.iter().map(|a| a as _).collect();
        self.run(|c| c.query(st, &refs))
    }

    pub(super) fn execute(&self, st: &postgres::Statement, args: Vec<Value>) -> Result<usize> {
        let args: Vec<PgArg> = args.into_iter().map(PgArg).collect();
        let refs: Vec<&(dyn ToSql + Sync)> = args.iter().map(|a| a as _).collect();
        let n = self.run(|c| c.execute(st, &refs))?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    pub(super) fn batch(&self, sql: &str) -> Result<()> {
        self.run(|c| c.batch_execute(sql))
    }

    pub(super) fn in_transaction(&self) -> bool {
        self.in_tx.get()
    }

    /// `BEGIN` (READ COMMITTED) and the write lock, in one round trip.
    pub(super) fn begin_write(&self) -> Result<()> {
        if self.in_tx.get() {
            return Err(Error::Refused(
                "cannot start a transaction within a transaction",
            ));
        }
        let begun = self.run(|c| {
            c.batch_execute(&format!(
                "BEGIN; SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'; \
                 SELECT pg_advisory_xact_lock({WRITE_LOCK})"
            ))
        });
        if let Err(e) = begun {
            // BEGIN may have run before the lock failed: end that transaction.
            let _ = self.run(|c| c.batch_execute("ROLLBACK"));
            return Err(e);
        }
        self.in_tx.set(true);
        self.tx_failed.set(false);
        Ok(())
    }

    /// `BEGIN` of a read-only snapshot (REPEATABLE READ: one snapshot for all its statements).
    pub(super) fn begin_read(&self) -> Result<()> {
        if self.in_tx.get() {
            return Err(Error::Refused(
                "cannot start a transaction within a transaction",
            ));
        }
        self.run(|c| c.batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"))?;
        self.in_tx.set(true);
        self.tx_failed.set(false);
        Ok(())
    }

    /// Ends the transaction: COMMIT when asked and nothing failed in it, ROLLBACK otherwise.
    pub(super) fn finish(&self, commit: bool) -> Result<()> {
        if !self.in_tx.get() {
            return Ok(());
        }
        let failed = self.tx_failed.get();
        let sql = if commit && !failed {
            "COMMIT"
        } else {
            "ROLLBACK"
        };
        let out = self.run(|c| c.batch_execute(sql));
        self.in_tx.set(false);
        self.tx_failed.set(false);
        out?;
        if commit && failed {
            return Err(Error::Refused(
                "a statement of the transaction failed: it was rolled back",
            ));
        }
        Ok(())
    }
}

/// Reads column `i` of `row` as `T`, through rusqlite's `FromSql` (see the module docs).
pub(super) fn get<T: rusqlite::types::FromSql>(row: &postgres::Row, i: usize) -> Result<T> {
    use rusqlite::types::FromSqlError;
    let PgValue(value) = row.try_get::<_, PgValue<'_>>(i)?;
    T::column_result(value).map_err(|e| {
        Error::Sqlite(match e {
            FromSqlError::InvalidType => rusqlite::Error::InvalidColumnType(
                i,
                row.columns()
                    .get(i)
                    .map_or_else(String::new, |c| c.name().to_owned()),
                value.data_type(),
            ),
            FromSqlError::OutOfRange(n) => rusqlite::Error::IntegralValueOutOfRange(i, n),
            FromSqlError::Other(e) => {
                rusqlite::Error::FromSqlConversionFailure(i, value.data_type(), e)
            }
            e => rusqlite::Error::FromSqlConversionFailure(i, value.data_type(), Box::new(e)),
        })
    })
}

/// A parameter on its way to PostgreSQL (see the module docs). Its `Debug` names the kind of
/// value only: the driver logs parameters at debug level, and they are personal data.
pub(super) struct PgArg(pub(super) Value);

impl fmt::Debug for PgArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.0 {
            Value::Null => "NULL",
            Value::Integer(_) => "<integer>",
            Value::Real(_) => "<real>",
            Value::Text(_) => "<text>",
            Value::Blob(_) => "<blob>",
        })
    }
}

fn text_like(ty: &Type) -> bool {
    matches!(
        *ty,
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN | Type::JSON
    )
}

fn refuse(what: &str, ty: &Type) -> BoxError {
    format!("cannot bind {what} to a parameter of type {ty}").into()
}

fn bind_integer(n: i64, ty: &Type, out: &mut BytesMut) -> std::result::Result<(), BoxError> {
    let range = || -> BoxError { format!("integer out of range for {ty}").into() };
    match *ty {
        Type::INT8 => out.put_i64(n),
        Type::INT4 => out.put_i32(i32::try_from(n).map_err(|_| range())?),
        Type::INT2 => out.put_i16(i16::try_from(n).map_err(|_| range())?),
        Type::BOOL => match n {
            0 | 1 => out.put_u8(n as u8),
            _ => return Err("only 0 or 1 can be bound to a boolean".into()),
        },
        Type::FLOAT8 => out.put_f64(n as f64),
        Type::FLOAT4 => out.put_f32(n as f32),
        Type::NUMERIC => numeric_from_i64(n, out),
        Type::OID => out.put_u32(u32::try_from(n).map_err(|_| range())?),
        ref t if text_like(t) => out.put_slice(n.to_string().as_bytes()),
        ref t => return Err(refuse("an integer", t)),
    }
    Ok(())
}

fn bind_real(x: f64, ty: &Type, out: &mut BytesMut) -> std::result::Result<(), BoxError> {
    match *ty {
        Type::FLOAT8 => out.put_f64(x),
        Type::FLOAT4 => out.put_f32(x as f32),
        Type::INT8 | Type::INT4 | Type::INT2
            if x.fract() == 0.0 && x >= i64::MIN as f64 && x < i64::MAX as f64 =>
        {
            return bind_integer(x as i64, ty, out);
        }
        ref t if text_like(t) => out.put_slice(x.to_string().as_bytes()),
        ref t => return Err(refuse("a real number", t)),
    }
    Ok(())
}

impl ToSql for PgArg {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> std::result::Result<IsNull, BoxError> {
        match &self.0 {
            Value::Null => return Ok(IsNull::Yes),
            Value::Integer(n) => bind_integer(*n, ty, out)?,
            Value::Real(x) => bind_real(*x, ty, out)?,
            Value::Text(s) => match *ty {
                Type::JSONB => {
                    out.put_u8(1);
                    out.put_slice(s.as_bytes());
                }
                ref t if text_like(t) => out.put_slice(s.as_bytes()),
                ref t => return Err(refuse("text", t)),
            },
            Value::Blob(b) => match *ty {
                Type::BYTEA => out.put_slice(b),
                ref t => return Err(refuse("a blob", t)),
            },
        }
        Ok(IsNull::No)
    }

    /// Every type: [`ToSql::to_sql`] decides, by the value and the type together.
    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// A column value as rusqlite's `ValueRef` (see the module docs).
struct PgValue<'a>(ValueRef<'a>);

impl<'a> FromSql<'a> for PgValue<'a> {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> std::result::Result<Self, BoxError> {
        Ok(PgValue(match *ty {
            Type::INT8 => ValueRef::Integer(i64::from_sql(ty, raw)?),
            Type::INT4 => ValueRef::Integer(i32::from_sql(ty, raw)?.into()),
            Type::INT2 => ValueRef::Integer(i16::from_sql(ty, raw)?.into()),
            Type::OID => ValueRef::Integer(u32::from_sql(ty, raw)?.into()),
            Type::BOOL => ValueRef::Integer(bool::from_sql(ty, raw)?.into()),
            Type::FLOAT8 => ValueRef::Real(f64::from_sql(ty, raw)?),
            Type::FLOAT4 => ValueRef::Real(f32::from_sql(ty, raw)?.into()),
            Type::NUMERIC => numeric_value(raw)?,
            Type::BYTEA => ValueRef::Blob(raw),
            Type::JSONB => match raw.split_first() {
                Some((1, json)) => ValueRef::Text(json),
                _ => return Err("unsupported jsonb version".into()),
            },
            ref t if text_like(t) => ValueRef::Text(raw),
            ref t => return Err(format!("cannot read a column of type {t}").into()),
        }))
    }

    fn from_sql_null(_: &Type) -> std::result::Result<Self, BoxError> {
        Ok(PgValue(ValueRef::Null))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// A number in PostgreSQL's binary numeric format (base-10000 digits): Integer when it is whole
/// and fits an i64, Real otherwise.
fn numeric_value(raw: &[u8]) -> std::result::Result<ValueRef<'static>, BoxError> {
    let word = |i: usize| -> std::result::Result<u16, BoxError> {
        raw.get(i..i + 2)
            .map(|b| u16::from_be_bytes([b[0], b[1]]))
            .ok_or_else(|| "short numeric".into())
    };
    let ndigits = usize::from(word(0)?);
    let weight = i32::from(word(2)? as i16);
    let sign = word(4)?;
    match sign {
        0xC000 => return Ok(ValueRef::Real(f64::NAN)),
        0xD000 => return Ok(ValueRef::Real(f64::INFINITY)),
        0xF000 => return Ok(ValueRef::Real(f64::NEG_INFINITY)),
        _ => {}
    }
    let negative = sign == 0x4000;
    let mut digits = Vec::with_capacity(ndigits);
    for i in 0..ndigits {
        digits.push(i64::from(word(8 + 2 * i)?));
    }
    let whole = digits
        .iter()
        .enumerate()
        .all(|(i, d)| weight - i as i32 >= 0 || *d == 0);
    if whole {
        let mut value: Option<i128> = Some(0);
        for (i, d) in digits.iter().enumerate() {
            let power = weight - i as i32;
            if power < 0 {
                continue;
            }
            value = value.and_then(|v| {
                10_000i128
                    .checked_pow(power as u32)
                    .and_then(|s| s.checked_mul(i128::from(*d)))
                    .and_then(|t| v.checked_add(t))
            });
        }
        if let Some(v) = value.map(|v| if negative { -v } else { v })
            && let Ok(v) = i64::try_from(v)
        {
            return Ok(ValueRef::Integer(v));
        }
    }
    let mut x = 0f64;
    for (i, d) in digits.iter().enumerate() {
        x += *d as f64 * 10_000f64.powi(weight - i as i32);
    }
    Ok(ValueRef::Real(if negative { -x } else { x }))
}

/// `n` in PostgreSQL's binary numeric format.
fn numeric_from_i64(n: i64, out: &mut BytesMut) {
    let mut rest = n.unsigned_abs();
    let mut digits = Vec::new();
    while rest > 0 {
        digits.push((rest % 10_000) as u16);
        rest /= 10_000;
    }
    digits.reverse();
    let weight = digits.len().saturating_sub(1) as i16;
    while digits.last() == Some(&0) {
        digits.pop();
    }
    out.put_u16(digits.len() as u16);
    out.put_i16(if digits.is_empty() { 0 } else { weight });
    out.put_u16(if n < 0 { 0x4000 } else { 0 });
    out.put_u16(0);
    for d in digits {
        out.put_u16(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numeric(n: i64) -> ValueRef<'static> {
        let mut b = BytesMut::new();
        numeric_from_i64(n, &mut b);
        numeric_value(&b).unwrap()
    }

    #[test]
    fn numerics_round_trip_as_integers() {
        for n in [
            0,
            1,
            -1,
            9_999,
            10_000,
            10_001,
            120_000_000,
            -5_000_000_007,
            i64::MAX,
            i64::MIN + 1,
        ] {
            assert_eq!(numeric(n), ValueRef::Integer(n), "{n}");
        }
    }

    #[test]
    fn a_fractional_numeric_is_real() {
        // 2.5: one digit 2 at weight 0, one digit 5000 at weight -1, dscale 1.
        let raw = [0, 2, 0, 0, 0, 0, 0, 1, 0, 2, 0x13, 0x88];
        assert_eq!(numeric_value(&raw).unwrap(), ValueRef::Real(2.5));
        let nan = [0, 0, 0, 0, 0xC0, 0, 0, 0];
        assert!(matches!(numeric_value(&nan).unwrap(), ValueRef::Real(x) if x.is_nan()));
    }
}
