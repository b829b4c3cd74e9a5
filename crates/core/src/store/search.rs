//! The full-text index and the text search over appeals.
//!
//! `appeal_fts` is a contentless FTS5 table with the trigram tokenizer (rowid = appeal id). The
//! trigram tokenizer finds any substring of three or more characters, which suits Chinese without
//! a word segmenter; shorter terms cannot be expressed as trigrams, so they fall back to `LIKE`
//! scans (newest first, stopping at the page). User input is always bound as a parameter: FTS
//! terms are quoted as one phrase, LIKE wildcards are escaped.

use crate::error::Result;
use crate::store::{fts_backlog, registry};
use rusqlite::{Connection, params};

/// Indexes (or re-indexes) one appeal. An appeal still in the [`fts_backlog`] is left there: its
/// entry is made from its columns when the batch is written.
pub fn index(
    conn: &Connection,
    appeal_id: i64,
    subject: &str,
    content: &str,
    address: &str,
    numbers: &str,
) -> Result<()> {
    if fts_backlog::contains(conn, appeal_id)? {
        return Ok(());
    }
    conn.prepare_cached("DELETE FROM appeal_fts WHERE rowid = ?1")?
        .execute([appeal_id])?;
    conn.prepare_cached("INSERT INTO appeal_fts(rowid, subject, content, address, numbers) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![appeal_id, subject, content, address, numbers])?;
    Ok(())
}

/// Inserts a brand-new appeal into the index (no delete first; bulk loaders).
pub fn index_new(
    conn: &Connection,
    appeal_id: i64,
    subject: &str,
    content: &str,
    address: &str,
    numbers: &str,
) -> Result<()> {
    conn.prepare_cached("INSERT INTO appeal_fts(rowid, subject, content, address, numbers) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![appeal_id, subject, content, address, numbers])?;
    Ok(())
}

/// A full-text entry for a new appeal, written later with others ([`index_new_many`]).
#[derive(Debug, Clone, PartialEq)]
pub struct NewEntry {
    pub appeal_id: i64,
    pub subject: String,
    pub content: String,
    pub address: String,
    pub numbers: String,
}

/// Indexes many new appeals with one statement per 500 entries (FTS5 flushes its in-memory
/// entries at every statement that writes to the table, so one statement per entry costs a flush
/// and a merge check each).
pub fn index_new_many(conn: &Connection, entries: &[NewEntry]) -> Result<()> {
    for chunk in entries.chunks(500) {
        let values = vec!["(?, ?, ?, ?, ?)"; chunk.len()].join(", ");
        let sql = format!(
            "INSERT INTO appeal_fts(rowid, subject, content, address, numbers) VALUES {values}"
        );
        let mut args: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(chunk.len() * 5);
        for e in chunk {
            args.push(&e.appeal_id);
            args.push(&e.subject);
            args.push(&e.content);
            args.push(&e.address);
            args.push(&e.numbers);
        }
        conn.prepare_cached(&sql)?.execute(args.as_slice())?;
    }
    Ok(())
}

/// Quotes a user term as one FTS5 phrase.
pub fn fts_phrase(term: &str) -> String {
    format!("\"{}\"", term.replace('"', "\"\""))
}

/// The index's `numbers` column: the registration number and every archive number ever issued
/// (old ones stay searchable after re-classification).
pub fn numbers(conn: &Connection, appeal_id: i64, reg_number: &str) -> Result<String> {
    let mut out = reg_number.to_string();
    for n in registry::archive_numbers(conn, appeal_id)? {
        out.push(' ');
        out.push_str(&n.number);
    }
    Ok(out)
}

/// Escapes `%`, `_` and the escape character for `LIKE … ESCAPE '\'`.
pub fn like_pattern(term: &str) -> String {
    let mut s = String::with_capacity(term.len() + 2);
    s.push('%');
    for c in term.chars() {
        if matches!(c, '%' | '_' | '\\') {
            s.push('\\');
        }
        s.push(c);
    }
    s.push('%');
    s
}

/// Whether a term is long enough for the trigram index.
pub fn uses_index(term: &str) -> bool {
    term.chars().count() >= 3
}

/// Stores an appeal's content fingerprint (see [`crate::queries::duplicates::keys::sketch`]).
pub fn index_sketch(conn: &Connection, appeal_id: i64, hashes: &[i64]) -> Result<()> {
    let mut st = conn.prepare_cached("INSERT INTO appeal_sketch(appeal_id, h) VALUES (?1, ?2)")?;
    for h in hashes {
        st.execute(params![appeal_id, h])?;
    }
    Ok(())
}

/// The appeals sharing one fingerprint hash, newest first (`+?n`: see
/// [`crate::queries::duplicates`], planned once rather than at every bound value).
#[doc(hidden)]
pub const SKETCH_CANDIDATES_SQL: &str = "SELECT appeal_id FROM appeal_sketch
     WHERE h = +?1 AND appeal_id >= +?2 ORDER BY appeal_id DESC LIMIT 100";

/// For each fingerprint hash, the appeals with id ≥ `min_id` that share it, newest first (at most
/// 100 each). Lists per hash, not one count: a lookup made ahead against a snapshot is completed
/// hash by hash with the appeals registered since ([`crate::queries::duplicates::ahead`]).
pub fn sketch_lists(conn: &Connection, hashes: &[i64], min_id: i64) -> Result<Vec<Vec<i64>>> {
    let mut st = conn.prepare_cached(SKETCH_CANDIDATES_SQL)?;
    hashes
        .iter()
        .map(|h| {
            st.query_map(params![h, min_id], |r| r.get::<_, i64>(0))?
                .collect::<rusqlite::Result<Vec<i64>>>()
                .map_err(Into::into)
        })
        .collect()
}

/// How many ids one hash lists at most: the `LIMIT` of [`SKETCH_CANDIDATES_SQL`].
pub const SKETCH_LIST_LIMIT: usize = 100;

/// The distinct ids that occur at least `min_shared` times in `ids`, largest first, at most
/// `limit` of them. Counted by sorting, not in a hash map: a lookup sees up to three hundred ids,
/// and hashing them (and growing the map) was a third of the sketch lookup in an import.
pub fn shared_by_at_least(mut ids: Vec<i64>, min_shared: usize, limit: usize) -> Vec<i64> {
    ids.sort_unstable_by(|a, b| b.cmp(a));
    let mut out = Vec::new();
    for run in ids.chunk_by(|a, b| a == b) {
        if out.len() == limit {
            break;
        }
        if run.len() >= min_shared {
            out.push(run[0]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_ids_are_counted_and_ordered_newest_first() {
        let ids = vec![5, 9, 7, 5, 9, 3, 9, 7, 1];
        assert_eq!(shared_by_at_least(ids.clone(), 2, 10), vec![9, 7, 5]);
        assert_eq!(shared_by_at_least(ids.clone(), 2, 2), vec![9, 7]);
        assert_eq!(shared_by_at_least(ids.clone(), 3, 10), vec![9]);
        assert_eq!(shared_by_at_least(ids, 1, 10), vec![9, 7, 5, 3, 1]);
        assert!(shared_by_at_least(Vec::new(), 1, 10).is_empty());
    }
}
