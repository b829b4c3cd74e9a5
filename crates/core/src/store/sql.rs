//! The database layer the store modules, the queries and `check` import instead of rusqlite: one
//! rusqlite-shaped set of names (`Connection`, `Transaction`, `Row`, `Statement`, `params!`,
//! `params_from_iter`, `OptionalExtension`, `types::Value`, `ToSql`, `Result`, `Error`) behind
//! which a second backend can be put (docs/decisions/0014-postgresql.md, §2.2).
//!
//! Today it is SQLite only, and every name is a plain re-export of rusqlite: no wrapper, no
//! `match`, no allocation, so the hot paths (the list, search, registration) run exactly the code
//! they ran before. What the layer adds now is the *boundary*: a module that imports its database
//! names from here uses only what is listed here, and `tests/sealed_store.rs` fails when a shared
//! module reaches for `rusqlite::` directly. When PostgreSQL arrives (slice 2 of the plan), the
//! re-exports become types of the same names and method shapes — `Connection` an enum of
//! `Sqlite(rusqlite::Connection)` and `Pg(PgConn)`, `ToSql`/`FromSql` lenient about integer
//! widths — and the modules that import from here do not change again.
//!
//! Two things the store did with rusqlite directly have a name here, because their PostgreSQL form
//! differs from a re-export:
//!
//! * [`begin_write`]: the write transaction (`BEGIN IMMEDIATE` on SQLite; on PostgreSQL `BEGIN`
//!   plus the one advisory lock of §2.5);
//! * [`failure`]: what kind of failure an error is (busy, disk full, other), so that
//!   [`CoreError`](crate::error::CoreError) chooses its Chinese sentence without knowing the
//!   engine's error codes.
//!
//! Modules that are SQLite's own and get a PostgreSQL sibling rather than a shared body (opening
//! and migrating, `VACUUM INTO` copies, the bulk loader, FTS5 search and its backlog, the
//! statistics fold's application-defined function, `PRAGMA integrity_check`) keep importing
//! rusqlite; `tests/sealed_store.rs` lists them.
//!
//! What the shared modules use of these names, and so what a second backend must provide:
//! `Connection::{prepare_cached, prepare, query_row, execute, execute_batch, is_autocommit,
//! path}`, `Statement::{query_row, query_map, query, execute}`, `Rows::next`, `Row::get`,
//! `Transaction::commit` (and rollback on drop), `OptionalExtension::optional`, `params!`,
//! `params_from_iter` over `types::Value`, and `ToSql` for the coded enums (`codes.rs`). The SQL
//! they run is written in the dialect both databases accept (§1 of the decision), except for two
//! SQLite planner hints the PostgreSQL driver must strip when it rewrites `?N` to `$N`: a unary
//! `+` before a placeholder (`+?1`, the duplicate lookup and the import fingerprint) and
//! `INDEXED BY <index>` (three statements of `queries`).

pub use rusqlite::{
    Connection, Error, OptionalExtension, Result, Row, Transaction, params, params_from_iter,
};

/// The value types of the layer: a dynamic parameter (`Value`, for parameter lists assembled at
/// run time), and the traits a stored type implements to be bound (`ToSql`, `ToSqlOutput`).
pub mod types {
    pub use rusqlite::types::{ToSql, ToSqlOutput, Value};
}

/// Opens the write transaction on `conn`: one writer at a time, committed by
/// [`Transaction::commit`], rolled back when dropped uncommitted. For the connection a
/// [`Store`](super::Store) owns and for the few writes that run outside `Store::write` (seeding
/// the calendar at open, the access log a read appends); the caller must not be inside a
/// transaction already (`Connection::is_autocommit`).
pub fn begin_write(conn: &Connection) -> Result<Transaction<'_>> {
    // rusqlite's safe constructor needs `&mut Connection`; the unchecked one only skips the borrow
    // check, and SQLite itself refuses a nested BEGIN.
    Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)
}

/// What kind of failure a database error is, for the sentence the user reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Another connection holds the write lock past the busy timeout: retry later.
    Busy,
    /// The disk is full: nothing was written.
    DiskFull,
    /// Anything else (the engine's message says what).
    Other,
}

/// Classifies `e` (see [`Failure`]).
pub fn failure(e: &Error) -> Failure {
    use rusqlite::ErrorCode as Code;
    match e.sqlite_error_code() {
        Some(Code::DatabaseBusy | Code::DatabaseLocked) => Failure::Busy,
        Some(Code::DiskFull) => Failure::DiskFull,
        _ => Failure::Other,
    }
}

/// The error a row reader returns when column `i` holds text it cannot read as `what` (a
/// timestamp that does not parse, say).
pub fn unreadable_text(i: usize, what: &str) -> Error {
    Error::InvalidColumnType(i, what.into(), rusqlite::types::Type::Text)
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
        let busy =
            Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY), None);
        assert_eq!(failure(&busy), Failure::Busy);
        let full =
            Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL), None);
        assert_eq!(failure(&full), Failure::DiskFull);
        assert_eq!(failure(&unreadable_text(3, "timestamp")), Failure::Other);
    }
}
