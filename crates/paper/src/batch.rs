//! A batch of archive sheets (民意诉求登记表) in one PDF, for the paper archive: the sheets of every
//! appeal a list filter matches, each numbered from page 1 and carrying its own QR code.
//!
//! Batches are long work (about 6 ms a sheet in a release build), so the caller hears after every
//! sheet how far it got and may stop there; a stopped or failed batch leaves no file behind
//! ([`archive_sheets_to_file`] writes beside the target and renames only when complete). The
//! appeals' details arrive one at a time from an iterator, and the PDF is written a part of
//! [`SHEETS_PER_PART`] sheets at a time ([`crate::pdf_stream`]), so memory stays flat however long
//! the batch is.

use crate::PaperError;
use crate::layout::{Doc, Margins};
use crate::pdf_stream::PdfStream;
use crate::sheet::{TITLE, draw};
use minyi_core::CoreError;
use minyi_core::queries::detail::AppealDetail;
use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

/// Many archive sheets in one PDF, in the iterator's order, as bytes (see [`archive_sheets_to`]).
pub fn archive_sheets<I>(org: &str, details: I) -> Result<Vec<u8>, PaperError>
where
    I: IntoIterator<Item = Result<AppealDetail, CoreError>>,
{
    let mut out = Vec::new();
    archive_sheets_to(
        org,
        details,
        &mut out,
        &mut |_, _| ControlFlow::Continue(()),
    )?;
    Ok(out)
}

/// What a finished batch contains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchSummary {
    /// Archive sheets printed (one per appeal).
    pub sheets: usize,
    /// Pages in the PDF.
    pub pages: usize,
}

/// Sheets per part of a batch (see [`crate::pdf_stream`]): memory is bounded by one part's pages
/// (about 0.25 MB a sheet while laid out); each part adds its own font subset (~0.2 MB) to the file.
const SHEETS_PER_PART: usize = 100;

/// Many archive sheets in one PDF written to `out`, in the iterator's order. `progress` is called
/// with (sheets laid out, the iterator's size hint) after each sheet; returning
/// `ControlFlow::Break` stops the batch with [`PaperError::Cancelled`]. The PDF is written part by
/// part as the sheets are laid out, so on any error `out` holds an unfinished PDF: write files
/// through [`archive_sheets_to_file`], which removes it. An empty batch is an error too: a PDF
/// without pages helps nobody.
pub fn archive_sheets_to<I, W>(
    org: &str,
    details: I,
    out: &mut W,
    progress: &mut dyn FnMut(usize, usize) -> ControlFlow<()>,
) -> Result<BatchSummary, PaperError>
where
    I: IntoIterator<Item = Result<AppealDetail, CoreError>>,
    W: Write + ?Sized,
{
    archive_sheets_in_parts(org, details, out, progress, SHEETS_PER_PART)
}

/// [`archive_sheets_to`] with parts of `per_part` sheets (tests use small parts to cover the
/// joins without printing hundreds of sheets).
#[doc(hidden)]
pub fn archive_sheets_in_parts<I, W>(
    org: &str,
    details: I,
    out: &mut W,
    progress: &mut dyn FnMut(usize, usize) -> ControlFlow<()>,
    per_part: usize,
) -> Result<BatchSummary, PaperError>
where
    I: IntoIterator<Item = Result<AppealDetail, CoreError>>,
    W: Write + ?Sized,
{
    let per_part = per_part.max(1);
    let details = details.into_iter();
    let total = details.size_hint().0;
    let mut pdf = PdfStream::new(&mut *out).map_err(|_| PaperError::Write)?;
    let mut part: Option<Doc> = None;
    let mut sheets = 0;
    for d in details {
        let d = d?;
        let doc = match &mut part {
            Some(doc) => doc,
            None => part.insert(Doc::new(TITLE, Margins::form())?),
        };
        draw(doc, org, &d)?;
        sheets += 1;
        if progress(sheets, total.max(sheets)).is_break() {
            return Err(PaperError::Cancelled);
        }
        if sheets % per_part == 0
            && let Some(full) = part.take()
        {
            pdf.append(full.into_objects()?)
                .map_err(|_| PaperError::Write)?;
        }
    }
    if sheets == 0 {
        return Err(PaperError::Data("没有符合条件的诉求，未生成文件。".into()));
    }
    if let Some(rest) = part.take() {
        pdf.append(rest.into_objects()?)
            .map_err(|_| PaperError::Write)?;
    }
    let pages = pdf.pages();
    pdf.finish(TITLE).map_err(|_| PaperError::Write)?;
    Ok(BatchSummary { sheets, pages })
}

/// [`archive_sheets_to`] into the file at `path`, which exists afterwards only if the batch
/// completed: the PDF is written to a hidden partial file in the same folder and renamed over
/// `path` at the end (same folder, so the rename is atomic); on cancel or any error the partial
/// file is removed and an existing file at `path` is left as it was.
pub fn archive_sheets_to_file<I>(
    org: &str,
    details: I,
    path: &Path,
    progress: &mut dyn FnMut(usize, usize) -> ControlFlow<()>,
) -> Result<BatchSummary, PaperError>
where
    I: IntoIterator<Item = Result<AppealDetail, CoreError>>,
{
    let part = partial_path(path);
    let result = (|| {
        let file = std::fs::File::create(&part).map_err(|_| PaperError::Write)?;
        let mut out = std::io::BufWriter::new(file);
        let summary = archive_sheets_to(org, details, &mut out, progress)?;
        let file = out.into_inner().map_err(|_| PaperError::Write)?;
        file.sync_all().map_err(|_| PaperError::Write)?;
        std::fs::rename(&part, path).map_err(|_| PaperError::Write)?;
        Ok(summary)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&part);
    }
    result
}

/// `.<name>.part` beside `path`: hidden, and never mistaken for a finished PDF.
fn partial_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "batch.pdf".into());
    path.with_file_name(format!(".{name}.part"))
}
