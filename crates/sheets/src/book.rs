//! What every workbook Minyi writes has in common: the header style, the date and time cell
//! formats, column set-up (widths, frozen header row, autofilter), the page set-up for paper and
//! saving through a temporary file, so that a failed or interrupted export never leaves a
//! half-written file under the name the user chose.
//!
//! Offices print their ledgers from WPS or Excel. Every sheet therefore comes with the page set-up
//! a clerk would otherwise make by hand, before each print ([`page_setup`]): A4, landscape when the
//! columns are wider than a portrait page, one page wide, the header row repeated on every page,
//! 第 N 页，共 M 页 in the footer, long text wrapped, and a Chinese font ([`FONT`]) in every cell
//! format, so that the first 打印 already gives a usable paper ledger. [`start_sheet`] applies it,
//! so no export can forget it.

use minyi_core::CoreError;
use rust_xlsxwriter::{
    Color, Format, FormatAlign, FormatBorder, RowNum, Workbook, Worksheet, XlsxError,
};
use std::path::{Path, PathBuf};

/// One column of a sheet: its Chinese header and its width in characters (a CJK character counts
/// about two).
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub header: &'static str,
    pub width: f64,
}

/// The font of every cell: 等线 (DengXian), the default of Chinese Excel since 2016 and known to
/// WPS; where it is missing the spreadsheet substitutes its own Chinese default.
pub const FONT: &str = "等线";

/// The GB2312 character set code Excel records beside a Chinese font name.
const GB2312_CHARSET: u8 = 134;

/// Paper size code of A4 in the page set-up.
pub const PAPER_A4: u8 = 9;

/// Total column width (in characters) above which a sheet prints landscape. A4 portrait with
/// Excel's default margins holds about 94 characters of the default font at 100 %; up to 100 it
/// shrinks a little when fitted to one page wide, wider sheets would shrink below readable size.
pub const PORTRAIT_MAX_WIDTH: f64 = 100.0;

/// Columns at least this wide hold running text (titles, content, measures, reasons): their cells
/// wrap instead of running over the next column or being cut off on paper.
pub const WRAP_MIN_WIDTH: f64 = 30.0;

/// The footer of every printed page: 第 1 页，共 3 页.
pub const FOOTER: &str = "&C第 &P 页，共 &N 页";

/// A new cell format in the workbook font. Every format of every workbook starts here: a bare
/// `Format::new()` would name Calibri, which has no Chinese glyphs.
pub fn base() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(11)
        .set_font_charset(GB2312_CHARSET)
        .set_align(FormatAlign::VerticalCenter)
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
            header: base()
                .set_bold()
                .set_text_wrap()
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_border_bottom(FormatBorder::Thin)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            date: base().set_num_format("yyyy-mm-dd"),
            datetime: base().set_num_format("yyyy-mm-dd hh:mm"),
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

/// Names the sheet, sets the column widths (wide text columns wrap), writes the header row,
/// freezes it and sets the sheet up for paper ([`page_setup`]). Must come before any data row (a
/// constant-memory sheet writes rows in order).
pub fn start_sheet(
    sheet: &mut Worksheet,
    name: &str,
    columns: &[Column],
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    let wrap = base().set_text_wrap();
    for (i, c) in columns.iter().enumerate() {
        sheet.set_column_width(i as u16, c.width)?;
        if c.width >= WRAP_MIN_WIDTH {
            // Cells written without a format of their own take the column's.
            sheet.set_column_format(i as u16, &wrap)?;
        }
        sheet.write_string_with_format(0, i as u16, c.header, &formats.header)?;
    }
    sheet.set_row_height(0, 20)?;
    sheet.set_freeze_panes(1, 0)?;
    page_setup(sheet, columns.iter().map(|c| c.width).sum(), 1)
}

/// The paper set-up of a sheet whose columns are `width` characters wide in all and whose first
/// `header_rows` rows are its heading (repeated at the top of every printed page): A4, landscape
/// when wider than [`PORTRAIT_MAX_WIDTH`], fitted to one page wide (as many pages long as it
/// takes), centred, the sheet name in the header and the page number in the footer.
pub fn page_setup(sheet: &mut Worksheet, width: f64, header_rows: RowNum) -> Result<(), XlsxError> {
    sheet.set_paper_size(PAPER_A4);
    if width > PORTRAIT_MAX_WIDTH {
        sheet.set_landscape();
    } else {
        sheet.set_portrait();
    }
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_print_center_horizontally(true);
    sheet.set_header("&C&A");
    sheet.set_footer(FOOTER);
    if header_rows > 0 {
        sheet.set_repeat_rows(0, header_rows - 1)?;
    }
    Ok(())
}

/// The width, in characters of the default font, that a chart `px` pixels wide takes beside a
/// table (a default column of 8.43 characters is 64 pixels).
pub fn chart_chars(px: u32) -> f64 {
    f64::from(px) * 8.43 / 64.0
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
    // Empty cells and cells written without a format use the workbook's default format.
    book.set_default_format(&base(), 20, 64)
        .map_err(xlsx_error)?;
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
