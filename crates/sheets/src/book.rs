//! What every workbook Minyi writes has in common: the header style, the date and time cell
//! formats, column set-up (widths, frozen header row, autofilter) and saving through a temporary
//! file, so that a failed or interrupted export never leaves a half-written file under the name
//! the user chose.

use minyi_core::CoreError;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use std::path::{Path, PathBuf};

/// One column of a sheet: its Chinese header and its width in characters (a CJK character counts
/// about two).
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub header: &'static str,
    pub width: f64,
}

/// The cell formats a ledger sheet uses.
pub struct Formats {
    pub header: Format,
    pub date: Format,
    pub datetime: Format,
}

impl Formats {
    pub fn new() -> Self {
        Self {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_border_bottom(FormatBorder::Thin)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
        }
    }
}

impl Default for Formats {
    fn default() -> Self {
        Self::new()
    }
}

/// An Excel library error as a plain-Chinese storage error (its text names no cell value).
pub fn xlsx_error(e: XlsxError) -> CoreError {
    CoreError::storage(format!(
        "生成 Excel 文件失败，请检查磁盘空间和目标文件夹的写入权限后重试。（{e}）"
    ))
}

/// Names the sheet, sets the column widths, writes the header row and freezes it. Must come before
/// any data row (a constant-memory sheet writes rows in order).
pub fn start_sheet(
    sheet: &mut Worksheet,
    name: &str,
    columns: &[Column],
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    for (i, c) in columns.iter().enumerate() {
        sheet.set_column_width(i as u16, c.width)?;
        sheet.write_string_with_format(0, i as u16, c.header, &formats.header)?;
    }
    sheet.set_row_height(0, 20)?;
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Puts an autofilter over the header and `rows` data rows.
pub fn finish_sheet(sheet: &mut Worksheet, columns: usize, rows: u32) -> Result<(), XlsxError> {
    sheet.autofilter(0, 0, rows, columns.saturating_sub(1) as u16)?;
    Ok(())
}

/// A temporary path beside `out` (same folder, so the final rename cannot cross file systems).
fn part_path(out: &Path) -> PathBuf {
    let mut name = out
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".part");
    out.with_file_name(name)
}

/// A new workbook whose constant-memory sheets keep their temporary data beside `out` (not in
/// `/tmp`, which may be small or in memory).
pub fn new_workbook(out: &Path) -> Result<Workbook, CoreError> {
    let mut book = Workbook::new();
    let dir = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(CoreError::field(
            "out",
            format!(
                "保存位置的文件夹不存在：{}。请先创建它或换一个位置。",
                dir.display()
            ),
        ));
    }
    book.set_tempdir(dir).map_err(xlsx_error)?;
    Ok(book)
}

/// Rows above which a workbook is compressed at the fastest zip level.
pub const FAST_ZIP_ROWS: u64 = 100_000;

/// Chooses the zip level for a sheet of `rows` rows. Compressing the sheet's XML at the default
/// level 6 takes as long as writing it (a million-row ledger: ~14 s of ~28 s); level 1 takes a
/// fifth of that for a file about twice as large. Small files keep level 6 (size matters more when
/// they are mailed; their time is short either way).
pub fn set_compression_for(book: &mut Workbook, rows: u64) {
    if rows > FAST_ZIP_ROWS {
        book.set_zip_compression_level(1);
    }
}

/// Saves `book` to `out`: first to `out.part`, then renamed, so `out` is either complete or absent.
pub fn save(book: &mut Workbook, out: &Path) -> Result<(), CoreError> {
    let part = part_path(out);
    if let Err(e) = book.save(&part) {
        let _ = std::fs::remove_file(&part);
        return Err(xlsx_error(e));
    }
    std::fs::rename(&part, out).map_err(|e| {
        let _ = std::fs::remove_file(&part);
        CoreError::storage(format!(
            "无法保存文件 {}，请确认它没有在 Excel 或 WPS 中打开，并检查写入权限。（{}）",
            out.display(),
            e.kind()
        ))
    })
}
