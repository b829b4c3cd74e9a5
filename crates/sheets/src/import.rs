//! Importing an online-channel batch (§二(二)2): read the file ([`crate::read`]), map its columns
//! ([`crate::mapping`]), turn every row into a registration form and hand the rows to the core's
//! import use case ([`minyi_core::usecases::import`]) in chunks of [`CHUNK_ROWS`], then write a
//! report workbook for the rows that need a person: rejected rows with their row number and
//! reason, registered rows flagged as likely duplicates, and rows an earlier import already
//! registered.
//!
//! Transactions are per chunk, not per row and not per file — the core's module doc says why. A
//! failure half-way (a full disk) keeps every chunk committed before it, and running the same
//! import again registers only what is missing, because every imported row is remembered by its
//! fingerprint. Nothing is dropped silently: every data row ends up counted as registered, already
//! imported or rejected, and empty rows are counted too.
//!
//! An import can be cancelled between chunks ([`ImportOptions::cancel`]): the chunks already
//! committed stay (they are whole registrations, each with its fingerprint), the summary says how
//! far it got, and the report covers the rows handled.

use crate::mapping::{ColumnMapping, Field, Resolved};
use crate::read::{Cell, SourceRow, SourceTable, read_table};
use crate::{Progress, report};
use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use minyi_core::access::{Action, authorize};
use minyi_core::model::{Appellant, Category, Channel, Ctx};
use minyi_core::queries::duplicates::BatchMemory;
use minyi_core::time::{cst, fmt_ts, parse_ts};
use minyi_core::usecases::import::{
    AheadReader, ImportRow, RowOutcome, check_channel, import_prepared, look_ahead, prepare_rows,
};
use minyi_core::usecases::register::RegisterInput;
use minyi_core::{CoreError, Store};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Rows per transaction: big enough that commits, log copies and full-text merges cost little
/// (500 rows a chunk made a 100,000-row import an eighth slower), small enough that the write lock
/// is released about every second for the other workstations, whose busy timeout is ten.
pub const CHUNK_ROWS: usize = 2000;

/// How to import a batch.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The online channel the batch came from.
    pub channel: Channel,
    /// The column mapping; `None` recognises the headers by their synonyms.
    pub mapping: Option<ColumnMapping>,
    /// The category of rows without one (initial review confirms or corrects it).
    pub default_category: Category,
    /// Where the report workbook goes (written only when some row needs attention).
    pub report: PathBuf,
    /// Set to stop the import before its next chunk.
    pub cancel: Option<Arc<AtomicBool>>,
    /// Rows per transaction ([`CHUNK_ROWS`]).
    pub chunk_rows: usize,
}

impl ImportOptions {
    /// Defaults: recognised headers, category 其他, the report beside the file as
    /// `<name>-导入报告.xlsx`.
    pub fn new(channel: Channel, file: &Path) -> Self {
        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "导入".into());
        Self {
            channel,
            mapping: None,
            default_category: Category::Other,
            report: file.with_file_name(format!("{stem}-导入报告.xlsx")),
            cancel: None,
            chunk_rows: CHUNK_ROWS,
        }
    }
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportSummary {
    /// Data rows in the file (without the header and empty rows).
    pub rows: u64,
    pub registered: u64,
    /// Registered, and flagged as likely duplicates of existing appeals.
    pub flagged: u64,
    /// Registered by an earlier import (or an identical row earlier in this file): skipped.
    pub already_imported: u64,
    pub rejected: u64,
    pub blank_rows: u64,
    /// The report workbook, when one was written.
    pub report: Option<PathBuf>,
    /// Data rows handled: all of them unless the import was cancelled.
    pub handled: u64,
    /// Stopped by [`ImportOptions::cancel`] before the last chunk.
    pub cancelled: bool,
    /// The first and last receipt dates of the rows registered now or by an earlier import (to
    /// find them in the appeal list).
    pub received_span: Option<(NaiveDate, NaiveDate)>,
}

impl ImportSummary {
    fn received(&mut self, input: &RegisterInput) {
        let Some(d) = parse_ts(&input.received_at).map(|t| t.date_naive()) else {
            return;
        };
        self.received_span = Some(match self.received_span {
            Some((from, to)) => (from.min(d), to.max(d)),
            None => (d, d),
        });
    }
}

/// One row that goes into the report.
pub(crate) enum Noted {
    Rejected {
        line: u64,
        reason: String,
        cells: Vec<String>,
    },
    Flagged {
        line: u64,
        reg_number: String,
        duplicates: String,
    },
    Already {
        line: u64,
        reg_number: String,
    },
}

/// A receipt time as the registration form expects it (RFC 3339, China Standard Time). Text in a
/// common form is converted; anything else is passed on unchanged for validation to reject with
/// its own message.
pub fn received_text(c: &Cell) -> String {
    let local = |t: NaiveDateTime| {
        cst()
            .from_local_datetime(&t)
            .single()
            .map(|t| fmt_ts(&t))
            .unwrap_or_default()
    };
    match c {
        Cell::Empty => String::new(),
        Cell::DateTime(t) => local(*t),
        Cell::Text(s) => {
            let s = s.trim();
            if let Some(t) = parse_ts(s) {
                return fmt_ts(&t);
            }
            const TIMES: &[&str] = &[
                "%Y-%m-%d %H:%M:%S",
                "%Y-%m-%d %H:%M",
                "%Y-%m-%dT%H:%M:%S",
                "%Y/%m/%d %H:%M:%S",
                "%Y/%m/%d %H:%M",
                "%Y年%m月%d日 %H:%M:%S",
                "%Y年%m月%d日 %H:%M",
                "%Y年%m月%d日%H:%M",
                "%Y.%m.%d %H:%M",
            ];
            const DATES: &[&str] = &["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d"];
            for f in TIMES {
                if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
                    return local(t);
                }
            }
            for f in DATES {
                if let Ok(d) = NaiveDate::parse_from_str(s, f) {
                    return local(d.and_hms_opt(0, 0, 0).unwrap_or_default());
                }
            }
            s.to_string()
        }
    }
}

/// A subject for rows without one: the content's first sentence, at most 30 characters.
fn subject_from(content: &str) -> String {
    let first = content
        .split(['。', '！', '？', '\n', '!', '?'])
        .find(|s| !s.trim().is_empty())
        .unwrap_or(content)
        .trim();
    first.chars().take(30).collect()
}

fn input_for(row: &SourceRow, m: &Resolved, opts: &ImportOptions) -> RegisterInput {
    let text = |f: Field| -> String {
        m.get(f)
            .map(|i| row.cell(i).text().trim().to_string())
            .unwrap_or_default()
    };
    let opt = |f: Field| Some(text(f)).filter(|s| !s.is_empty());
    let content = text(Field::Content);
    let subject = opt(Field::Subject).unwrap_or_else(|| subject_from(&content));
    RegisterInput {
        appellant: Appellant {
            name: text(Field::Name),
            phone: opt(Field::Phone),
            address: opt(Field::Address),
            id_number: opt(Field::IdNumber),
            email: opt(Field::Email),
            organisation: opt(Field::Organisation),
            anonymous: false,
        },
        channel: opts.channel.code().to_string(),
        category: opt(Field::Category).unwrap_or_else(|| opts.default_category.code().to_string()),
        subject,
        content,
        received_at: m
            .get(Field::ReceivedAt)
            .map(|i| received_text(row.cell(i)))
            .unwrap_or_default(),
        urgency: opt(Field::Urgency),
        ..Default::default()
    }
}

/// Reads the file and resolves its mapping (the wizard's first step shows this).
pub fn prepare(
    path: &Path,
    mapping: Option<&ColumnMapping>,
) -> Result<(SourceTable, Resolved), CoreError> {
    let table = read_table(path)?;
    if table.headers.is_empty() {
        return Err(CoreError::field("file", "文件是空的，没有可以导入的内容。"));
    }
    let m = match mapping {
        Some(m) => m.clone(),
        None => ColumnMapping::auto(&table.headers),
    };
    let resolved = m.resolve(&table.headers)?;
    if table.rows.is_empty() {
        return Err(CoreError::field("file", "文件只有表头，没有数据行。"));
    }
    Ok((table, resolved))
}

/// Pages the write-ahead log may grow by during an import before it is copied into the database
/// (40 MB; SQLite's default is 4 MB, which copied the same index pages at every chunk).
const IMPORT_CHECKPOINT_PAGES: i64 = 10_000;

/// Imports the batch at `path`. `progress` gets (rows done, rows) after every chunk.
pub fn import_file(
    store: &mut Store,
    ctx: &Ctx<'_>,
    path: &Path,
    opts: &ImportOptions,
    progress: Progress<'_>,
) -> Result<ImportSummary, CoreError> {
    authorize(ctx.actor, Action::Import, None)?;
    check_channel(opts.channel)?;
    let (table, m) = prepare(path, opts.mapping.as_ref())?;
    let previous = store.set_checkpoint_interval(IMPORT_CHECKPOINT_PAGES)?;
    let result = import_table(store, ctx, &table, &m, opts, progress);
    // Restored whatever happened: the connection goes on serving the window.
    store.set_checkpoint_interval(previous)?;
    result
}

/// The chunks of rows, in a pipeline: a second thread turns the next chunk's rows into prepared
/// registrations (validation, fingerprints, duplicate keys) and looks their likely duplicates up
/// among the appeals already committed, through a read-only connection of its own, while this one
/// writes the current chunk; the writer only completes each lookup with the appeals registered
/// since (see `minyi_core::queries::duplicates`). The two cores of an office PC share the work and
/// the rows still go in in file order.
fn import_table(
    store: &mut Store,
    ctx: &Ctx<'_>,
    table: &SourceTable,
    m: &Resolved,
    opts: &ImportOptions,
    progress: Progress<'_>,
) -> Result<ImportSummary, CoreError> {
    let total = table.rows.len() as u64;
    let mut s = ImportSummary {
        rows: total,
        blank_rows: table.blank_rows,
        ..Default::default()
    };
    let mut notes = Vec::new();
    progress(0, total);
    let mut done = 0u64;
    let memory = BatchMemory::new();
    let (now, channel) = (ctx.now, opts.channel);
    let mut reader = AheadReader::open(store)?;
    std::thread::scope(|scope| {
        // Two chunks ahead at most: enough to keep the writer busy, little memory.
        let (ready_tx, ready_rx) = std::sync::mpsc::sync_channel(2);
        let memory = &memory;
        scope.spawn(move || {
            for chunk in table.rows.chunks(opts.chunk_rows.max(1)) {
                let rows: Vec<ImportRow> = chunk
                    .iter()
                    .map(|r| ImportRow {
                        line: r.line,
                        input: input_for(r, m, opts),
                    })
                    .collect();
                let mut prepared = prepare_rows(now, channel, &rows);
                // A failed lookahead (the file busy past the timeout, say) costs time, not
                // results: the writer looks up in full what was not read ahead.
                if let Some(r) = reader.as_mut()
                    && look_ahead(r, &mut prepared, memory).is_err()
                {
                    reader = None;
                }
                // The writer stopped (cancelled or failed): nothing more to prepare.
                if ready_tx.send((rows, prepared)).is_err() {
                    break;
                }
            }
        });
        for chunk in table.rows.chunks(opts.chunk_rows.max(1)) {
            if opts
                .cancel
                .as_ref()
                .is_some_and(|c| c.load(Ordering::SeqCst))
            {
                s.cancelled = true;
                break;
            }
            let Ok((rows, prepared)) = ready_rx.recv() else {
                break;
            };
            let outcomes = match import_prepared(store, ctx, channel, prepared, memory) {
                Ok(o) => o,
                Err(e) => {
                    // Keep what the person needs for the rows already handled, then stop.
                    let written = report::write(&opts.report, &table.headers, &notes)
                        .ok()
                        .flatten();
                    let line = chunk.first().map(|r| r.line).unwrap_or(0);
                    return Err(CoreError::new(
                        e.code,
                        format!(
                            "导入在第 {line} 行附近中断：{}已经导入的 {} 行已保存，重新导入同一文件会只导入其余的行。{}",
                            e.message,
                            s.registered,
                            written
                                .map(|p| format!("已处理部分的报告见 {}。", p.display()))
                                .unwrap_or_default()
                        ),
                    ));
                }
            };
            note_outcomes(&mut s, &mut notes, chunk, &rows, outcomes);
            done += chunk.len() as u64;
            s.handled = done;
            progress(done, total);
        }
        Ok(())
    })?;
    s.report = report::write(&opts.report, &table.headers, &notes)?;
    Ok(s)
}

/// Counts a chunk's outcomes and notes the rows the report lists.
fn note_outcomes(
    s: &mut ImportSummary,
    notes: &mut Vec<Noted>,
    chunk: &[SourceRow],
    rows: &[ImportRow],
    outcomes: Vec<RowOutcome>,
) {
    for ((row, o), input) in chunk.iter().zip(outcomes).zip(rows) {
        match o {
            RowOutcome::Registered {
                reg_number,
                likely_duplicates,
                ..
            } => {
                s.registered += 1;
                s.received(&input.input);
                if !likely_duplicates.is_empty() {
                    s.flagged += 1;
                    let d: Vec<String> = likely_duplicates
                        .iter()
                        .map(|h| {
                            let why = if h.same_phone {
                                "同一电话".to_string()
                            } else {
                                format!("内容相似度 {:.0}%", h.similarity.unwrap_or(0.0) * 100.0)
                            };
                            format!("{}（{}，{}）", h.reg_number, h.subject, why)
                        })
                        .collect();
                    notes.push(Noted::Flagged {
                        line: row.line,
                        reg_number,
                        duplicates: d.join("；"),
                    });
                }
            }
            RowOutcome::AlreadyImported { reg_number } => {
                s.already_imported += 1;
                s.received(&input.input);
                notes.push(Noted::Already {
                    line: row.line,
                    reg_number,
                });
            }
            RowOutcome::Rejected { problems } => {
                s.rejected += 1;
                let reason = problems
                    .iter()
                    .map(|p| p.message.as_str())
                    .collect::<Vec<_>>()
                    .join("；");
                notes.push(Noted::Rejected {
                    line: row.line,
                    reason,
                    cells: row.cells.iter().map(Cell::text).collect(),
                });
            }
        }
    }
}
