//! Reading a batch file into a table of cells: .xlsx (and .xls/.ods) through calamine, .csv in
//! UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark (Excel's 「Unicode
//! 文本」, tab-separated .txt) or GBK/GB18030 — what Chinese Excel writes when it saves "CSV
//! (逗号分隔)" — through encoding_rs.
//!
//! A batch comes from outside the office, so the reader takes nothing on trust: the file's size,
//! its rows and columns, and the positions of a workbook's cells have limits ([`MAX_FILE_BYTES`],
//! [`MAX_ROWS`], [`MAX_COLUMNS`]), each refused with a Chinese message before the memory they would
//! take is spent (an .xlsx is read cell by cell, so a sheet claiming a cell at XFD1048576 costs
//! nothing). Reading a CSV is linear in its size: row numbers are counted as the reader goes, not
//! found again from the start of the file for every row. A quote that is opened and never closed
//! would swallow the rest of the file into one cell; it is refused with the row it opened on. The
//! reader is fuzzed (`crates/sheets/fuzz`): no input may make it panic.
//!
//! The header is the first non-empty row; wholly empty rows are dropped and counted (exports often
//! end with a few). Every row keeps the number it has in the sheet as a person sees it (header =
//! row 1), so the error report can point at it. Numbers that are whole (a phone typed into a number
//! cell) become their digits, not "13812345678.0"; date cells stay dates.
//!
//! The table also says what was read — the format, the CSV's encoding, the sheet and the header's
//! row — so the import wizard can show the user what the program made of the file before anything
//! is registered.

use chrono::NaiveDateTime;
use minyi_core::CoreError;
use std::collections::BTreeMap;
use std::io::{Read, Seek};
use std::path::Path;

/// The largest batch file read (256 MB): a million rows of online appeals is about that much.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;
/// The most rows a batch may have, header included: what one Excel sheet holds.
pub const MAX_ROWS: usize = 1_048_576;
/// The most columns a batch may have: a batch maps a dozen; 200 leaves room for any export.
pub const MAX_COLUMNS: usize = 200;

/// One cell of the batch.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    DateTime(NaiveDateTime),
}

impl Cell {
    /// The cell as text (dates as `YYYY-MM-DD HH:MM:SS`).
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::DateTime(d) => d.format("%Y-%m-%d %H:%M:%S").to_string(),
        }
    }

    fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            Cell::DateTime(_) => false,
        }
    }
}

/// One data row and its row number in the sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceRow {
    pub line: u64,
    pub cells: Vec<Cell>,
}

impl SourceRow {
    /// The cell in column `i` (empty when the row is short).
    pub fn cell(&self, i: usize) -> &Cell {
        self.cells.get(i).unwrap_or(&Cell::Empty)
    }
}

/// What kind of file a batch was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SourceFormat {
    #[default]
    Csv,
    Xlsx,
    /// The old binary Excel format (.xls).
    Xls,
    /// OpenDocument (LibreOffice/WPS .ods).
    Ods,
}

impl SourceFormat {
    /// The Chinese name shown in the wizard.
    pub fn label(self) -> &'static str {
        match self {
            SourceFormat::Csv => "CSV 文本表格",
            SourceFormat::Xlsx => "Excel 工作簿（.xlsx）",
            SourceFormat::Xls => "Excel 97-2003 工作簿（.xls）",
            SourceFormat::Ods => "OpenDocument 表格（.ods）",
        }
    }
}

/// How a CSV's text was encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    /// UTF-8 with a byte-order mark (Excel's "CSV UTF-8").
    Utf8Bom,
    /// GBK or GB18030: what Chinese Excel and WPS write for "CSV (逗号分隔)".
    Gb18030,
    /// UTF-16 little-endian with a byte-order mark: Excel's 「Unicode 文本」 (tab-separated).
    Utf16Le,
    /// UTF-16 big-endian with a byte-order mark.
    Utf16Be,
}

impl TextEncoding {
    /// The Chinese name shown in the wizard.
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8（带 BOM）",
            TextEncoding::Gb18030 => "GBK/GB18030（中文 Excel 默认）",
            TextEncoding::Utf16Le => "UTF-16（Excel「Unicode 文本」）",
            TextEncoding::Utf16Be => "UTF-16（大端序）",
        }
    }
}

/// A batch as read: its header texts and data rows, and what the file was.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SourceTable {
    pub headers: Vec<String>,
    pub rows: Vec<SourceRow>,
    /// Wholly empty rows that were skipped.
    pub blank_rows: u64,
    pub format: SourceFormat,
    /// The encoding of a CSV (`None` for workbooks).
    pub encoding: Option<TextEncoding>,
    /// The sheet read (the first one of a workbook; `None` for CSV).
    pub sheet: Option<String>,
    /// The row number of the header as a person sees it (0 when the file is empty).
    pub header_line: u64,
}

fn unreadable(what: &str) -> CoreError {
    CoreError::field(
        "file",
        format!(
            "无法读取这个文件：{what}。请在原系统重新导出，或用 Excel/WPS 打开后另存为 .xlsx 或 .csv 再导入。"
        ),
    )
}

fn too_big(bytes: u64) -> CoreError {
    CoreError::field(
        "file",
        format!(
            "文件太大（{} MB），一次最多导入 {} MB。请在原系统分几次导出，或把文件拆成几个较小的文件分别导入。",
            bytes.div_ceil(1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    )
}

fn too_many_rows() -> CoreError {
    CoreError::field(
        "file",
        format!("文件超过 {MAX_ROWS} 行，一次导入不了这么多。请把文件拆成几个较小的文件分别导入。"),
    )
}

fn too_many_columns(line: u64) -> CoreError {
    CoreError::field(
        "file",
        format!(
            "第 {line} 行超过 {MAX_COLUMNS} 列，列数太多。请删去不需要导入的列，只保留姓名、电话、内容等需要的列后再导入。"
        ),
    )
}

/// Reads a batch file by its extension.
pub fn read_table(path: &Path) -> Result<SourceTable, CoreError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if !path.is_file() {
        return Err(CoreError::field(
            "file",
            format!("找不到文件 {}，请检查路径。", path.display()),
        ));
    }
    // A file that cannot be opened at all is told apart from a damaged one: the cure differs.
    let locked = |_| {
        CoreError::field(
            "file",
            "无法打开这个文件：没有读取权限，或文件正被其他程序占用。请关闭正在打开它的程序（如 Excel、WPS），或把文件复制到桌面后再导入。",
        )
    };
    let size = std::fs::metadata(path).map_err(locked)?.len();
    let known = matches!(
        ext.as_str(),
        "csv" | "txt" | "xlsx" | "xlsm" | "xls" | "ods"
    );
    if known && size > MAX_FILE_BYTES {
        return Err(too_big(size));
    }
    match ext.as_str() {
        "csv" | "txt" => {
            let mut bytes = Vec::new();
            std::fs::File::open(path)
                .map_err(locked)?
                // One byte past the limit tells a file that grew since it was measured.
                .take(MAX_FILE_BYTES + 1)
                .read_to_end(&mut bytes)
                .map_err(locked)?;
            if bytes.len() as u64 > MAX_FILE_BYTES {
                return Err(too_big(bytes.len() as u64));
            }
            read_csv(&bytes)
        }
        "xlsx" | "xlsm" => read_xlsx(std::fs::File::open(path).map_err(locked)?),
        "xls" | "ods" => {
            std::fs::File::open(path).map_err(locked)?;
            let format = match ext.as_str() {
                "xls" => SourceFormat::Xls,
                _ => SourceFormat::Ods,
            };
            read_workbook(path, format)
        }
        _ => Err(CoreError::field(
            "file",
            "只能导入 .xlsx、.xls 或 .csv 文件。请在原系统导出为 Excel 或 CSV 格式。",
        )),
    }
}

/// Decodes CSV bytes: UTF-8 (a BOM is dropped) when valid, otherwise GB18030 (a superset of GBK).
pub fn decode_csv(bytes: &[u8]) -> Result<String, CoreError> {
    decode_csv_as(bytes).map(|(text, _)| text)
}

/// [`decode_csv`], also saying which encoding it was.
fn decode_csv_as(bytes: &[u8]) -> Result<(String, TextEncoding), CoreError> {
    for (bom, encoding, label) in [
        (b"\xFF\xFE", encoding_rs::UTF_16LE, TextEncoding::Utf16Le),
        (b"\xFE\xFF", encoding_rs::UTF_16BE, TextEncoding::Utf16Be),
    ] {
        if let Some(body) = bytes.strip_prefix(bom) {
            return encoding
                .decode_without_bom_handling_and_without_replacement(body)
                .map(|s| (s.into_owned(), label))
                .ok_or_else(|| unreadable("文件以 UTF-16 开头，但内容不是完整的 UTF-16 文字"));
        }
    }
    let (body, utf8) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, TextEncoding::Utf8Bom),
        None => (bytes, TextEncoding::Utf8),
    };
    if let Ok(s) = std::str::from_utf8(body) {
        return Ok((s.to_string(), utf8));
    }
    encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(body)
        .map(|s| (s.into_owned(), TextEncoding::Gb18030))
        .ok_or_else(|| unreadable("文字编码既不是 UTF-8 也不是 GBK/GB18030"))
}

/// Reads CSV bytes (comma-separated; tab-separated when the first line has tabs and no commas).
pub fn read_csv(bytes: &[u8]) -> Result<SourceTable, CoreError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    let (text, encoding) = decode_csv_as(bytes)?;
    let first = text.split(['\r', '\n']).next().unwrap_or("");
    let delimiter = if first.contains('\t') && !first.contains(',') {
        b'\t'
    } else {
        b','
    };
    if let Some(line) = unclosed_quote(text.as_bytes(), delimiter) {
        return Err(CoreError::field(
            "file",
            format!(
                "第 {line} 行有一个引号（\"）没有配对，从这里到文件末尾都会被当成一个格子。请用 Excel/WPS 打开文件检查这一行，删去多余的引号或补上缺少的引号后再导入。"
            ),
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut raw = Vec::new();
    let mut lines = LineCounter::new(text.as_bytes());
    for record in reader.records() {
        let record = record.map_err(|_| unreadable("CSV 格式有误（可能有未配对的引号）"))?;
        let line = record
            .position()
            .map(|p| lines.line_at(p.byte() as usize))
            .unwrap_or(0);
        if raw.len() >= MAX_ROWS {
            return Err(too_many_rows());
        }
        if record.len() > MAX_COLUMNS {
            return Err(too_many_columns(line));
        }
        let cells = record
            .iter()
            .map(|c| {
                let t = c.trim();
                if t.is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(t.to_string())
                }
            })
            .collect();
        raw.push(SourceRow { line, cells });
    }
    Ok(SourceTable {
        encoding: Some(encoding),
        ..table(raw)
    })
}

/// Line numbers (1-based) of records, counted as the reader moves forward through the text — once
/// over the whole file, however many rows. Counted from the text rather than taken from the CSV
/// reader, whose line count lags by one after CRLF line ends (Excel's).
struct LineCounter<'a> {
    bytes: &'a [u8],
    /// Bytes before this offset are counted…
    scanned: usize,
    /// …and held this many line breaks.
    newlines: u64,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            scanned: 0,
            newlines: 0,
        }
    }

    /// The line of the record starting at byte `at` (records come in file order).
    fn line_at(&mut self, at: usize) -> u64 {
        let bytes = self.bytes;
        let mut start = at.min(bytes.len());
        while start < bytes.len() && (bytes[start] == b'\r' || bytes[start] == b'\n') {
            start += 1;
        }
        if start > self.scanned {
            self.newlines += (self.scanned..start)
                .filter(|&i| line_break(bytes, i))
                .count() as u64;
            self.scanned = start;
        }
        self.newlines + 1
    }
}

/// Whether the byte at `i` ends a line: a line feed, or a carriage return not followed by one (old
/// Mac files end lines so, and the CSV reader ends records there too).
fn line_break(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'\n' => true,
        b'\r' => bytes.get(i + 1) != Some(&b'\n'),
        _ => false,
    }
}

/// The line of the record whose quoted field is never closed, if any. Quoting as the CSV reader
/// does it: a quote opens a quoted field only at the start of a field, `""` inside one is a quote,
/// and a quoted field may span lines. One pass over the text.
fn unclosed_quote(text: &[u8], delimiter: u8) -> Option<u64> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        /// A quote inside a quoted field: closes it, unless another quote follows.
        QuoteInQuoted,
    }
    let mut state = State::FieldStart;
    let mut line = 1u64;
    let mut record_line = 1u64;
    for (i, &b) in text.iter().enumerate() {
        state = match (state, b) {
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, _) => State::Quoted,
            (State::QuoteInQuoted, b'"') => State::Quoted,
            (State::FieldStart, b'"') => State::Quoted,
            (_, b'\n' | b'\r') => State::FieldStart,
            (_, d) if d == delimiter => State::FieldStart,
            _ => State::Unquoted,
        };
        if line_break(text, i) {
            line += 1;
            // Outside a quoted field, a line break ends the record.
            if state == State::FieldStart {
                record_line = line;
            }
        }
    }
    (state == State::Quoted).then_some(record_line)
}

fn from_data(d: &calamine::Data) -> Cell {
    use calamine::Data;
    match d {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
            let t = s.trim();
            if t.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(t.to_string())
            }
        }
        Data::Int(i) => Cell::Text(i.to_string()),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
            Cell::Text(format!("{}", *f as i64))
        }
        Data::Float(f) => Cell::Text(f.to_string()),
        Data::Bool(b) => Cell::Text(if *b { "是" } else { "否" }.into()),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) => Cell::DateTime(t),
            None => Cell::Text(dt.as_f64().to_string()),
        },
    }
}

/// Reads the first sheet of an .xlsx (or .xlsm) cell by cell, refusing a cell beyond
/// [`MAX_ROWS`] × [`MAX_COLUMNS`] when it is met: the sheet is never laid out as a rectangle
/// before its size is known.
pub fn read_xlsx<R: Read + Seek>(mut reader: R) -> Result<SourceTable, CoreError> {
    use calamine::{Data, Reader, Xlsx};
    let damaged = || unreadable("文件不完整或已损坏（可能没有下载完整）");
    if reversed_dimension(&mut reader) {
        return Err(damaged());
    }
    reader
        .seek(std::io::SeekFrom::Start(0))
        .map_err(|_| damaged())?;
    let mut book = Xlsx::new(reader).map_err(|_| damaged())?;
    let Some(name) = book.sheet_names().first().cloned() else {
        return Err(unreadable("文件里没有工作表"));
    };
    let mut cells = book.worksheet_cells_reader(&name).map_err(|_| damaged())?;
    let mut rows: BTreeMap<u32, Vec<Cell>> = BTreeMap::new();
    while let Some(cell) = cells.next_cell().map_err(|_| damaged())? {
        let (r, c) = cell.get_position();
        let data = Data::from(cell.get_value().clone());
        if matches!(data, Data::Empty) {
            continue;
        }
        let (r_us, c_us) = (r as usize, c as usize);
        if r_us >= MAX_ROWS || c_us >= MAX_COLUMNS {
            return Err(CoreError::field(
                "file",
                format!(
                    "工作表「{name}」的内容超出了范围：第 {} 行第 {} 列有内容，而一次导入最多 {MAX_ROWS} 行、{MAX_COLUMNS} 列。请删去表格右侧或下方多余的内容（或拆成几个文件）后再导入。",
                    u64::from(r) + 1,
                    u64::from(c) + 1
                ),
            ));
        }
        let row = rows.entry(r).or_default();
        if row.len() <= c_us {
            row.resize(c_us + 1, Cell::Empty);
        }
        row[c_us] = from_data(&data);
    }
    drop(cells);
    // Rows between the first and the last with nothing in them are blank rows, as in the sheet.
    let first = rows.keys().next().copied().unwrap_or(0);
    let mut raw = Vec::with_capacity(rows.len());
    let mut next = first;
    for (r, cells) in rows {
        for gap in next..r {
            raw.push(SourceRow {
                line: u64::from(gap) + 1,
                cells: Vec::new(),
            });
        }
        raw.push(SourceRow {
            line: u64::from(r) + 1,
            cells,
        });
        next = r + 1;
    }
    Ok(SourceTable {
        format: SourceFormat::Xlsx,
        sheet: Some(name),
        ..table(raw)
    })
}

/// Whether a worksheet of the .xlsx declares its used range with the corners reversed
/// (`<dimension ref="A8:C3"/>`), which no spreadsheet program writes. calamine 0.38 subtracts the
/// corners unchecked (`get_dimension`): an overflow, a panic wherever overflow checks are on (the
/// fuzzer found it, `crates/sheets/fuzz`). Such a file is damaged and refused before calamine
/// reads it. Only the first 8 KiB of each worksheet are looked at (the element comes first).
fn reversed_dimension<R: Read + Seek>(reader: &mut R) -> bool {
    let Ok(mut zip) = zip::ZipArchive::new(&mut *reader) else {
        return false;
    };
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index(i) else {
            continue;
        };
        let worksheet = entry
            .name()
            .is_ok_and(|name| name.starts_with("xl/worksheets/") && name.ends_with(".xml"));
        if !worksheet {
            continue;
        }
        // What could be read (a damaged entry may fail part way; calamine reads as far).
        let mut head = Vec::new();
        let _ = entry.take(8192).read_to_end(&mut head);
        if dimension_is_reversed(&String::from_utf8_lossy(&head)) {
            return true;
        }
    }
    false
}

/// Whether the first `dimension` element in `xml` has its second corner before its first.
fn dimension_is_reversed(xml: &str) -> bool {
    let Some(at) = xml.find("dimension ref=") else {
        return false;
    };
    let rest = &xml[at + "dimension ref=".len()..];
    let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
        return false;
    };
    let Some(value) = rest[1..].split(quote).next() else {
        return false;
    };
    let corners: Vec<Option<(u64, u64)>> = value.split(':').map(cell_position).collect();
    match corners[..] {
        [Some((r0, c0)), Some((r1, c1))] => r1 < r0 || c1 < c0,
        _ => false,
    }
}

/// The (row, column) of a cell reference such as `AB12` (letters, then digits).
fn cell_position(reference: &str) -> Option<(u64, u64)> {
    let digits = reference.find(|c: char| c.is_ascii_digit())?;
    let (letters, number) = reference.split_at(digits);
    let mut column = 0u64;
    for c in letters.chars() {
        let c = c.to_ascii_uppercase();
        if !c.is_ascii_uppercase() {
            return None;
        }
        column = column
            .checked_mul(26)?
            .checked_add(u64::from(c as u8 - b'A') + 1)?;
    }
    Some((number.parse().ok()?, column))
}

/// Reads an .xlsx held in memory (the fuzz target's entry).
pub fn read_xlsx_bytes(bytes: &[u8]) -> Result<SourceTable, CoreError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    read_xlsx(std::io::Cursor::new(bytes))
}

/// Reads the first sheet of a workbook (.xls, .ods; .xlsx through [`read_xlsx`]).
pub fn read_workbook(path: &Path, format: SourceFormat) -> Result<SourceTable, CoreError> {
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(path)
        .map_err(|_| unreadable("文件不完整或已损坏（可能没有下载完整）"))?;
    let Some(name) = book.sheet_names().first().cloned() else {
        return Err(unreadable("文件里没有工作表"));
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|_| unreadable("文件不完整或已损坏（可能没有下载完整）"))?;
    if let Some((r, c)) = range.end()
        && (r as usize >= MAX_ROWS || c as usize >= MAX_COLUMNS)
    {
        return Err(CoreError::field(
            "file",
            format!(
                "工作表「{name}」的范围太大（到第 {} 行第 {} 列），一次导入最多 {MAX_ROWS} 行、{MAX_COLUMNS} 列。请删去多余的内容（或拆成几个文件）后再导入。",
                u64::from(r) + 1,
                u64::from(c) + 1
            ),
        ));
    }
    let first_row = range.start().map(|(r, _)| u64::from(r)).unwrap_or(0);
    let first_col = range.start().map(|(_, c)| c as usize).unwrap_or(0);
    let raw = range
        .rows()
        .enumerate()
        .map(|(i, r)| {
            // Keep column positions as in the sheet even when the used range starts at column B.
            let mut cells = vec![Cell::Empty; first_col];
            cells.extend(r.iter().map(from_data));
            SourceRow {
                line: first_row + i as u64 + 1,
                cells,
            }
        })
        .collect();
    Ok(SourceTable {
        format,
        sheet: Some(name),
        ..table(raw)
    })
}

/// Splits rows into the header (first non-empty row) and data rows, dropping blank rows.
fn table(raw: Vec<SourceRow>) -> SourceTable {
    let mut t = SourceTable::default();
    let mut have_header = false;
    for row in raw {
        if row.cells.iter().all(Cell::is_blank) {
            if have_header {
                t.blank_rows += 1;
            }
            continue;
        }
        if !have_header {
            t.headers = row
                .cells
                .iter()
                .map(|c| c.text().trim().to_string())
                .collect();
            t.header_line = row.line;
            have_header = true;
        } else {
            t.rows.push(row);
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_in_utf8_with_bom_and_in_gbk_read_the_same() {
        let text = "姓名,电话\r\n张三,13812345678\r\n,\r\n";
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        let (gbk, _, bad) = encoding_rs::GBK.encode(text);
        assert!(!bad);
        for (bytes, encoding) in [
            (text.as_bytes().to_vec(), TextEncoding::Utf8),
            (bom, TextEncoding::Utf8Bom),
            (gbk.into_owned(), TextEncoding::Gb18030),
        ] {
            let t = read_csv(&bytes).unwrap();
            assert_eq!(t.headers, ["姓名", "电话"]);
            assert_eq!(t.header_line, 1);
            assert_eq!(t.rows.len(), 1);
            assert_eq!(t.rows[0].line, 2);
            assert_eq!(t.rows[0].cell(0), &Cell::Text("张三".into()));
            assert_eq!(t.blank_rows, 1);
            assert_eq!(t.encoding, Some(encoding));
        }
    }

    #[test]
    fn bytes_in_no_known_encoding_are_refused_in_chinese() {
        let e = read_csv(&[0x81, 0x20, 0xFF, 0xFE, 0x00]).unwrap_err();
        assert!(e.message.contains("编码"), "{}", e.message);
    }
}
