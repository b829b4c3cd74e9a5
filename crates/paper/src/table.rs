//! Ruled tables whose row heights follow the wrapped text. A row taller than the room left moves
//! to the next page; a row taller than a whole page (a 10,000-character appeal) is split line by
//! line across pages. The header row, if any, is repeated at the top of every continuation page,
//! and the label cells of a split row are repeated on each of its continuations as "诉求内容（续）",
//! so that a loose page still says what its text is.

use crate::PaperError;
use crate::fonts::Typeface;
use crate::layout::{Align, Doc};

/// The shape of a table: column widths (fractions of the text width, summing to 1), optional
/// header, font size.
pub struct Table {
    pub cols: Vec<f32>,
    pub header: Option<Vec<String>>,
    pub size: f32,
}

/// One row: cell texts, a minimum height in points (room for a handwritten signature), and which
/// cells are labels (shaded, centred).
pub struct Row {
    pub cells: Vec<String>,
    pub min_height: f32,
    pub labels: Vec<bool>,
}

impl Row {
    /// A row of plain cells.
    pub fn plain(cells: Vec<String>) -> Self {
        Self {
            cells,
            min_height: 0.0,
            labels: Vec::new(),
        }
    }
    /// Alternating label / value cells (label, value, label, value …).
    pub fn pairs(cells: Vec<String>) -> Self {
        let labels = (0..cells.len()).map(|i| i % 2 == 0).collect();
        Self {
            cells,
            min_height: 0.0,
            labels,
        }
    }
    pub fn min_height(mut self, h: f32) -> Self {
        self.min_height = h;
        self
    }
}

const PAD: f32 = 4.0;
const LABEL_SHADE: f32 = 0.93;

impl Table {
    fn line_h(&self) -> f32 {
        self.size * 1.5
    }

    fn widths(&self, doc: &Doc) -> Vec<f32> {
        self.cols.iter().map(|f| f * doc.width()).collect()
    }

    /// Draws the rows, continuing on new pages as needed. Tables are set in the sans face
    /// whatever the document's body typeface (a 仿宋 table cell reads worse at 5号).
    pub fn draw(&self, doc: &mut Doc, rows: &[Row]) -> Result<(), PaperError> {
        doc.with_typeface(Typeface::Sans, |doc| self.draw_sans(doc, rows))
    }

    fn draw_sans(&self, doc: &mut Doc, rows: &[Row]) -> Result<(), PaperError> {
        let widths = self.widths(doc);
        let header = self.header.as_ref().map(|h| Row {
            cells: h.clone(),
            min_height: 0.0,
            labels: vec![true; h.len()],
        });
        let header_lines = match &header {
            Some(h) => Some(self.wrap_row(doc, h, &widths)?),
            None => None,
        };
        let header_h = header_lines.as_ref().map_or(0.0, |l| self.height(l, 0.0));
        if let (Some(h), Some(lines)) = (&header, &header_lines) {
            doc.ensure(header_h + self.line_h() * 2.0 + 2.0 * PAD);
            self.draw_part(doc, h, lines, 0, usize::MAX, &widths, header_h)?;
        }
        for row in rows {
            let lines = self.wrap_row(doc, row, &widths)?;
            let n = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let full = self.height(&lines, row.min_height);
            if full > doc.space_left() && full <= doc.page_room() - header_h {
                self.continue_page(doc, &header, &header_lines, &widths, header_h)?;
            }
            let mut from = 0;
            let mut continued: Option<Vec<Vec<String>>> = None;
            while from < n {
                let room = doc.space_left() - 2.0 * PAD;
                let fit = (room / self.line_h()).floor().max(0.0) as usize;
                if from > 0 && continued.is_none() {
                    continued = Some(self.continued_labels(doc, row, &widths)?);
                }
                let label_lines = continued
                    .as_ref()
                    .map_or(0, |c| c.iter().map(Vec::len).max().unwrap_or(0));
                if fit == 0 || fit < label_lines {
                    self.continue_page(doc, &header, &header_lines, &widths, header_h)?;
                    continue;
                }
                let take = fit.min(n - from);
                if let Some(labels) = &continued {
                    // The continuation band: the labels again, then the next lines of the rest.
                    let band: Vec<Vec<String>> = lines
                        .iter()
                        .zip(labels)
                        .map(|(cell, label)| {
                            if label.is_empty() {
                                cell.iter().skip(from).take(take).cloned().collect()
                            } else {
                                label.clone()
                            }
                        })
                        .collect();
                    let h = take.max(label_lines) as f32 * self.line_h() + 2.0 * PAD;
                    self.draw_part(doc, row, &band, 0, usize::MAX, &widths, h)?;
                } else {
                    let h = if take == n {
                        full
                    } else {
                        take as f32 * self.line_h() + 2.0 * PAD
                    };
                    self.draw_part(doc, row, &lines, from, take, &widths, h)?;
                }
                from += take;
                if from < n {
                    self.continue_page(doc, &header, &header_lines, &widths, header_h)?;
                }
            }
        }
        Ok(())
    }

    fn continue_page(
        &self,
        doc: &mut Doc,
        header: &Option<Row>,
        header_lines: &Option<Vec<Vec<String>>>,
        widths: &[f32],
        header_h: f32,
    ) -> Result<(), PaperError> {
        doc.new_page();
        if let (Some(h), Some(lines)) = (header, header_lines) {
            self.draw_part(doc, h, lines, 0, usize::MAX, widths, header_h)?;
        }
        Ok(())
    }

    /// For each cell of `row`: the label with "（续）", wrapped, if it is a label; else nothing.
    fn continued_labels(
        &self,
        doc: &Doc,
        row: &Row,
        widths: &[f32],
    ) -> Result<Vec<Vec<String>>, PaperError> {
        row.cells
            .iter()
            .zip(widths)
            .enumerate()
            .map(|(i, (c, w))| {
                if row.labels.get(i).copied().unwrap_or(false) && !c.trim().is_empty() {
                    doc.wrap(&format!("{c}（续）"), self.size, w - 2.0 * PAD)
                } else {
                    Ok(Vec::new())
                }
            })
            .collect()
    }

    fn wrap_row(
        &self,
        doc: &Doc,
        row: &Row,
        widths: &[f32],
    ) -> Result<Vec<Vec<String>>, PaperError> {
        row.cells
            .iter()
            .zip(widths)
            .map(|(c, w)| doc.wrap(c, self.size, w - 2.0 * PAD))
            .collect()
    }

    fn height(&self, lines: &[Vec<String>], min: f32) -> f32 {
        let n = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
        (n as f32 * self.line_h() + 2.0 * PAD).max(min)
    }

    /// Draws lines `from..from + take` of every cell as one band of height `h` at `doc.y`.
    #[allow(clippy::too_many_arguments)]
    fn draw_part(
        &self,
        doc: &mut Doc,
        row: &Row,
        lines: &[Vec<String>],
        from: usize,
        take: usize,
        widths: &[f32],
        h: f32,
    ) -> Result<(), PaperError> {
        let top = doc.y;
        let mut x = doc.left();
        for (i, (cell, w)) in lines.iter().zip(widths).enumerate() {
            let label = row.labels.get(i).copied().unwrap_or(false);
            doc.rect(x, top - h, *w, h, label.then_some(LABEL_SHADE));
            let align = if label { Align::Center } else { Align::Left };
            let visible: Vec<&String> = cell.iter().skip(from).take(take).collect();
            // Labels and short cells are centred vertically.
            let used = visible.len() as f32 * self.line_h();
            let mut line_top = if from == 0 && take >= cell.len() {
                top - (h - used) / 2.0
            } else {
                top - PAD
            };
            for line in visible {
                let t = line_top - (self.line_h() - self.size) / 2.0;
                doc.line_in(line, self.size, (x + PAD, x + w - PAD), t, align)?;
                line_top -= self.line_h();
            }
            x += w;
        }
        doc.y = top - h;
        Ok(())
    }
}
