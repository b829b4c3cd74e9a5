//! The full-text index and the text search over appeals.
//!
//! `appeal_fts` is a contentless FTS5 table with the trigram tokenizer (rowid = appeal id). The
//! trigram tokenizer finds any substring of three or more characters, which suits Chinese without
//! a word segmenter; shorter terms cannot be expressed as trigrams, so they fall back to `LIKE`
//! scans (newest first, stopping at the page). User input is always bound as a parameter: FTS
//! terms are quoted as one phrase, LIKE wildcards are escaped.
//!
//! FTS5 is SQLite's own: on PostgreSQL the same functions write and read the `appeal_search` rows
//! and pg_trgm's indexes instead ([`pg`], decision 0014 §3.2), with the same results.

use crate::error::Result;
use crate::store::sql::{self, Connection, params};
use crate::store::{fts_backlog, registry};

pub(crate) mod pg;

/// Indexes (or re-indexes) one appeal. An appeal still in the [`fts_backlog`] is left there: its
/// entry is made from its columns when the batch is written.
pub(crate) fn index(
    conn: &Connection,
    appeal_id: i64,
    subject: &str,
    content: &str,
    address: &str,
    numbers: &str,
) -> Result<()> {
    if conn.pg().is_some() {
        return pg::index(conn, appeal_id, subject, content, address, numbers);
    }
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
pub(crate) fn index_new(
    conn: &Connection,
    appeal_id: i64,
    subject: &str,
    content: &str,
    address: &str,
    numbers: &str,
) -> Result<()> {
    if conn.pg().is_some() {
        return pg::index(conn, appeal_id, subject, content, address, numbers);
    }
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
/// and a merge check each). On PostgreSQL, one search row per appeal.
pub(crate) fn index_new_many(conn: &Connection, entries: &[NewEntry]) -> Result<()> {
    if conn.pg().is_some() {
        // One row each: the GIN pending list batches the index work (decision 0014, §2.4).
        for e in entries {
            pg::index(
                conn,
                e.appeal_id,
                &e.subject,
                &e.content,
                &e.address,
                &e.numbers,
            )?;
        }
        return Ok(());
    }
    for chunk in entries.chunks(500) {
        let values = vec!["(?, ?, ?, ?, ?)"; chunk.len()].join(", ");
        let sql = format!(
            "INSERT INTO appeal_fts(rowid, subject, content, address, numbers) VALUES {values}"
        );
        let mut args: Vec<&dyn sql::types::ToSql> = Vec::with_capacity(chunk.len() * 5);
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

/// The FTS5 query for a user term: the phrase in every column, or — for a reader who may not
/// find appeals through the people behind them ([`crate::access::may_look_up_people`]) — in every
/// column but the appellant's address.
pub(crate) fn fts_query(term: &str, with_address: bool) -> String {
    let phrase = fts_phrase(term);
    if with_address {
        phrase
    } else {
        format!("{{subject content numbers}} : {phrase}")
    }
}

/// Whether some appeal's appellant address contains the term (in the index or waiting for it):
/// such a search found appeals through personal data, and is logged.
pub(crate) fn address_matches(conn: &Connection, term: &str) -> Result<bool> {
    if conn.pg().is_some() {
        return pg::address_matches(conn, term);
    }
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM appeal_fts WHERE appeal_fts MATCH ?1)
                 OR EXISTS (SELECT 1 FROM fts_backlog b CROSS JOIN appeals a ON a.id = b.appeal_id
                            CROSS JOIN appellants p ON p.id = a.appellant_id
                            WHERE p.address LIKE ?2 ESCAPE '\\')",
        )?
        .query_row(
            params![
                format!("address : {}", fts_phrase(term)),
                like_pattern(term)
            ],
            |r| r.get(0),
        )?)
}

/// Quotes a user term as one FTS5 phrase.
pub(crate) fn fts_phrase(term: &str) -> String {
    format!("\"{}\"", term.replace('"', "\"\""))
}

/// The index's `numbers` column: the registration number and every archive number ever issued
/// (old ones stay searchable after re-classification).
pub(crate) fn numbers(conn: &Connection, appeal_id: i64, reg_number: &str) -> Result<String> {
    let mut out = reg_number.to_string();
    for n in registry::archive_numbers(conn, appeal_id)? {
        out.push(' ');
        out.push_str(&n.number);
    }
    Ok(out)
}

/// Escapes `%`, `_` and the escape character for `LIKE … ESCAPE '\'`.
pub(crate) fn like_pattern(term: &str) -> String {
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
pub(crate) fn uses_index(term: &str) -> bool {
    term.chars().count() >= 3
}

/// Stores an appeal's content fingerprint ([`crate::queries::duplicates::sketch`]), which the
/// likely-duplicate lookup reads.
pub(crate) fn index_sketch(conn: &Connection, appeal_id: i64, hashes: &[i64]) -> Result<()> {
    let mut st = conn.prepare_cached("INSERT INTO appeal_sketch(appeal_id, h) VALUES (?1, ?2)")?;
    for h in hashes {
        st.execute(params![appeal_id, h])?;
    }
    Ok(())
}
