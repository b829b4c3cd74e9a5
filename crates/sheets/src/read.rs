//! Reading a batch file into a table of cells: .xlsx (and .xls/.ods) through calamine, .csv in
//! UTF-8 (with or without a byte-order mark) or GBK/GB18030 — what Chinese Excel writes when it
//! saves "CSV (逗号分隔)" — through encoding_rs.
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
use std::path::Path;

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
}

impl TextEncoding {
    /// The Chinese name shown in the wizard.
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8（带 BOM）",
            TextEncoding::Gb18030 => "GBK/GB18030（中文 Excel 默认）",
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
    match ext.as_str() {
        "csv" | "txt" => read_csv(&std::fs::read(path).map_err(locked)?),
        "xlsx" | "xlsm" | "xls" | "ods" => {
            std::fs::File::open(path).map_err(locked)?;
            let format = match ext.as_str() {
                "xls" => SourceFormat::Xls,
                "ods" => SourceFormat::Ods,
                _ => SourceFormat::Xlsx,
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
    let (text, encoding) = decode_csv_as(bytes)?;
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.contains('\t') && !first.contains(',') {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut raw = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|_| unreadable("CSV 格式有误（可能有未配对的引号）"))?;
        let line = record
            .position()
            .map(|p| line_at(&text, p.byte() as usize))
            .unwrap_or(0);
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

/// The line (1-based) of the record starting at byte `at`. Counted from the text rather than
/// taken from the CSV reader, whose line count lags by one after CRLF line ends (Excel's).
fn line_at(text: &str, at: usize) -> u64 {
    let bytes = text.as_bytes();
    let mut start = at.min(bytes.len());
    while start < bytes.len() && (bytes[start] == b'\r' || bytes[start] == b'\n') {
        start += 1;
    }
    bytes[..start].iter().filter(|&&b| b == b'\n').count() as u64 + 1
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

/// Reads the first sheet of a workbook.
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
