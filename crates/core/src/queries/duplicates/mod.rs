//! The likely-duplicate engine: at every registration and every imported row, the appeals that
//! are probably the same matter (SPEC: the same appellant, or near-identical content, within a
//! window — setting `duplicate.window_days`, days either side of the receipt time). Hints are
//! flagged, never merged, and carry numbers and subjects only, never personal data.
//!
//! # Entry point
//!
//! - [`likely_duplicates`]: the whole lookup on one connection (the registration form's hints,
//!   `usecases::register::hints_for_form`).
//! - `Lookups`: the lookups of one write transaction — `Lookups::single` for a registration,
//!   `BatchMemory::begin` for a chunk of an import (`end` after it). `find` before the appeal
//!   is inserted, `record` after: its fingerprint rows and, in a batch, what later rows look up.
//! - [`BatchMemory`]: what an import keeps from chunk to chunk. Its `snapshot` reads the lookups
//!   ahead (`Snapshot::read_ahead`) into each row's `PreparedLookup` (the text's keys, made on the
//!   thread that prepares the chunk).
//! - [`sketch`]: the fingerprint, for bulk loaders that write `appeal_sketch` themselves.
//!
//! The engine knows nothing of forms or use cases; its steps are private submodules: `keys`
//! (bigrams, similarity, the sketch), `memo`, `steps` (shared by both ways of running a lookup),
//! `ahead` (reading ahead and completing), `recent` (the writer's own rows), `sql`.
//!
//! # Two candidate paths
//!
//! A text scan is out of the question on a million appeals, so candidates come from two indexed
//! paths, both restricted to the window:
//! - **the same phone** (the same person, writing about anything): the ten newest appeals of the
//!   number in the window, each a hint, with its content similarity for the clerk;
//! - **the same content** (the same post, from any account): the appeals whose fingerprint shares
//!   two of the new text's three hashes (all of a shorter one), the ten newest, from the first
//!   appeal registered in the window on (ids grow with registration, which never precedes
//!   receipt; a few days' margin covers clock adjustments). Each is judged: in the window, long
//!   enough, and a character-bigram Jaccard similarity of at least `SIMILAR` (0.6). A text with
//!   fewer characters than 0.6 × the new text's distinct bigrams cannot reach it, and SQLite does
//!   not even return its content.
//!
//! # The sketch
//!
//! The fingerprint ([`sketch`], table `appeal_sketch`, written at registration) keeps the three
//! smallest 64-bit hashes (FNV-1a) of the text's character trigrams, letters and digits only. Two
//! texts whose trigram sets overlap by a share J have the same smallest hash with probability J,
//! so near-identical texts almost always share two of the three: an index lookup (one list per
//! hash, its hundred newest ids) instead of a text search. Requiring two hashes keeps texts that
//! merely share one common phrase out of the costlier similarity check.
//!
//! # The bigram memo
//!
//! Similarity compares sorted lists of the texts' distinct character bigrams (packed integers,
//! merged with an early exit: most candidates share a phrase, not the text). In an import the
//! candidates are mostly the batch's own earlier rows — near-identical posts arrive together —
//! and re-reading and re-splitting them row after row was a third of an import's time. So the
//! batch keeps the lists it has made (`memo`, in [`BatchMemory`], 64 MB at most, the oldest
//! forgotten first — they leave the window first too), each with its text's length so that a
//! remembered candidate meets the same length bound as one read: the memo never changes a hint.
//! A single registration has no memo, and makes the new text's bigrams only when there is a
//! candidate: most appeals have none.
//!
//! # Read-ahead for imports
//!
//! The lookup was a quarter of an import's writing thread, and an office PC has a second core.
//! The thread that prepares the next chunk therefore also reads each row's lookup ahead, on a
//! read-only second connection, against a snapshot of the committed file; the writer then only
//! completes it with the appeals registered since. The result is the whole lookup's: every part
//! of it is "newest first, at most N" over appeal ids, and the appeals registered after the
//! snapshot all have larger ids, so each list is the newer part followed by the snapshot's, cut
//! at N — ten by phone; a hundred per hash from the first appeal in the window on (the writer
//! reads that first appeal itself and cuts the snapshot's lists to it; were it older than the
//! snapshot's, the lists would miss some, and the writer reads them whole); and the candidates
//! counted from those lists are judged by the same function on either side (the writer judges any
//! the snapshot did not). A lookup read ahead with another window setting is not used.
//!
//! The appeals after the snapshot are nearly always the import's own rows, of the chunk in flight
//! and the current one, and completing with SQL still cost a fifth of the writer. The writer
//! remembers those rows (`recent`: phone, fingerprint, times, number, subject, bigrams, indexed by
//! phone and hash) and completes the lookup from memory, compared as SQLite compares — but only
//! when they are provably all the appeals after the snapshot: their count equals the ids between
//! the snapshot's last and the file's largest, read at each transaction. An appeal registered at
//! another workstation meanwhile makes them fall short, and the lookup is completed with SQL.
//! What is read ahead is only as current as the snapshot: an edit by another workstation to an
//! existing appeal's text or receipt time during the import is not seen — registration, which is
//! what runs concurrently, only adds appeals, and those have newer ids.
//!
//! `tests/import_batch.rs` checks that chunking, the memo, reading ahead 0–3 chunks early,
//! completing from memory or with SQL, and another workstation registering between chunks never
//! change a hint; `tests/statement_plans.rs` that no lookup statement is re-prepared (`sql`).

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
use crate::store::settings::SettingKey;
use crate::store::sql::Connection;
use crate::store::{Store, appeals, search, settings};
use crate::time::fmt_ts;
use ahead::Lookahead;
use chrono::{DateTime, FixedOffset};
use keys::TextKeys;
use memo::BigramMemo;
use recent::{Recent, RecentRow};
use serde::{Deserialize, Serialize};
use std::sync::{Mutex, MutexGuard};
use steps::Probe;

/// One likely duplicate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct DuplicateHint {
    pub appeal_id: i64,
    pub reg_number: String,
    pub subject: String,
    pub received_at: DateTime<FixedOffset>,
    pub same_phone: bool,
    /// Of the same ID number (the registration form's hints only).
    #[serde(default)]
    pub same_id_number: bool,
    /// Content similarity 0–1 (bigram Jaccard), when compared.
    pub similarity: Option<f64>,
}

/// Similarity at or above which content counts as near-identical.
const SIMILAR: f64 = 0.6;

impl DuplicateHint {
    /// Whether the content alone makes it a likely duplicate (not only the same phone).
    pub fn similar_content(&self) -> bool {
        self.similarity.is_some_and(|s| s >= SIMILAR)
    }
}

/// The window of the lookup in days either side of the receipt time (setting
/// `duplicate.window_days`).
fn window_days(conn: &Connection) -> Result<i64> {
    settings::get_i64(conn, SettingKey::DuplicateWindowDays)
}

/// Finds likely duplicates of an appeal received at `received_at`, whole, on one connection (the
/// registration form's hints): by phone, by ID number, by content. `exclude` skips the appeal
/// itself.
pub fn likely_duplicates(
    store: &Store,
    phone: Option<&str>,
    id_number: Option<&str>,
    content: &str,
    received_at: DateTime<FixedOffset>,
    exclude: Option<i64>,
) -> Result<Vec<DuplicateHint>> {
    let conn = store.conn();
    let p = Probe::new(
        window_days(conn)?,
        content,
        received_at,
        exclude,
        None,
        None,
    );
    let mut hints = steps::whole(conn, &p, phone.filter(|p| !p.is_empty()), &sketch(content))?;
    if let Some(id_number) = id_number.filter(|n| !n.is_empty()) {
        steps::same_id_number(conn, &p, id_number, &mut hints)?;
    }
    Ok(hints)
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
/// it has split (`memo`) and the rows it registered itself (`recent`). Shared by the thread that
/// reads lookups ahead (`snapshot`) and the writer (`begin`, `end`); see the module doc.
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
