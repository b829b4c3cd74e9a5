//! Likely-duplicate lookup for a new registration (SPEC: same appellant or near-identical content
//! within a window).
//!
//! Candidates come from two indexed paths — the same phone number, and appeals whose text contains
//! three spread-out trigrams of the new content (an FTS AND query) — both restricted to the window
//! around the receipt time; candidates by content are then scored by character-bigram Jaccard
//! similarity. Hints carry numbers and subjects only, never personal data.

use crate::error::Result;
use crate::store::{search, settings};
use crate::time::{fmt_ts, parse_ts};
use chrono::{DateTime, Duration, FixedOffset};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use std::collections::HashSet;

/// One likely duplicate.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DuplicateHint {
    pub appeal_id: i64,
    pub reg_number: String,
    pub subject: String,
    pub received_at: DateTime<FixedOffset>,
    pub same_phone: bool,
    /// Content similarity 0–1 (bigram Jaccard), when compared.
    pub similarity: Option<f64>,
}

/// Similarity at or above which content counts as near-identical.
pub const SIMILAR: f64 = 0.6;

fn bigrams(s: &str) -> HashSet<(char, char)> {
    let c: Vec<char> = s
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_ascii_punctuation())
        .collect();
    c.windows(2).map(|w| (w[0], w[1])).collect()
}

/// Jaccard similarity of character bigrams.
pub fn similarity(a: &str, b: &str) -> f64 {
    let (x, y) = (bigrams(a), bigrams(b));
    if x.is_empty() && y.is_empty() {
        return 1.0;
    }
    let inter = x.intersection(&y).count() as f64;
    inter / ((x.len() + y.len()) as f64 - inter)
}

/// Three trigrams taken from the start, middle and end of the text (no spaces or punctuation).
fn probe_trigrams(text: &str) -> Vec<String> {
    let c: Vec<char> = text.chars().filter(|c| c.is_alphanumeric()).collect();
    if c.len() < 3 {
        return Vec::new();
    }
    let last = c.len() - 3;
    let mut picks = vec![0, last / 2, last];
    picks.dedup();
    picks
        .into_iter()
        .map(|i| c[i..i + 3].iter().collect())
        .collect()
}

/// Finds likely duplicates of a new appeal. `exclude` skips the appeal itself.
pub fn likely_duplicates(
    conn: &Connection,
    phone: Option<&str>,
    content: &str,
    received_at: DateTime<FixedOffset>,
    exclude: Option<i64>,
) -> Result<Vec<DuplicateHint>> {
    let days = settings::get_i64(conn, "duplicate.window_days")?;
    let from = fmt_ts(&(received_at - Duration::days(days)));
    let to = fmt_ts(&(received_at + Duration::days(days)));
    let exclude = exclude.unwrap_or(0);
    let mut hints: Vec<DuplicateHint> = Vec::new();
    if let Some(p) = phone.filter(|p| !p.is_empty()) {
        let mut stmt = conn.prepare_cached(
            "SELECT a.id, a.reg_number, a.subject, a.received_at, a.content FROM appellants p
               JOIN appeals a ON a.appellant_id = p.id
             WHERE p.phone = ?1 AND a.received_at BETWEEN ?2 AND ?3 AND a.id <> ?4
             ORDER BY a.id DESC LIMIT 10",
        )?;
        let rows = stmt.query_map(params![p, from, to, exclude], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        for r in rows {
            let (id, reg, subject, at, other) = r?;
            hints.push(DuplicateHint {
                appeal_id: id,
                reg_number: reg,
                subject,
                received_at: parse_ts(&at).unwrap_or(received_at),
                same_phone: true,
                similarity: Some(similarity(content, &other)),
            });
        }
    }
    let probes = probe_trigrams(content);
    if !probes.is_empty() {
        let query = probes
            .iter()
            .map(|t| search::fts_phrase(t))
            .collect::<Vec<_>>()
            .join(" AND ");
        // FTS can skip to a rowid quickly: bound it by the first appeal registered inside the window
        // (ids grow with registration, and registration never precedes receipt; a few days' margin
        // covers clock adjustments), so only recent doclist entries are read.
        let registered_from = fmt_ts(&(received_at - Duration::days(days + 3)));
        let min_id: i64 = conn
            .prepare_cached(
                "SELECT id FROM appeals WHERE registered_at >= ?1 ORDER BY registered_at LIMIT 1",
            )?
            .query_row([&registered_from], |r| r.get(0))
            .optional()?
            .unwrap_or(i64::MAX);
        let mut stmt = conn.prepare_cached(
            "SELECT a.id, a.reg_number, a.subject, a.received_at, a.content FROM appeals a
             WHERE a.id IN (SELECT rowid FROM appeal_fts WHERE appeal_fts MATCH ?1 AND rowid >= ?5
                            ORDER BY rowid DESC LIMIT 200)
               AND a.received_at BETWEEN ?2 AND ?3 AND a.id <> ?4
             ORDER BY a.id DESC LIMIT 20",
        )?;
        let rows = stmt.query_map(params![query, from, to, exclude, min_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        for r in rows {
            let (id, reg, subject, at, other) = r?;
            if hints.iter().any(|h| h.appeal_id == id) {
                continue;
            }
            let sim = similarity(content, &other);
            if sim >= SIMILAR {
                hints.push(DuplicateHint {
                    appeal_id: id,
                    reg_number: reg,
                    subject,
                    received_at: parse_ts(&at).unwrap_or(received_at),
                    same_phone: false,
                    similarity: Some(sim),
                });
            }
        }
    }
    Ok(hints)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity_is_one_for_identical_and_low_for_unrelated() {
        assert!((similarity("小区夜间施工噪音扰民", "小区夜间施工噪音扰民") - 1.0).abs() < 1e-9);
        assert!(similarity("小区夜间施工噪音扰民严重", "小区夜间施工噪音扰民") > SIMILAR);
        assert!(similarity("路灯不亮", "物业收费过高") < 0.1);
    }
}
