//! A batch of archive sheets (民意诉求登记表) in one PDF, for the paper archive: the sheets of every
//! appeal a list filter matches, each numbered from page 1 and carrying its own QR code.
//!
//! Batches are long work (about 6 ms a sheet in a release build), so the caller hears after every
//! sheet how far it got and may stop there; a stopped or failed batch leaves no file behind
//! ([`archive_sheets_to_file`] writes beside the target and renames only when complete). The
//! appeals' details arrive one at a time from an iterator, so their data is never all held at once.

use crate::PaperError;
use crate::layout::{Doc, Margins};
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

/// Many archive sheets in one PDF written to `out`, in the iterator's order. `progress` is called
/// with (sheets laid out, the iterator's size hint) after each sheet; returning
/// `ControlFlow::Break` stops the batch with [`PaperError::Cancelled`] before anything is written.
/// An empty batch is an error too: a PDF without pages helps nobody.
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
    let details = details.into_iter();
    let total = details.size_hint().0;
    let mut doc = Doc::new(TITLE, Margins::form())?;
    let mut sheets = 0;
    for d in details {
        draw(&mut doc, org, &d?)?;
        sheets += 1;
        if progress(sheets, total.max(sheets)).is_break() {
            return Err(PaperError::Cancelled);
        }
    }
    if sheets == 0 {
        return Err(PaperError::Data("没有符合条件的诉求，未生成文件。".into()));
    }
    let pages = doc.page_count();
    out.write_all(&doc.finish()?)
        .map_err(|_| PaperError::Write)?;
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
