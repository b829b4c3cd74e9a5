//! 导入 (the import wizard): an online-channel batch (.xlsx or .csv from the website, WeChat,
//! Weibo or the portal) looked at first ([`inspect`]: what the file is, the proposed column
//! mapping, the first rows), then imported with the user's mapping and channel ([`run`]), with
//! progress and cancel, ending in a summary and a report workbook.
//!
//! Why it is shaped so:
//! - minyi-sheets does the work (reading, mapping, validation, registration in chunks, the
//!   report); this module only adapts it to the window: plain serialisable values, field codes
//!   instead of Rust enums, Chinese messages that name the wizard's steps.
//! - The file is the host's: a path the desktop's user picked, or an upload to the office server
//!   ([`crate::Host::input`]); the preview hands its reference back for the import.
//! - The import writes through its own connection to the database file, not the shared ones: a
//!   big batch takes a while, and every other screen keeps working meanwhile (the core commits
//!   every two thousand rows, about every second, so the write lock is released often).
//! - Cancel is a flag minyi-sheets checks between chunks. What was committed stays — whole
//!   registrations with their fingerprints — so importing the same file again registers only the
//!   rest; the summary says so.
//! - The report goes where the host keeps import reports (the desktop's `imports/` in the data
//!   folder, not beside the batch file: the batch may sit on a read-only share or a stick that is
//!   gone tomorrow; a download on the server). It holds the rejected rows' personal data as the
//!   batch did; the data folder already holds the same in the database.
//! - One import runs at a time per host ([`crate::Jobs`]).

use crate::command::Call;
use crate::host::{FileRef, JobKind, JobProgress, OutputKind};
use crate::views::Choice;
use minyi_core::access::{Action, authorize};
use minyi_core::model::{Category, Channel, Ctx};
use minyi_core::time::now_cst;
use minyi_core::usecases::import::check_channel;
use minyi_core::{CoreError, Result};
use minyi_sheets::import::{ImportOptions, import_file};
use minyi_sheets::mapping::{ColumnMapping, Field};
use minyi_sheets::read::{SourceTable, read_table};
use serde::{Deserialize, Serialize};
use std::path::Path;
use ts_rs::TS;

/// Rows shown in the wizard's preview.
pub const PREVIEW_ROWS: usize = 10;

/// One field of the registration form in the mapping step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MappingField {
    /// Stable code (`name`, `phone`, …) the wizard sends back.
    pub field: String,
    pub label: String,
    /// Without this column no row could be registered.
    pub required: bool,
    /// Header texts recognised for this field.
    pub synonyms: Vec<String>,
    /// The column proposed for it (a header text of the file), if one was recognised.
    pub column: Option<String>,
}

/// One data row of the preview, as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct PreviewRow {
    /// The row number as a person sees it in Excel.
    #[ts(type = "number")]
    pub line: u64,
    pub cells: Vec<String>,
}

/// What the wizard shows after a file was picked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportPreview {
    /// The file, as the import must name it again.
    pub file: FileRef,
    pub file_name: String,
    /// The format in Chinese (“Excel 工作簿（.xlsx）”, “CSV 文本表格”).
    pub format: String,
    /// A CSV's encoding in Chinese; `None` for workbooks.
    pub encoding: Option<String>,
    /// The sheet read (workbooks only: the first one).
    pub sheet: Option<String>,
    /// The header's row number.
    #[ts(type = "number")]
    pub header_line: u64,
    /// The header texts, one per column.
    pub columns: Vec<String>,
    /// Every field of the form, with the proposed column.
    pub fields: Vec<MappingField>,
    /// The first data rows.
    pub rows: Vec<PreviewRow>,
    #[ts(type = "number")]
    pub total_rows: u64,
    #[ts(type = "number")]
    pub blank_rows: u64,
    /// Labels of the required fields no column was recognised for.
    pub missing: Vec<String>,
    /// No header was recognised at all: perhaps the first row is not a header.
    pub no_header_recognised: bool,
}

/// One choice of the mapping step: field code → header text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct ColumnChoice {
    pub field: String,
    pub column: String,
}

/// What the user asks to import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportRequest {
    /// The file, as the preview named it.
    pub file: FileRef,
    pub channel: Channel,
    /// The columns chosen for the fields; fields left out have no column.
    pub mapping: Vec<ColumnChoice>,
    /// The category of rows without one (confirmed at initial review); by default 其他.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub default_category: Option<Category>,
}

/// How an import ended (a failure is an error instead).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportOutcome {
    pub channel: Channel,
    /// Data rows in the file (without the header and empty rows).
    #[ts(type = "number")]
    pub rows: u64,
    /// Rows handled: all unless cancelled.
    #[ts(type = "number")]
    pub handled: u64,
    #[ts(type = "number")]
    pub registered: u64,
    /// Registered and flagged as likely duplicates of earlier appeals.
    #[ts(type = "number")]
    pub flagged: u64,
    /// Skipped: an earlier import already registered them.
    #[ts(type = "number")]
    pub already_imported: u64,
    #[ts(type = "number")]
    pub rejected: u64,
    #[ts(type = "number")]
    pub blank_rows: u64,
    pub cancelled: bool,
    /// The report workbook (rows not imported, likely duplicates, already imported), if any.
    pub report: Option<String>,
    /// First and last receipt dates of the file's registered rows, for the appeal list's filter.
    pub received_from: Option<chrono::NaiveDate>,
    pub received_to: Option<chrono::NaiveDate>,
}

/// The channels a batch may come from (the online ones), for the wizard's first step.
pub fn channels() -> Vec<Choice> {
    Channel::ALL
        .iter()
        .filter(|c| c.is_online())
        .map(|c| Choice {
            code: c.code().to_string(),
            label: c.label().to_string(),
        })
        .collect()
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn preview_of(file: &FileRef, path: &Path, table: &SourceTable) -> ImportPreview {
    let auto = ColumnMapping::auto(&table.headers);
    let fields = Field::ALL
        .iter()
        .map(|f| MappingField {
            field: f.code().into(),
            label: f.label().into(),
            required: f.required(),
            synonyms: f.synonyms().iter().map(|s| s.to_string()).collect(),
            column: auto.columns.get(f).cloned(),
        })
        .collect();
    let width = table.headers.len();
    let rows = table
        .rows
        .iter()
        .take(PREVIEW_ROWS)
        .map(|r| PreviewRow {
            line: r.line,
            cells: (0..width.max(r.cells.len()))
                .map(|i| r.cell(i).text())
                .collect(),
        })
        .collect();
    ImportPreview {
        file: file.clone(),
        file_name: file_name(path),
        format: table.format.label().into(),
        encoding: table.encoding.map(|e| e.label().into()),
        sheet: table.sheet.clone(),
        header_line: table.header_line,
        columns: table.headers.clone(),
        fields,
        rows,
        total_rows: table.rows.len() as u64,
        blank_rows: table.blank_rows,
        missing: auto
            .missing_required()
            .iter()
            .map(|f| f.label().into())
            .collect(),
        no_header_recognised: auto.columns.is_empty(),
    }
}

/// Reads the picked file and proposes its mapping (nothing is written).
pub fn inspect(call: &Call<'_>, file: &FileRef) -> Result<ImportPreview> {
    call.read(|_, ctx| authorize(ctx.actor, Action::Import, None))?;
    let path = call.host().input(file)?;
    let table = read_table(&path)?;
    if table.headers.is_empty() {
        return Err(CoreError::field(
            "file",
            "文件是空的，没有可以导入的内容。请确认选对了文件。",
        ));
    }
    if table.rows.is_empty() {
        return Err(CoreError::field(
            "file",
            "文件只有表头，没有数据行。请确认导出时选择了要导入的留言。",
        ));
    }
    Ok(preview_of(file, &path, &table))
}

/// The user's choices as a mapping; unknown fields and unmapped required fields are refused in
/// the wizard's words.
pub fn mapping_of(choices: &[ColumnChoice]) -> Result<ColumnMapping> {
    let mut m = ColumnMapping::default();
    for c in choices {
        let f = Field::from_code(&c.field).ok_or_else(|| {
            CoreError::field("mapping", "列的对应关系有误，请回到第 2 步重新选择。")
        })?;
        m.set(f, &c.column);
    }
    let missing = m.missing_required();
    if !missing.is_empty() {
        let labels: Vec<&str> = missing.iter().map(|f| f.label()).collect();
        return Err(CoreError::field(
            "mapping",
            format!(
                "还有必填项没有选择对应的列：{}。请为它们选择文件中的列（导入向导的第 2 步；命令行用 --map 字段=表头）；文件中确实没有的，请在原系统导出时带上这些列。",
                labels.join("、")
            ),
        ));
    }
    Ok(m)
}

/// Imports the batch as the caller through its own connection, telling the host its progress
/// after every chunk, until done or cancelled.
pub fn run(call: &Call<'_>, request: &ImportRequest) -> Result<ImportOutcome> {
    check_channel(request.channel)?;
    let running = call.host().jobs().start(JobKind::Import)?;
    let mapping = mapping_of(&request.mapping)?;
    let file = call.host().input(&request.file)?;
    let (mut store, actor) = call.job_store()?;
    let ctx = Ctx::new(&actor, now_cst());
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "导入".into());
    let stamp = now_cst().format("%Y%m%d-%H%M%S");
    let report = call.output(
        OutputKind::ImportReport,
        &format!("{stem}-导入报告-{stamp}.xlsx"),
    )?;
    let mut opts = ImportOptions::new(request.channel, &file);
    opts.mapping = Some(mapping);
    opts.default_category = request.default_category.unwrap_or(Category::Other);
    opts.report = report.path.clone();
    opts.cancel = Some(running.flag());
    let s = import_file(&mut store, &ctx, &file, &opts, &mut |done, total| {
        call.host().progress(JobProgress {
            job: JobKind::Import,
            done,
            total,
        })
    })?;
    Ok(ImportOutcome {
        channel: request.channel,
        rows: s.rows,
        handled: s.handled,
        registered: s.registered,
        flagged: s.flagged,
        already_imported: s.already_imported,
        rejected: s.rejected,
        blank_rows: s.blank_rows,
        cancelled: s.cancelled,
        report: s.report.map(|_| report.shown.clone()),
        received_from: s.received_span.map(|(from, _)| from),
        received_to: s.received_span.map(|(_, to)| to),
    })
}

/// Lets the person at `caller` open (or save a copy of) an import's error report: the right to
/// import is needed, and the opening is logged (see
/// [`minyi_core::usecases::open_import_report`]). The desktop calls this before it hands a report
/// to the spreadsheet program; on the server the report only ever goes to the importer's session.
pub fn open_report(
    office: &crate::Office,
    caller: crate::Caller,
    used: minyi_core::usecases::open_import_report::ReportUse,
) -> Result<()> {
    let store = office.store()?;
    let actor = office.actor(&store, caller)?;
    let ctx = Ctx::new(&actor, now_cst());
    minyi_core::usecases::open_import_report::open_import_report(&store, &ctx, used)
}
