//! Importing a batch of online-channel appeals (§二(二)2): every row validated like a typed
//! registration and registered with the batch's channel and the row's own receipt time (so the
//! initial-review deadline runs from when the appellant wrote, not from the import), likely
//! duplicates found and returned — flagged, never merged — and each imported row remembered by a
//! fingerprint so that importing it again registers nothing.
//!
//! Transactions: one per chunk of rows, which the caller sizes (the sheets crate uses two
//! thousand, about a second of work). Not one per row: every commit is a durable fsync
//! (`synchronous=FULL`), and a 100,000-row batch would spend minutes in them. Not one for the whole file: it would hold the
//! write lock for the whole import, and another workstation registering at the window would wait
//! past its busy timeout. A chunk commits its rows together with their fingerprints, so whatever
//! interrupts an import (a crash, a full disk, a bad row in the database) leaves whole rows behind,
//! and running the same import again picks up exactly where it stopped. Rows that fail validation
//! never reach the transaction, so a bad row cannot undo a good one.

use crate::access::{Action, authorize};
use crate::error::{CoreError, Result};
use crate::model::{Channel, Ctx};
use crate::queries::duplicates::{BatchMemory, DuplicateHint, PreparedLookup};
use crate::store::sql::Connection;
use crate::store::{Store, imports, search};
use crate::time::fmt_ts;
use crate::usecases::register::{
    Batch, RegisterInput, RegistrationSettings, ValidRegistration, new_appeal, register_valid,
    validate_or_all,
};
use chrono::{DateTime, FixedOffset};
use sha2::{Digest, Sha256};

/// One row of a batch: where it came from (the sheet's row number, for the error report) and the
/// registration it asks for (its channel is replaced by the batch's).
#[derive(Debug, Clone, PartialEq)]
pub struct ImportRow {
    pub line: u64,
    pub input: RegisterInput,
}

/// What became of one row.
#[derive(Debug, Clone, PartialEq)]
pub enum RowOutcome {
    /// Registered; `likely_duplicates` non-empty means the row is flagged for the clerk.
    Registered {
        appeal_id: i64,
        reg_number: String,
        likely_duplicates: Vec<DuplicateHint>,
    },
    /// An earlier import (or an identical row earlier in this one) already registered it.
    AlreadyImported { reg_number: String },
    /// Not registered: every problem, in the order of the paper form.
    Rejected { problems: Vec<CoreError> },
}

/// Refuses offline channels: letters, calls and walk-ins are registered one by one at the window,
/// where the receipt is printed.
pub fn check_channel(channel: Channel) -> Result<()> {
    if channel.is_online() {
        Ok(())
    } else {
        Err(CoreError::field(
            "channel",
            format!(
                "{}不是线上渠道，不能批量导入。批量导入只用于官网留言、微信、微博和线上平台导出的文件；{}的诉求请逐件登记。",
                channel.label(),
                channel.label()
            ),
        ))
    }
}

/// The fingerprint of a validated row: what makes two rows the same submission.
pub fn fingerprint(v: &ValidRegistration) -> Vec<u8> {
    let mut h = Sha256::new();
    for part in [
        v.channel.code(),
        v.appellant.name.as_str(),
        v.appellant.phone.as_deref().unwrap_or(""),
        &fmt_ts(&v.received_at),
        v.subject.as_str(),
        v.content.as_str(),
    ] {
        h.update(part.as_bytes());
        // A separator that cannot occur in the fields keeps "ab"+"c" apart from "a"+"bc".
        h.update([0x1f]);
    }
    h.finalize().to_vec()
}

/// A row made ready for the database without touching it: validated once, fingerprinted, its
/// text's duplicate keys made. Pure, so a batch prepares the next chunk on another core while the
/// current one is written ([`prepare_rows`]).
#[derive(Debug, Clone)]
pub struct PreparedRow {
    ready: std::result::Result<Ready, Vec<CoreError>>,
}

impl PreparedRow {
    /// Whether the row's duplicate lookup was read ahead ([`look_ahead`]): not for a rejected
    /// row, nor for one an earlier import registered.
    pub fn looked_ahead(&self) -> bool {
        matches!(&self.ready, Ok(r) if r.lookup.looked_ahead())
    }
}

#[derive(Debug, Clone)]
struct Ready {
    v: ValidRegistration,
    fingerprint: Vec<u8>,
    /// The text's duplicate keys, and the lookup against the file as it was once read ahead
    /// ([`look_ahead`]).
    lookup: PreparedLookup,
}

/// Prepares rows for [`import_prepared`]: each validated like a typed registration with the
/// batch's channel at time `now`.
pub fn prepare_rows(
    now: DateTime<FixedOffset>,
    channel: Channel,
    rows: &[ImportRow],
) -> Vec<PreparedRow> {
    rows.iter()
        .map(|row| {
            let mut input = row.input.clone();
            input.channel = channel.code().to_string();
            PreparedRow {
                ready: validate_or_all(&input, now).map(|v| Ready {
                    fingerprint: fingerprint(&v),
                    lookup: PreparedLookup::of(&v.content),
                    v,
                }),
            }
        })
        .collect()
}

/// A second, read-only connection to an import's database file, for [`look_ahead`] on another
/// thread.
pub struct AheadReader {
    conn: Connection,
}

impl AheadReader {
    /// `None` when there is no file to share (an in-memory database): the writer then does the
    /// whole lookup.
    pub fn open(store: &Store) -> Result<Option<Self>> {
        Ok(crate::store::db::open_sibling_reader(store.conn())?.map(|conn| Self { conn }))
    }
}

/// Reads the prepared rows' likely-duplicate lookups ahead on `reader`, a second connection to the
/// database file, in one read transaction: against the appeals committed when it starts
/// ([`crate::queries::duplicates`] explains the split). [`import_prepared`] then completes each
/// lookup with the appeals registered since, so that the hints are the ones the whole lookup would
/// give. An error leaves the rows it did not reach to be looked up in full by the writer.
pub fn look_ahead(
    reader: &mut AheadReader,
    rows: &mut [PreparedRow],
    memory: &BatchMemory,
) -> Result<()> {
    // Deferred: the snapshot is taken by the first read.
    let tx = crate::store::sql::begin_read(&reader.conn)?;
    let snapshot = memory.snapshot(&tx)?;
    for row in rows {
        if let Ok(ready) = &mut row.ready {
            // Imported before: the writer will find it too, and register nothing.
            if imports::find(&tx, &ready.fingerprint)?.is_some() {
                continue;
            }
            snapshot.read_ahead(&tx, &new_appeal(&ready.v), &mut ready.lookup)?;
        }
    }
    // Nothing was written: ending the read transaction either way releases the snapshot.
    tx.rollback()?;
    Ok(())
}

/// Imports one chunk of rows in one transaction (see the module doc); returns one outcome per row,
/// in order. An `Err` means the database failed and none of this chunk's rows were kept. `memory`
/// carries what the duplicate lookup keeps from chunk to chunk of one file ([`BatchMemory`]).
pub fn import_rows(
    store: &mut Store,
    ctx: &Ctx<'_>,
    channel: Channel,
    rows: &[ImportRow],
    memory: &BatchMemory,
) -> Result<Vec<RowOutcome>> {
    authorize(ctx.actor, Action::Import, None)?;
    check_channel(channel)?;
    import_prepared(
        store,
        ctx,
        channel,
        prepare_rows(ctx.now, channel, rows),
        memory,
    )
}

/// [`import_rows`] for rows already prepared (with the same `channel` and `ctx.now`), their
/// lookups perhaps read ahead ([`look_ahead`]) with the same `memory`.
pub fn import_prepared(
    store: &mut Store,
    ctx: &Ctx<'_>,
    channel: Channel,
    rows: Vec<PreparedRow>,
    memory: &BatchMemory,
) -> Result<Vec<RowOutcome>> {
    authorize(ctx.actor, Action::Import, None)?;
    check_channel(channel)?;
    let mut outcomes: Vec<Option<RowOutcome>> = Vec::with_capacity(rows.len());
    let mut valid: Vec<(usize, Ready)> = Vec::new();
    for (i, row) in rows.into_iter().enumerate() {
        match row.ready {
            Ok(ready) => {
                valid.push((i, ready));
                outcomes.push(None);
            }
            Err(problems) => outcomes.push(Some(RowOutcome::Rejected { problems })),
        }
    }
    let now = fmt_ts(&ctx.now);
    let done = store.write(|tx, cal| {
        let mut done = Vec::with_capacity(valid.len());
        let mut index = Vec::with_capacity(valid.len());
        let settings = RegistrationSettings::read(tx, memory.begin(tx)?)?;
        for (i, ready) in &valid {
            if let Some((_, reg_number)) = imports::find(tx, &ready.fingerprint)? {
                done.push((*i, RowOutcome::AlreadyImported { reg_number }));
                continue;
            }
            let batch = Batch {
                lookup: &ready.lookup,
                index: &mut index,
            };
            let r = register_valid(tx, cal, ctx, &settings, &ready.v, Some(batch))?;
            imports::insert(tx, &ready.fingerprint, r.appeal_id, &now)?;
            done.push((
                *i,
                RowOutcome::Registered {
                    appeal_id: r.appeal_id,
                    reg_number: r.reg_number,
                    likely_duplicates: r.likely_duplicates,
                },
            ));
        }
        search::index_new_many(tx, &index)?;
        // One entry per committed batch: counts only, never a row's content.
        let registered = done
            .iter()
            .filter(|(_, o)| matches!(o, RowOutcome::Registered { .. }))
            .count();
        crate::usecases::audit::record(
            tx,
            ctx,
            crate::model::SecurityAction::Import,
            None,
            serde_json::json!({
                "channel": channel.code(),
                "rows": outcomes.len(),
                "registered": registered,
                "alreadyImported": done.len() - registered,
                "rejected": outcomes.len() - valid.len(),
            }),
        )?;
        Ok(done)
    });
    memory.end(done.is_ok());
    let done = done?;
    for (i, o) in done {
        outcomes[i] = Some(o);
    }
    Ok(outcomes
        .into_iter()
        .map(|o| {
            o.unwrap_or(RowOutcome::Rejected {
                problems: Vec::new(),
            })
        })
        .collect())
}
