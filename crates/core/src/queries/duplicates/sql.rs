//! The lookup's statements. They run at every registration and every imported row, so their bound
//! values are written `+?n`: a bare `?n` compared with an indexed column let SQLite plan with the
//! bound value, which re-prepared the statement each time a new value was bound. The plans are the
//! same either way — the index on the one column the lookup names (`tests/statement_plans.rs`
//! checks that nothing is re-prepared, through [`LOOKUP_STATEMENTS`]).

use crate::error::Result;
use crate::store::sql;
use crate::store::sql::{Connection, params};

/// Appeals of the same phone number within the window, newest first.
pub(super) const SAME_PHONE_SQL: &str =
    "SELECT a.id, a.reg_number, a.subject, a.received_at, a.content
     FROM appellants p JOIN appeals a ON a.appellant_id = p.id
     WHERE p.phone = +?1 AND a.received_at BETWEEN +?2 AND +?3 AND a.id <> +?4
     ORDER BY a.id DESC LIMIT 10";

/// Appeals of the same ID number within the window, newest first (index `appellants_id_number`,
/// migration 011).
pub(super) const SAME_ID_NUMBER_SQL: &str =
    "SELECT a.id, a.reg_number, a.subject, a.received_at, a.content
     FROM appellants p JOIN appeals a ON a.appellant_id = p.id
     WHERE p.id_number = +?1 AND a.received_at BETWEEN +?2 AND +?3 AND a.id <> +?4
     ORDER BY a.id DESC LIMIT 10";

/// [`SAME_PHONE_SQL`] for the appeals with an id above `?5` only: the writer's share of a lookup
/// made ahead against a snapshot ([`super::ahead`]).
pub(super) const SAME_PHONE_AFTER_SQL: &str =
    "SELECT a.id, a.reg_number, a.subject, a.received_at, a.content
     FROM appellants p JOIN appeals a ON a.appellant_id = p.id
     WHERE p.phone = +?1 AND a.received_at BETWEEN +?2 AND +?3 AND a.id <> +?4 AND a.id > +?5
     ORDER BY a.id DESC LIMIT 10";

/// The first appeal registered on or after a time (the lower bound of the content lookup).
pub(super) const FIRST_IN_WINDOW_SQL: &str = "SELECT id, registered_at FROM appeals
     WHERE registered_at >= +?1 ORDER BY registered_at LIMIT 1";

/// A content candidate in the window; its text only when long enough to be similar.
pub(super) const CANDIDATE_SQL: &str = "SELECT a.reg_number, a.subject, a.received_at,
            CASE WHEN length(a.content) >= +?5 THEN a.content END
     FROM appeals a
     WHERE a.id = +?1 AND a.received_at BETWEEN +?2 AND +?3 AND a.id <> +?4";

/// A content candidate whose bigrams the batch already has: its text is not read.
pub(super) const CANDIDATE_META_SQL: &str = "SELECT a.reg_number, a.subject, a.received_at, NULL
     FROM appeals a
     WHERE a.id = +?1 AND a.received_at BETWEEN +?2 AND +?3 AND a.id <> +?4";

/// The appeals sharing one fingerprint hash from an id on, newest first.
pub(super) const SKETCH_CANDIDATES_SQL: &str = "SELECT appeal_id FROM appeal_sketch
     WHERE h = +?1 AND appeal_id >= +?2 ORDER BY appeal_id DESC LIMIT 100";

/// How many ids one hash lists at most: the `LIMIT` of [`SKETCH_CANDIDATES_SQL`].
pub(super) const SKETCH_LIST_LIMIT: usize = 100;

/// The statements a registration's lookup runs, by name, for `tests/statement_plans.rs`.
pub const LOOKUP_STATEMENTS: [(&str, &str); 5] = [
    ("same phone", SAME_PHONE_SQL),
    ("first in window", FIRST_IN_WINDOW_SQL),
    ("content candidate", CANDIDATE_SQL),
    ("known candidate", CANDIDATE_META_SQL),
    ("sketch candidates", SKETCH_CANDIDATES_SQL),
];

/// For each fingerprint hash, the appeals with id ≥ `min_id` that share it, newest first (at most
/// [`SKETCH_LIST_LIMIT`] each). Lists per hash, not one count: a lookup made ahead against a
/// snapshot is completed hash by hash with the appeals registered since ([`super::ahead`]).
pub(super) fn sketch_lists(
    conn: &Connection,
    hashes: &[i64],
    min_id: i64,
) -> Result<Vec<Vec<i64>>> {
    let mut st = conn.prepare_cached(SKETCH_CANDIDATES_SQL)?;
    hashes
        .iter()
        .map(|h| {
            st.query_map(params![h, min_id], |r| r.get::<_, i64>(0))?
                .collect::<sql::Result<Vec<i64>>>()
                .map_err(Into::into)
        })
        .collect()
}
