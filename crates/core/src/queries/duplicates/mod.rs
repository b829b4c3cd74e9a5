//! Likely-duplicate lookup for a new registration (SPEC: same appellant or near-identical content
//! within a window).
//!
//! Candidates come from two indexed paths — the same phone number, and appeals sharing a hash of
//! the content fingerprint ([`sketch`], table `appeal_sketch`) — both restricted to the window
//! around the receipt time; candidates by content are then scored by character-bigram Jaccard
//! similarity ([`keys`]). Hints carry numbers and subjects only, never
//! personal data.

mod ahead;
mod keys;
mod memo;
mod recent;
mod sql;
mod steps;

pub use keys::sketch;
#[doc(hidden)]
pub use sql::LOOKUP_STATEMENTS;

use crate::error::Result;
use crate::model::Appeal;
use crate::store::{appeals, search, settings};
use crate::time::fmt_ts;
use ahead::Lookahead;
use chrono::{DateTime, FixedOffset};
use keys::TextKeys;
use memo::BigramMemo;
use recent::{Recent, RecentRow};
use rusqlite::Connection;
use serde::Serialize;
use std::sync::{Mutex, MutexGuard};
use steps::Probe;

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
const SIMILAR: f64 = 0.6;

/// The window of the lookup in days either side of the receipt time (setting
/// `duplicate.window_days`).
fn window_days(conn: &Connection) -> Result<i64> {
    settings::get_i64(conn, "duplicate.window_days")
}

/// Finds likely duplicates of an appeal received at `received_at`, whole, on one connection (the
/// registration form's hints). `exclude` skips the appeal itself.
pub fn likely_duplicates(
    conn: &Connection,
    phone: Option<&str>,
    content: &str,
    received_at: DateTime<FixedOffset>,
    exclude: Option<i64>,
) -> Result<Vec<DuplicateHint>> {
    let p = Probe::new(
        window_days(conn)?,
        content,
        received_at,
        exclude,
        None,
        None,
    );
    steps::whole(conn, &p, phone.filter(|p| !p.is_empty()), &sketch(content))
}

/// A new appeal, as the lookup sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NewAppeal<'a> {
    pub phone: Option<&'a str>,
    pub content: &'a str,
    pub received_at: DateTime<FixedOffset>,
}

/// What a batch prepares for one row's lookup away from the writer: the text's keys, made on the
/// thread that prepares the next chunk, and the part of the lookup read ahead against a snapshot
/// ([`Snapshot::read_ahead`]) once it has been.
#[derive(Debug, Clone)]
pub(crate) struct PreparedLookup {
    keys: TextKeys,
    ahead: Option<Lookahead>,
}

impl PreparedLookup {
    pub(crate) fn of(content: &str) -> Self {
        Self {
            keys: TextKeys::of(content),
            ahead: None,
        }
    }

    /// Whether the lookup was read ahead against a snapshot.
    pub(crate) fn looked_ahead(&self) -> bool {
        self.ahead.is_some()
    }
}

/// The lookups of one write transaction: the window, read once, and in a batch its memory. A
/// registration calls [`Lookups::find`] before its appeal is inserted and [`Lookups::record`]
/// after.
pub(crate) struct Lookups<'a> {
    days: i64,
    batch: Option<&'a BatchMemory>,
}

impl Lookups<'static> {
    /// The lookups of a single registration.
    pub(crate) fn single(conn: &Connection) -> Result<Self> {
        Ok(Self {
            days: window_days(conn)?,
            batch: None,
        })
    }
}

impl Lookups<'_> {
    /// The likely duplicates of `new`, with what a batch prepared for it, if anything.
    pub(crate) fn find(
        &self,
        conn: &Connection,
        new: &NewAppeal<'_>,
        prepared: Option<&PreparedLookup>,
    ) -> Result<Vec<DuplicateHint>> {
        let keys = prepared.map(|l| &l.keys);
        let memo = self.batch.map(|b| &b.memo);
        let p = Probe::new(self.days, new.content, new.received_at, None, keys, memo);
        let phone = new.phone.filter(|p| !p.is_empty());
        let made;
        let hashes: &[i64] = match keys {
            Some(k) => &k.sketch,
            None => {
                made = sketch(new.content);
                &made
            }
        };
        let ahead = prepared
            .and_then(|l| l.ahead.as_ref())
            .filter(|a| a.fits(self.days, hashes));
        if let Some(ahead) = ahead {
            if let Some(hints) = self
                .batch
                .and_then(|b| ahead::complete_from(&mut b.recent(), &p, phone, hashes, ahead))
            {
                return Ok(hints);
            }
            return ahead::complete(conn, &p, phone, hashes, ahead);
        }
        steps::whole(conn, &p, phone, hashes)
    }

    /// Records the appeal registered for `new` (inserted in this transaction): its fingerprint
    /// rows, and in a batch its bigrams and the row itself, for the lookups still to come.
    pub(crate) fn record(
        &self,
        conn: &Connection,
        new: &NewAppeal<'_>,
        appeal: &Appeal,
        prepared: Option<&PreparedLookup>,
    ) -> Result<()> {
        let Some(b) = self.batch else {
            return match prepared {
                Some(l) => search::index_sketch(conn, appeal.id, &l.keys.sketch),
                None => search::index_sketch(conn, appeal.id, &sketch(new.content)),
            };
        };
        let made;
        let keys = match prepared {
            Some(l) => &l.keys,
            None => {
                made = TextKeys::of(new.content);
                &made
            }
        };
        b.memo.put(appeal.id, keys.known());
        b.recent().push(RecentRow {
            id: appeal.id,
            reg_number: appeal.reg_number.clone(),
            subject: appeal.subject.clone(),
            received_at: fmt_ts(&appeal.received_at),
            registered_at: fmt_ts(&appeal.registered_at),
            phone: new.phone.map(str::to_string),
            sketch: keys.sketch.clone(),
            known: keys.known(),
        });
        search::index_sketch(conn, appeal.id, &keys.sketch)
    }
}

/// What a batch of registrations (an import) keeps from chunk to chunk: the bigrams of the texts
/// it has split ([`memo`]) and the rows it registered itself ([`recent`]). Shared by the thread
/// that reads lookups ahead ([`BatchMemory::snapshot`]) and the writer ([`BatchMemory::begin`]).
#[derive(Debug, Default)]
pub struct BatchMemory {
    memo: BigramMemo,
    /// Only the writer uses it: the lock is never contended.
    recent: Mutex<Recent>,
}

impl BatchMemory {
    pub fn new() -> Self {
        Self::default()
    }

    /// The writer's rows. After a panic while they were being changed they may not be what they
    /// claim: they are forgotten (the lookups are then completed with SQL).
    fn recent(&self) -> MutexGuard<'_, Recent> {
        self.recent.lock().unwrap_or_else(|e| {
            self.recent.clear_poison();
            let mut recent = e.into_inner();
            *recent = Recent::default();
            recent
        })
    }

    /// The lookups of a write transaction of the batch, just begun; [`BatchMemory::end`] when it
    /// ends.
    pub(crate) fn begin(&self, conn: &Connection) -> Result<Lookups<'_>> {
        let days = window_days(conn)?;
        self.recent().begin(appeals::last_id(conn)?);
        Ok(Lookups {
            days,
            batch: Some(self),
        })
    }

    /// The batch's write transaction ended, committed or not.
    pub(crate) fn end(&self, committed: bool) {
        self.recent().end(committed);
    }

    /// Reads lookups ahead in the read transaction `conn` is in (a second connection to the file).
    pub(crate) fn snapshot(&self, conn: &Connection) -> Result<Snapshot<'_>> {
        // The largest id first: in a deferred transaction this first read takes the snapshot.
        let last_id = appeals::last_id(conn)?;
        Ok(Snapshot {
            memory: self,
            last_id,
            days: window_days(conn)?,
        })
    }

    /// Forgets the writer's own rows, so that the lookups read ahead are completed with SQL (as
    /// when another workstation registers meanwhile). For tests: both ways give the same hints.
    #[doc(hidden)]
    pub fn forget_own_rows(&self) {
        *self.recent() = Recent::default();
    }
}

/// A snapshot of the file (a read transaction on a second connection), against which a batch's
/// lookups are read ahead.
pub(crate) struct Snapshot<'a> {
    memory: &'a BatchMemory,
    last_id: i64,
    days: i64,
}

impl Snapshot<'_> {
    /// Reads the lookup of `new` against the snapshot, into `prepared`.
    pub(crate) fn read_ahead(
        &self,
        conn: &Connection,
        new: &NewAppeal<'_>,
        prepared: &mut PreparedLookup,
    ) -> Result<()> {
        let p = Probe::new(
            self.days,
            new.content,
            new.received_at,
            None,
            Some(&prepared.keys),
            Some(&self.memory.memo),
        );
        let phone = new.phone.filter(|p| !p.is_empty());
        prepared.ahead = Some(ahead::read(
            conn,
            self.last_id,
            &p,
            phone,
            &prepared.keys.sketch,
        )?);
        Ok(())
    }
}
