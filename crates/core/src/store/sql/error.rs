//! The layer's error: SQLite's (as rusqlite reports it), PostgreSQL's, or the layer's own, and
//! [`failure`], the kind of failure the user's sentence is chosen by.
//!
//! PostgreSQL puts row values into some of its messages (`DETAIL: Key (login)=(…) already
//! exists`, `invalid input syntax for type bigint: "…"`), and the driver's `Debug` of an error
//! prints them too. Personal data must not reach a message, a log or a panic, so this error never
//! shows the DETAIL or HINT of a PostgreSQL error, shows the message itself only outside class 22
//! (data exceptions, the ones that quote the value), and adds the names PostgreSQL reports
//! (table, column, constraint) — enough to diagnose, nothing from a row.

use std::fmt;

/// The layer's result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error of either backend, or of the layer.
pub enum Error {
    /// SQLite's error, or a value that could not be read or bound. The PostgreSQL row reader
    /// reports a value it cannot convert in these (rusqlite's `InvalidColumnType`,
    /// `FromSqlConversionFailure`, `IntegralValueOutOfRange`) too, so that both backends describe
    /// a bad column alike.
    Sqlite(rusqlite::Error),
    /// PostgreSQL's error (the server's or the client's).
    Pg(postgres::Error),
    /// `query_row` found no row (see [`OptionalExtension`](super::OptionalExtension)).
    NoRows,
    /// The layer refused the call: a nested write transaction, a commit after a failed
    /// statement. The text is the layer's own (English, like the engines' messages).
    Refused(&'static str),
}

impl From<rusqlite::Error> for Error {
    #[inline]
    fn from(e: rusqlite::Error) -> Self {
        match e {
            rusqlite::Error::QueryReturnedNoRows => Error::NoRows,
            e => Error::Sqlite(e),
        }
    }
}

impl From<postgres::Error> for Error {
    fn from(e: postgres::Error) -> Self {
        Error::Pg(e)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Sqlite(e) => e.fmt(f),
            Error::Pg(e) => pg_text(e, f),
            Error::NoRows => f.write_str("Query returned no rows"),
            Error::Refused(why) => f.write_str(why),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Sqlite(e) => f.debug_tuple("Sqlite").field(e).finish(),
            // Not the driver's Debug: it prints the server's DETAIL, which can hold row values.
            Error::Pg(_) => write!(f, "Pg({self})"),
            Error::NoRows => f.write_str("NoRows"),
            Error::Refused(why) => f.debug_tuple("Refused").field(why).finish(),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Sqlite(e) => Some(e),
            // The driver's error and its cause (the server's DbError, whose Display prints the
            // DETAIL) are left out of the chain on purpose: see the module docs.
            _ => None,
        }
    }
}

/// A PostgreSQL error as text, without anything a row could have put into it.
fn pg_text(e: &postgres::Error, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    if let Some(db) = e.as_db_error() {
        let code = db.code().code();
        write!(f, "PostgreSQL {code}")?;
        if !code.starts_with("22") {
            write!(f, ": {}", db.message())?;
        }
        for (what, name) in [
            ("table", db.table()),
            ("column", db.column()),
            ("constraint", db.constraint()),
        ] {
            if let Some(name) = name {
                write!(f, " ({what} {name})")?;
            }
        }
        return Ok(());
    }
    write!(f, "PostgreSQL: {e}")?;
    // The client's own causes: an I/O error, or the layer's conversion messages (which name
    // types, never values).
    if let Some(cause) = std::error::Error::source(e) {
        write!(f, ": {cause}")?;
    }
    Ok(())
}

/// The SQLite-only modules (opening files, copies, the bulk loader) call rusqlite directly; their
/// errors read as the layer's do.
impl From<rusqlite::Error> for crate::error::CoreError {
    fn from(e: rusqlite::Error) -> Self {
        Error::from(e).into()
    }
}

/// What kind of failure a database error is, for the sentence the user reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Another connection holds the write lock past the busy timeout (SQLite's BUSY; PostgreSQL's
    /// lock timeout, deadlock or serialization failure): retry later.
    Busy,
    /// The disk is full: nothing was written.
    DiskFull,
    /// A UNIQUE or PRIMARY KEY constraint refused a row (SQLite's constraint error,
    /// PostgreSQL's `23505`).
    Unique,
    /// The connection to the database server broke (PostgreSQL only): nothing more was written;
    /// retry later.
    Disconnected,
    /// Anything else (the engine's message says what).
    Other,
}

/// Classifies `e` (see [`Failure`]).
pub fn failure(e: &Error) -> Failure {
    match e {
        Error::Sqlite(e) => {
            use rusqlite::ErrorCode as Code;
            match e {
                rusqlite::Error::SqliteFailure(f, _) => match f.code {
                    Code::DatabaseBusy | Code::DatabaseLocked => Failure::Busy,
                    Code::DiskFull => Failure::DiskFull,
                    Code::ConstraintViolation
                        if matches!(
                            f.extended_code,
                            rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                                | rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
                        ) =>
                    {
                        Failure::Unique
                    }
                    _ => Failure::Other,
                },
                _ => Failure::Other,
            }
        }
        Error::Pg(e) => pg_failure(e),
        Error::NoRows | Error::Refused(_) => Failure::Other,
    }
}

fn pg_failure(e: &postgres::Error) -> Failure {
    use postgres::error::SqlState;
    if e.is_closed() {
        return Failure::Disconnected;
    }
    match e.code() {
        Some(c)
            if *c == SqlState::T_R_DEADLOCK_DETECTED
                || *c == SqlState::LOCK_NOT_AVAILABLE
                || *c == SqlState::T_R_SERIALIZATION_FAILURE =>
        {
            Failure::Busy
        }
        Some(c) if *c == SqlState::DISK_FULL => Failure::DiskFull,
        Some(c) if *c == SqlState::UNIQUE_VIOLATION => Failure::Unique,
        Some(c)
            if c.code().starts_with("08")
                || *c == SqlState::ADMIN_SHUTDOWN
                || *c == SqlState::CRASH_SHUTDOWN
                || *c == SqlState::CANNOT_CONNECT_NOW =>
        {
            Failure::Disconnected
        }
        Some(_) => Failure::Other,
        // No answer from the server: the socket failed.
        None if std::error::Error::source(e).is_some_and(|c| c.is::<std::io::Error>()) => {
            Failure::Disconnected
        }
        None => Failure::Other,
    }
}

/// The error a row reader returns when column `i` holds text it cannot read as `what` (a
/// timestamp that does not parse, say).
pub fn unreadable_text(i: usize, what: &str) -> Error {
    Error::Sqlite(rusqlite::Error::InvalidColumnType(
        i,
        what.into(),
        rusqlite::types::Type::Text,
    ))
}
