//! Table `imported_rows`: the fingerprint of every imported batch row and the appeal it became.

use crate::error::Result;
use crate::store::sql::{Connection, OptionalExtension, params};

/// The appeal an imported row became (`+?1`: planned once, not at every fingerprint bound — see
/// [`crate::queries::duplicates`]).
#[doc(hidden)]
pub const FIND_SQL: &str = "SELECT a.id, a.reg_number FROM imported_rows i
     JOIN appeals a ON a.id = i.appeal_id WHERE i.fingerprint = +?1";

/// The appeal (id, registration number) an earlier import made of the row with `fingerprint`.
pub(crate) fn find(conn: &Connection, fingerprint: &[u8]) -> Result<Option<(i64, String)>> {
    Ok(conn
        .prepare_cached(FIND_SQL)?
        .query_row([fingerprint], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Remembers that the row with `fingerprint` became `appeal_id`.
pub(crate) fn insert(
    conn: &Connection,
    fingerprint: &[u8],
    appeal_id: i64,
    at: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO imported_rows(fingerprint, appeal_id, imported_at) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![fingerprint, appeal_id, at])?;
    Ok(())
}
