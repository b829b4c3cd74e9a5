//! The database layer the store modules, the queries and `check` import instead of rusqlite: one
//! rusqlite-shaped set of names (`Connection`, `Transaction`, `Statement`, `Rows`, `Row`,
//! `params!`, `params_from_iter`, `OptionalExtension`, `types::Value`, `ToSql`, `Result`,
//! `Error`) over two backends, SQLite (rusqlite) and PostgreSQL (the synchronous `postgres`
//! crate), so that the shared modules run unchanged on either (docs/decisions/0014-postgresql.md,
//! §2.2).
//!
//! # Shape
//!
//! [`Connection`] is an enum of `Sqlite(rusqlite::Connection)` and `Pg(PgConn)`; every method is
//! a `match` that hands the SQLite case to rusqlite as it is — no allocation per parameter or per
//! row, the statement, rows and row of rusqlite borrowed inside thin wrappers — so the hot paths
//! (the list, search, registration) run the code they ran before plus one branch. The PostgreSQL
//! case (`sql/pg.rs`) rewrites the SQL once per statement (`sql/rewrite.rs`: `?N` → `$N`,
//! SQLite's planner hints `+?N` and `INDEXED BY` dropped), keeps its own statement cache keyed by
//! the SQL as written, and adapts values.
//!
//! **rusqlite's value traits are the layer's traits**: a bound type implements
//! [`types::ToSql`] (producing rusqlite's `ToSqlOutput`), a read type rusqlite's
//! [`types::FromSql`] (reading a `ValueRef`). On PostgreSQL a parameter's value is encoded into
//! the type PostgreSQL inferred for its placeholder (an `i64` into int2/int4/int8, range-checked,
//! or boolean as 0/1), and a column is turned into the `ValueRef` SQLite would have given (any
//! integer width, boolean, and whole numerics as Integer), so `params!`, `types::Value`, the coded
//! enums of `codes.rs` and every `row.get::<_, T>` keep working without casts in the SQL. The
//! alternative — the layer's own traits with an impl per type and backend — would have doubled
//! every impl for the same result.
//!
//! [`Rows::next`] answers the row by value ([`Row`] is a borrowed handle), not `&Row` as rusqlite
//! does: a handle over either backend's row cannot be lent out of the rows it borrows from.
//!
//! # Transactions
//!
//! [`begin_write`] opens the write transaction: `BEGIN IMMEDIATE` on SQLite; on PostgreSQL `BEGIN`
//! (READ COMMITTED), a 10 s `lock_timeout` and `pg_advisory_xact_lock` on one key
//! (`store::pg::WRITE_LOCK`, which the migrations take too) — one writer at a time across every
//! process, as SQLite's lock is (§2.5).
//! Reads stay outside transactions, each statement its own snapshot; [`begin_read`] gives a read
//! that must be consistent across statements one snapshot (an import's look-ahead on a second
//! connection). A [`Transaction`] derefs to
//! the [`Connection`], commits with [`Transaction::commit`] and rolls back when dropped. On
//! PostgreSQL a statement that failed inside the transaction makes the commit roll back and fail,
//! since PostgreSQL would answer the COMMIT of an aborted transaction with a silent rollback.
//!
//! # Errors
//!
//! [`Error`] carries either engine's error; [`failure`] classifies both (busy, disk full, unique
//! violation, connection lost) so that [`CoreError`](crate::error::CoreError) chooses its Chinese
//! sentence without knowing the engines' codes. A PostgreSQL error never shows the server's DETAIL
//! (it quotes row values), nor the message of a data exception (class 22, same reason).
//!
//! # SQLite-only modules
//!
//! The modules that are SQLite's own and get a PostgreSQL sibling rather than a shared body
//! (opening and migrating, `VACUUM INTO` copies, the bulk loader, FTS5 search and its backlog, the
//! statistics fold's application-defined function, `PRAGMA integrity_check`) use rusqlite
//! directly through [`Connection::sqlite`], or refuse on PostgreSQL through
//! [`Connection::sqlite_only`] with a Chinese sentence until they are ported;
//! `tests/sealed_store.rs` lists them. On a PostgreSQL store today: the bench's bare operations
//! refuse; the search (`store/search/pg.rs`), the bulk loader (`store/bulk/pg.rs`, `COPY`), the
//! statistics (rows streamed and folded in Rust) and the stage-span rebuild (the trigger's
//! PL/pgSQL function) have their PostgreSQL forms; the sibling reader is a second connection to
//! the same database ([`PgConn::url`]); the FTS backlog, the page-cache, memory-map and
//! checkpoint settings and SQLite's file checks do nothing (PostgreSQL has no counterpart).
//!
//! What the shared modules use of these names, and so what both backends provide:
//! `Connection::{prepare_cached, prepare, query_row, execute, execute_batch, is_autocommit,
//! path}`, `Statement::{query_row, query_map, query, execute}`, `Rows::next`, `Row::get`,
//! `Transaction::{commit, rollback}` (and rollback on drop), `begin_write`, `begin_read`,
//! `OptionalExtension::optional`, `params!`, `params_from_iter` over `types::Value`, and `ToSql`
//! for the coded enums (`codes.rs`). The SQL they run is written in the dialect both databases
//! accept (§1 of the decision); every complete statement of the shared modules prepares on
//! PostgreSQL after the rewrite (checked against `docs/decisions/0014/schema_draft.sql`), but for
//! the stage-span rebuild (SQLite's JSON functions; on PostgreSQL it feeds the trigger's function).

mod error;
mod pg;
mod rewrite;
#[cfg(test)]
mod tests_pg;

pub use error::{Error, Failure, Result, failure, unreadable_text};
pub use pg::PgConn;
pub use rusqlite::params;

use std::ops::Deref;

/// The value types of the layer: a dynamic parameter (`Value`, for parameter lists assembled at
/// run time), and the traits a stored type implements to be bound (`ToSql`, `ToSqlOutput`) or read
/// (`FromSql`, from a `ValueRef`).
pub mod types {
    pub use rusqlite::types::{FromSql, ToSql, ToSqlOutput, Value, ValueRef};

    /// What a `ToSql`/`FromSql` impl returns (rusqlite's result: the traits are rusqlite's).
    pub type Result<T> = rusqlite::Result<T>;
}

use types::{ToSql, Value};

/// A connection to either database.
pub enum Connection {
    Sqlite(rusqlite::Connection),
    /// Boxed: a client with its statement cache is three times an SQLite connection's size.
    Pg(Box<PgConn>),
}

impl From<rusqlite::Connection> for Connection {
    fn from(c: rusqlite::Connection) -> Self {
        Connection::Sqlite(c)
    }
}

impl Connection {
    /// A connection over a PostgreSQL client that is open on a migrated database (the opening
    /// itself — URL, locale check, migrations — is `store::pg::open`'s).
    #[cfg(test)]
    pub fn from_pg(client: postgres::Client) -> Self {
        Connection::Pg(Box::new(PgConn::new(client, None)))
    }

    /// [`Connection::from_pg`] for the database at `url`, which a second connection beside this
    /// one may open again.
    pub fn from_pg_at(client: postgres::Client, url: &str) -> Self {
        Connection::Pg(Box::new(PgConn::new(client, Some(url.to_string()))))
    }

    /// An empty SQLite database in memory, without the schema (the layer's own tests).
    #[cfg(test)]
    pub fn open_in_memory() -> Result<Self> {
        Ok(Connection::Sqlite(rusqlite::Connection::open_in_memory()?))
    }

    /// The SQLite connection, for the SQLite-only modules; `None` on PostgreSQL.
    #[inline]
    pub fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match self {
            Connection::Sqlite(c) => Some(c),
            Connection::Pg(_) => None,
        }
    }

    /// The PostgreSQL connection, for the PostgreSQL-only modules; `None` on SQLite.
    #[inline]
    pub fn pg(&self) -> Option<&PgConn> {
        match self {
            Connection::Sqlite(_) => None,
            Connection::Pg(p) => Some(p),
        }
    }

    /// The SQLite connection for a function that exists only on SQLite so far (`what`, in
    /// Chinese: "全文检索", "数据库备份", …); on PostgreSQL a refusal the user can read.
    pub fn sqlite_only(&self, what: &str) -> crate::error::Result<&rusqlite::Connection> {
        self.sqlite().ok_or_else(|| {
            crate::error::CoreError::storage(format!(
                "PostgreSQL 数据库暂不支持{what}，请联系系统管理员。"
            ))
        })
    }

    /// A statement from the connection's cache (prepared on the first use).
    #[inline]
    pub fn prepare_cached(&self, sql: &str) -> Result<Statement<'_>> {
        Ok(Statement(match self {
            Connection::Sqlite(c) => StatementInner::Cached(c.prepare_cached(sql)?),
            Connection::Pg(p) => StatementInner::Pg(p, p.statement(sql, false)?),
        }))
    }

    /// A statement prepared for this use only (SQL assembled at run time).
    #[inline]
    pub fn prepare(&self, sql: &str) -> Result<Statement<'_>> {
        Ok(Statement(match self {
            Connection::Sqlite(c) => StatementInner::Plain(c.prepare(sql)?),
            Connection::Pg(p) => StatementInner::Pg(p, p.statement(sql, true)?),
        }))
    }

    /// Runs `sql` and reads its first row with `f`; [`Error::NoRows`] when there is none. SQLite
    /// prepares it afresh, as rusqlite does; PostgreSQL caches it (a prepare is a round trip).
    #[inline]
    pub fn query_row<T, P, F>(&self, sql: &str, params: P, f: F) -> Result<T>
    where
        P: Params,
        F: FnOnce(&Row<'_>) -> Result<T>,
    {
        match self {
            Connection::Sqlite(c) => {
                let mut st = c.prepare(sql)?;
                sqlite_query_row(&mut st, params, f)
            }
            Connection::Pg(p) => pg_query_row(p, &p.statement(sql, false)?, params, f),
        }
    }

    /// Runs `sql` and answers how many rows it changed.
    #[inline]
    pub fn execute<P: Params>(&self, sql: &str, params: P) -> Result<usize> {
        match self {
            Connection::Sqlite(c) => Ok(c.execute(sql, params.sqlite())?),
            Connection::Pg(p) => p.execute(&p.statement(sql, false)?, params.pg()?),
        }
    }

    /// Runs several statements without parameters.
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        match self {
            Connection::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Connection::Pg(p) => p.batch(sql),
        }
    }

    /// Whether no transaction is open.
    #[inline]
    pub fn is_autocommit(&self) -> bool {
        match self {
            Connection::Sqlite(c) => c.is_autocommit(),
            Connection::Pg(p) => !p.in_transaction(),
        }
    }

    /// The database file (`Some("")` for an SQLite database in memory); `None` on PostgreSQL.
    pub fn path(&self) -> Option<&str> {
        match self {
            Connection::Sqlite(c) => c.path(),
            Connection::Pg(_) => None,
        }
    }
}

#[inline]
fn sqlite_query_row<T, P, F>(st: &mut rusqlite::Statement<'_>, params: P, f: F) -> Result<T>
where
    P: Params,
    F: FnOnce(&Row<'_>) -> Result<T>,
{
    let mut rows = st.query(params.sqlite())?;
    match rows.next()? {
        Some(r) => f(&Row(RowInner::Sqlite(r))),
        None => Err(Error::NoRows),
    }
}

fn pg_query_row<T, P, F>(p: &PgConn, st: &postgres::Statement, params: P, f: F) -> Result<T>
where
    P: Params,
    F: FnOnce(&Row<'_>) -> Result<T>,
{
    let rows = p.query(st, params.pg()?)?;
    match rows.first() {
        Some(r) => f(&Row(RowInner::Pg(r))),
        None => Err(Error::NoRows),
    }
}

/// A prepared statement of either backend.
pub struct Statement<'c>(StatementInner<'c>);

enum StatementInner<'c> {
    Cached(rusqlite::CachedStatement<'c>),
    Plain(rusqlite::Statement<'c>),
    Pg(&'c PgConn, postgres::Statement),
}

impl<'c> Statement<'c> {
    /// Runs the statement and answers how many rows it changed.
    #[inline]
    pub fn execute<P: Params>(&mut self, params: P) -> Result<usize> {
        match &mut self.0 {
            StatementInner::Cached(s) => Ok(s.execute(params.sqlite())?),
            StatementInner::Plain(s) => Ok(s.execute(params.sqlite())?),
            StatementInner::Pg(p, s) => p.execute(s, params.pg()?),
        }
    }

    /// How many columns the statement's rows have.
    #[allow(dead_code)] // the test support's raw SQL (tests/properties.rs)
    pub fn column_count(&self) -> usize {
        match &self.0 {
            StatementInner::Cached(s) => s.column_count(),
            StatementInner::Plain(s) => s.column_count(),
            StatementInner::Pg(_, s) => s.columns().len(),
        }
    }

    /// Runs the statement; its rows one by one with [`Rows::next`].
    #[inline]
    pub fn query<P: Params>(&mut self, params: P) -> Result<Rows<'_>> {
        Ok(Rows(match &mut self.0 {
            StatementInner::Cached(s) => RowsInner::Sqlite(s.query(params.sqlite())?),
            StatementInner::Plain(s) => RowsInner::Sqlite(s.query(params.sqlite())?),
            StatementInner::Pg(p, s) => RowsInner::Pg {
                rows: p.query(s, params.pg()?)?.into_iter(),
                current: None,
            },
        }))
    }

    /// Runs the statement; an iterator of its rows read by `f`.
    #[inline]
    pub fn query_map<T, P, F>(&mut self, params: P, f: F) -> Result<MappedRows<'_, F>>
    where
        P: Params,
        F: FnMut(&Row<'_>) -> Result<T>,
    {
        Ok(MappedRows {
            rows: self.query(params)?,
            map: f,
        })
    }

    /// Runs the statement and reads its first row with `f`; [`Error::NoRows`] when there is none.
    #[inline]
    pub fn query_row<T, P, F>(&mut self, params: P, f: F) -> Result<T>
    where
        P: Params,
        F: FnOnce(&Row<'_>) -> Result<T>,
    {
        match &mut self.0 {
            StatementInner::Cached(s) => sqlite_query_row(s, params, f),
            StatementInner::Plain(s) => sqlite_query_row(s, params, f),
            StatementInner::Pg(p, s) => pg_query_row(p, s, params, f),
        }
    }
}

/// The rows of a statement being run.
pub struct Rows<'s>(RowsInner<'s>);

enum RowsInner<'s> {
    Sqlite(rusqlite::Rows<'s>),
    Pg {
        rows: std::vec::IntoIter<postgres::Row>,
        current: Option<postgres::Row>,
    },
}

impl Rows<'_> {
    /// The next row, `None` after the last.
    #[inline]
    #[allow(clippy::should_implement_trait)] // rusqlite's name; a lending iterator, not Iterator
    pub fn next(&mut self) -> Result<Option<Row<'_>>> {
        match &mut self.0 {
            RowsInner::Sqlite(rows) => Ok(rows.next()?.map(|r| Row(RowInner::Sqlite(r)))),
            RowsInner::Pg { rows, current } => {
                *current = rows.next();
                Ok(current.as_ref().map(|r| Row(RowInner::Pg(r))))
            }
        }
    }
}

/// The rows of a statement, each read by a function (see [`Statement::query_map`]).
pub struct MappedRows<'s, F> {
    rows: Rows<'s>,
    map: F,
}

impl<T, F> Iterator for MappedRows<'_, F>
where
    F: FnMut(&Row<'_>) -> Result<T>,
{
    type Item = Result<T>;

    #[inline]
    fn next(&mut self) -> Option<Result<T>> {
        match self.rows.next() {
            Ok(Some(row)) => Some((self.map)(&row)),
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    }
}

/// One row of a result.
pub struct Row<'r>(RowInner<'r>);

enum RowInner<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Pg(&'r postgres::Row),
}

impl Row<'_> {
    /// Column `idx` (a position, or a name) read as `T`.
    #[inline]
    pub fn get<I: RowIndex, T: types::FromSql>(&self, idx: I) -> Result<T> {
        match &self.0 {
            RowInner::Sqlite(r) => Ok(r.get(idx)?),
            RowInner::Pg(r) => match idx.position(r.columns()) {
                Some(i) => pg::get(r, i),
                None => Err(Error::Sqlite(idx.missing())),
            },
        }
    }
}

/// A column of a row: its position (`usize`) or its name (`&str`).
pub trait RowIndex: rusqlite::RowIndex {
    #[doc(hidden)]
    fn position(&self, columns: &[postgres::Column]) -> Option<usize>;
    #[doc(hidden)]
    fn missing(&self) -> rusqlite::Error;
}

impl RowIndex for usize {
    fn position(&self, columns: &[postgres::Column]) -> Option<usize> {
        (*self < columns.len()).then_some(*self)
    }
    fn missing(&self) -> rusqlite::Error {
        rusqlite::Error::InvalidColumnIndex(*self)
    }
}

impl RowIndex for &str {
    fn position(&self, columns: &[postgres::Column]) -> Option<usize> {
        columns.iter().position(|c| c.name() == *self)
    }
    fn missing(&self) -> rusqlite::Error {
        rusqlite::Error::InvalidColumnName((*self).to_owned())
    }
}

/// The write transaction (see [`begin_write`]); derefs to its connection.
pub struct Transaction<'c> {
    conn: &'c Connection,
    inner: TransactionInner<'c>,
}

enum TransactionInner<'c> {
    Sqlite(rusqlite::Transaction<'c>),
    Pg,
    Done,
}

impl Deref for Transaction<'_> {
    type Target = Connection;

    #[inline]
    fn deref(&self) -> &Connection {
        self.conn
    }
}

impl Transaction<'_> {
    /// Ends the transaction without keeping anything it wrote (what dropping it does, with the
    /// error reported).
    pub fn rollback(mut self) -> Result<()> {
        match std::mem::replace(&mut self.inner, TransactionInner::Done) {
            TransactionInner::Sqlite(tx) => Ok(tx.rollback()?),
            TransactionInner::Pg => match self.conn {
                Connection::Pg(p) => p.finish(false),
                Connection::Sqlite(_) => Ok(()),
            },
            TransactionInner::Done => Ok(()),
        }
    }

    /// Commits what the transaction wrote.
    pub fn commit(mut self) -> Result<()> {
        match std::mem::replace(&mut self.inner, TransactionInner::Done) {
            TransactionInner::Sqlite(tx) => Ok(tx.commit()?),
            TransactionInner::Pg => match self.conn {
                Connection::Pg(p) => p.finish(true),
                Connection::Sqlite(_) => Ok(()),
            },
            TransactionInner::Done => Ok(()),
        }
    }
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        // SQLite's transaction rolls back in its own drop.
        if let (TransactionInner::Pg, Connection::Pg(p)) = (&self.inner, self.conn) {
            let _ = p.finish(false);
        }
    }
}

/// Opens the write transaction on `conn`: one writer at a time (across processes too), committed
/// by [`Transaction::commit`], rolled back when dropped uncommitted. For the connection a
/// [`Store`](super::Store) owns and for the few writes that run outside `Store::write` (seeding
/// the calendar at open, the access log a read appends); the caller must not be inside a
/// transaction already (`Connection::is_autocommit`): a nested one is refused.
pub fn begin_write(conn: &Connection) -> Result<Transaction<'_>> {
    let inner = match conn {
        // rusqlite's safe constructor needs `&mut Connection`; the unchecked one only skips the
        // borrow check, and SQLite itself refuses a nested BEGIN.
        Connection::Sqlite(c) => TransactionInner::Sqlite(rusqlite::Transaction::new_unchecked(
            c,
            rusqlite::TransactionBehavior::Immediate,
        )?),
        Connection::Pg(p) => {
            p.begin_write()?;
            TransactionInner::Pg
        }
    };
    Ok(Transaction { conn, inner })
}

/// Opens a read transaction on `conn`: every statement in it sees the database as it stood at its
/// first read (SQLite's deferred transaction; PostgreSQL's REPEATABLE READ, READ ONLY, which takes
/// no lock). For a read that must be consistent across statements on a second connection (an
/// import's look-ahead); end it with [`Transaction::rollback`] or by dropping it.
pub fn begin_read(conn: &Connection) -> Result<Transaction<'_>> {
    let inner = match conn {
        Connection::Sqlite(c) => TransactionInner::Sqlite(rusqlite::Transaction::new_unchecked(
            c,
            rusqlite::TransactionBehavior::Deferred,
        )?),
        Connection::Pg(p) => {
            p.begin_read()?;
            TransactionInner::Pg
        }
    };
    Ok(Transaction { conn, inner })
}

/// `query_row(…).optional()`: no row is `Ok(None)`, not an error.
pub trait OptionalExtension<T> {
    fn optional(self) -> Result<Option<T>>;
}

impl<T> OptionalExtension<T> for Result<T> {
    #[inline]
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(Error::NoRows) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// The parameters of a statement: `params![…]`, `[]`, an array or tuple of values, or
/// [`params_from_iter`]. SQLite takes them as rusqlite's own parameters, unchanged; PostgreSQL
/// takes their values.
pub trait Params: Sized {
    #[doc(hidden)]
    type Sqlite: rusqlite::Params;
    #[doc(hidden)]
    fn sqlite(self) -> Self::Sqlite;
    #[doc(hidden)]
    fn pg(self) -> Result<Vec<Value>>;
}

/// A parameter's value, owned (the PostgreSQL side binds after the borrow of the parameter ends).
fn owned<T: ToSql + ?Sized>(p: &T) -> Result<Value> {
    use types::{ToSqlOutput, ValueRef};
    match p.to_sql()? {
        ToSqlOutput::Borrowed(v) => Ok(match v {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(n) => Value::Integer(n),
            ValueRef::Real(x) => Value::Real(x),
            ValueRef::Text(t) => Value::Text(
                std::str::from_utf8(t)
                    .map_err(|_| Error::Refused("a text parameter that is not UTF-8"))?
                    .to_owned(),
            ),
            ValueRef::Blob(b) => Value::Blob(b.to_vec()),
        }),
        ToSqlOutput::Owned(v) => Ok(v),
        _ => Err(Error::Refused("a parameter kind PostgreSQL cannot take")),
    }
}

impl Params for [&(dyn ToSql + Send + Sync); 0] {
    type Sqlite = Self;
    #[inline]
    fn sqlite(self) -> Self {
        self
    }
    fn pg(self) -> Result<Vec<Value>> {
        Ok(Vec::new())
    }
}

impl Params for &[&dyn ToSql] {
    type Sqlite = Self;
    #[inline]
    fn sqlite(self) -> Self {
        self
    }
    fn pg(self) -> Result<Vec<Value>> {
        self.iter().map(|p| owned(*p)).collect()
    }
}

impl Params for () {
    type Sqlite = Self;
    #[inline]
    fn sqlite(self) -> Self {}
    fn pg(self) -> Result<Vec<Value>> {
        Ok(Vec::new())
    }
}

macro_rules! array_params {
    ($($n:literal)+) => {$(
        impl<T: ToSql> Params for [T; $n] {
            type Sqlite = Self;
            #[inline]
            fn sqlite(self) -> Self {
                self
            }
            fn pg(self) -> Result<Vec<Value>> {
                self.iter().map(|p| owned(p)).collect()
            }
        }
        impl<T: ToSql + ?Sized> Params for &[&T; $n] {
            type Sqlite = Self;
            #[inline]
            fn sqlite(self) -> Self {
                self
            }
            fn pg(self) -> Result<Vec<Value>> {
                self.iter().map(|p| owned(*p)).collect()
            }
        }
    )+};
}

array_params!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16);

macro_rules! tuple_params {
    ($(($($t:ident $i:tt),+))+) => {$(
        impl<$($t: ToSql),+> Params for ($($t,)+) {
            type Sqlite = Self;
            #[inline]
            fn sqlite(self) -> Self {
                self
            }
            fn pg(self) -> Result<Vec<Value>> {
                Ok(vec![$(owned(&self.$i)?),+])
            }
        }
    )+};
}

tuple_params! {
    (A 0)
    (A 0, B 1)
    (A 0, B 1, C 2)
    (A 0, B 1, C 2, D 3)
    (A 0, B 1, C 2, D 3, E 4)
    (A 0, B 1, C 2, D 3, E 4, F 5)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7)
}

/// Parameters from an iterator of values (a list assembled at run time).
pub struct ParamsFromIter<I>(I);

/// The parameters `iter` yields, in order.
#[inline]
pub fn params_from_iter<I>(iter: I) -> ParamsFromIter<I>
where
    I: IntoIterator,
    I::Item: ToSql,
{
    ParamsFromIter(iter)
}

impl<I> Params for ParamsFromIter<I>
where
    I: IntoIterator,
    I::Item: ToSql,
{
    type Sqlite = rusqlite::ParamsFromIter<I>;
    #[inline]
    fn sqlite(self) -> Self::Sqlite {
        rusqlite::params_from_iter(self.0)
    }
    fn pg(self) -> Result<Vec<Value>> {
        self.0.into_iter().map(|p| owned(&p)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_transaction_rolls_back_unless_committed_and_refuses_nesting() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t(x INTEGER)").unwrap();
        {
            let tx = begin_write(&conn).unwrap();
            tx.execute("INSERT INTO t(x) VALUES (?1)", params![1])
                .unwrap();
            assert!(!conn.is_autocommit());
            assert!(begin_write(&conn).is_err(), "no nested write transaction");
        }
        assert!(conn.is_autocommit());
        let n: i64 = conn
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0, "dropped uncommitted: rolled back");
        let tx = begin_write(&conn).unwrap();
        tx.execute("INSERT INTO t(x) VALUES (?1)", params![2])
            .unwrap();
        tx.commit().unwrap();
        let n: i64 = conn
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
    }

    #[test]
    fn failures_are_classified_by_kind() {
        let code = |c| {
            Error::from(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(c),
                None,
            ))
        };
        assert_eq!(failure(&code(rusqlite::ffi::SQLITE_BUSY)), Failure::Busy);
        assert_eq!(
            failure(&code(rusqlite::ffi::SQLITE_FULL)),
            Failure::DiskFull
        );
        assert_eq!(
            failure(&code(rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE)),
            Failure::Unique
        );
        assert_eq!(
            failure(&code(rusqlite::ffi::SQLITE_CONSTRAINT_NOTNULL)),
            Failure::Other
        );
        assert_eq!(failure(&unreadable_text(3, "timestamp")), Failure::Other);
    }
}
