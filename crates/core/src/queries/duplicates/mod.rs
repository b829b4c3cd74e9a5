//! Likely-duplicate lookup for a new registration (SPEC: same appellant or near-identical content
//! within a window).
//!
//! Candidates come from two indexed paths — the same phone number, and appeals sharing a hash of
//! the content fingerprint ([`sketch`], table `appeal_sketch`) — both restricted to the window
//! around the receipt time; candidates by content are then scored by character-bigram Jaccard
//! similarity ([`keys`]). Hints carry numbers and subjects only, never
//! personal data.

pub(crate) mod ahead;
pub(crate) mod keys;
pub(crate) mod memo;
pub(crate) mod recent;
pub(crate) mod steps;

pub use ahead::Lookahead;
pub use keys::{TextKeys, sketch};
pub use memo::BigramMemo;
pub use recent::Recent;

use crate::error::Result;
use crate::store::{search, settings};
use chrono::{DateTime, FixedOffset};
use rusqlite::Connection;
use serde::Serialize;
use steps::{Probe, content_candidates, first_in_window, judge_all, same_phone};

/// One likely duplicate.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
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

// The lookups run at every registration and every imported row. Their bound values are written
// `+?n`: a bare `?n` compared with an indexed column let SQLite plan with the bound value, which
// re-prepared the statement each time a new value was bound. The plans are the same either way —
// the index on the one column the lookup names (tests/statement_plans.rs checks that nothing is
// re-prepared).

/// Appeals of the same phone number within the window, newest first.
#[doc(hidden)]
pub const SAME_PHONE_SQL: &str = "SELECT a.id, a.reg_number, a.subject, a.received_at, a.content
     FROM appellants p JOIN appeals a ON a.appellant_id = p.id
     WHERE p.phone = +?1 AND a.received_at BETWEEN +?2 AND +?3 AND a.id <> +?4
     ORDER BY a.id DESC LIMIT 10";

/// [`SAME_PHONE_SQL`] for the appeals with an id above `?5` only: the writer's share of a lookup
/// made ahead against a snapshot ([`crate::queries::duplicates::ahead`]).
#[doc(hidden)]
pub const SAME_PHONE_AFTER_SQL: &str =
    "SELECT a.id, a.reg_number, a.subject, a.received_at, a.content
     FROM appellants p JOIN appeals a ON a.appellant_id = p.id
     WHERE p.phone = +?1 AND a.received_at BETWEEN +?2 AND +?3 AND a.id <> +?4 AND a.id > +?5
     ORDER BY a.id DESC LIMIT 10";

/// The first appeal registered on or after a time (the lower bound of the content lookup).
#[doc(hidden)]
pub const FIRST_IN_WINDOW_SQL: &str = "SELECT id, registered_at FROM appeals
     WHERE registered_at >= +?1 ORDER BY registered_at LIMIT 1";

/// A content candidate in the window; its text only when long enough to be similar.
#[doc(hidden)]
pub const CANDIDATE_SQL: &str = "SELECT a.reg_number, a.subject, a.received_at,
            CASE WHEN length(a.content) >= +?5 THEN a.content END
     FROM appeals a
     WHERE a.id = +?1 AND a.received_at BETWEEN +?2 AND +?3 AND a.id <> +?4";

/// A content candidate whose bigrams the batch already has: its text is not read.
#[doc(hidden)]
pub const CANDIDATE_META_SQL: &str = "SELECT a.reg_number, a.subject, a.received_at, NULL
     FROM appeals a
     WHERE a.id = +?1 AND a.received_at BETWEEN +?2 AND +?3 AND a.id <> +?4";

/// The window of the lookup in days either side of the receipt time (setting
/// `duplicate.window_days`).
pub fn window_days(conn: &Connection) -> Result<i64> {
    settings::get_i64(conn, "duplicate.window_days")
}

/// Finds likely duplicates of a new appeal. `exclude` skips the appeal itself.
pub fn likely_duplicates(
    conn: &Connection,
    phone: Option<&str>,
    content: &str,
    received_at: DateTime<FixedOffset>,
    exclude: Option<i64>,
) -> Result<Vec<DuplicateHint>> {
    likely_duplicates_within(
        conn,
        window_days(conn)?,
        phone,
        content,
        received_at,
        exclude,
        None,
    )
}

/// The batch side of a lookup: the batch's memo of bigrams ([`BigramMemo`]) — candidates found
/// there are not re-read and re-split — the new text's keys, made ahead, and the part of the
/// lookup made ahead against a snapshot of the file, when there is one ([`Lookahead`]).
pub struct BatchLookup<'a> {
    pub memo: &'a BigramMemo,
    pub keys: &'a TextKeys,
    pub ahead: Option<&'a Lookahead>,
    /// The batch's own rows registered since the lookahead's snapshot, to complete it without
    /// SQL ([`Recent`]).
    pub recent: Option<&'a mut Recent>,
}

/// [`likely_duplicates`] with the window already read (a batch reads it once) and, in a batch, its
/// memo, the new text's keys and the lookup made ahead ([`BatchLookup`]).
pub fn likely_duplicates_within(
    conn: &Connection,
    days: i64,
    phone: Option<&str>,
    content: &str,
    received_at: DateTime<FixedOffset>,
    exclude: Option<i64>,
    batch: Option<BatchLookup<'_>>,
) -> Result<Vec<DuplicateHint>> {
    let (memo, keys, ahead, recent) = match batch {
        Some(b) => (Some(b.memo), Some(b.keys), b.ahead, b.recent),
        None => (None, None, None, None),
    };
    let p = Probe::new(days, content, received_at, exclude, keys, memo);
    let phone = phone.filter(|p| !p.is_empty());
    let hashes = match keys {
        Some(k) => k.sketch.clone(),
        None => sketch(content),
    };
    if let Some(ahead) = ahead.filter(|a| a.fits(days, &hashes)) {
        if let Some(hints) = recent.and_then(|r| ahead::complete_from(r, &p, phone, &hashes, ahead))
        {
            return Ok(hints);
        }
        return ahead::complete(conn, &p, phone, &hashes, ahead);
    }
    let mut hints = match phone {
        Some(phone) => same_phone(conn, &p, phone, None)?,
        None => Vec::new(),
    };
    if !hashes.is_empty() {
        let min_id = first_in_window(conn, &p)?;
        let lists = search::sketch_lists(conn, &hashes, min_id)?;
        judge_all(
            conn,
            &p,
            content_candidates(&hashes, &lists),
            &mut hints,
            |_| None,
        )?;
    }
    Ok(hints)
}
