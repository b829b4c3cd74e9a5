//! The page layer every document shares: A4 pages with margins, text that wraps (with
//! [`crate::linebreak`]) and flows onto further pages, lines and boxes, the appeal number's QR code
//! on every page of an appeal document and "第 x 页 共 y 页" at the foot of every page.
//!
//! A [`Doc`] is a list of sections (one per printed document; a batch has many), each a run of
//! pages. Page numbers, the QR code and the running head of continuation pages ("民意诉求登记表
//! （续）", see [`Doc::running_head`]) belong to the section, so in a batch every archive sheet is
//! numbered from 1. Coordinates are PDF points from the bottom-left corner; `y` is the top of the
//! next thing to place.
//!
//! Text is set in the document's current [`Typeface`] ([`Doc::set_typeface`]; sans unless a
//! document chooses the 公文 faces). A line whose characters come from several faces (a rare
//! name in 仿宋 text falls back to the sans face) is placed as one run per face. Page numbers, the
//! running head and tables are always sans.

use crate::PaperError;
use crate::fonts::{Face, Typeface, font, runs};
use crate::linebreak::break_text;
use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, TextItem, WindingOrder,
};

/// A4 width and height in points.
pub const PAGE_W: f32 = 595.276;
pub const PAGE_H: f32 = 841.89;

/// Millimetres to points.
pub fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}

/// Page margins in points.
#[derive(Debug, Clone, Copy)]
pub struct Margins {
    pub top: f32,
    pub bottom: f32,
    pub left: f32,
    pub right: f32,
}

impl Margins {
    /// GB/T 9704 (党政机关公文格式): top 37 mm, bottom 35 mm, left 28 mm, right 26 mm.
    pub fn letter() -> Self {
        Self {
            top: mm(37.0),
            bottom: mm(35.0),
            left: mm(28.0),
            right: mm(26.0),
        }
    }
    /// Forms (archive sheet, transfer slip): more room for the tables.
    pub fn form() -> Self {
        Self {
            top: mm(25.0),
            bottom: mm(20.0),
            left: mm(20.0),
            right: mm(20.0),
        }
    }
}

/// Font sizes (Chinese 号) in points.
pub const SIZE_TITLE: f32 = 22.0; // 2号
pub const SIZE_BODY: f32 = 16.0; // 3号
pub const SIZE_SUBTITLE: f32 = 16.0;
pub const SIZE_FORM: f32 = 10.5; // 5号
pub const SIZE_SMALL: f32 = 9.0; // 小5号

/// Horizontal alignment of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

struct Page {
    ops: Vec<Op>,
    section: usize,
}

/// One printed document within a [`Doc`].
struct Section {
    /// The appeal number printed as a QR code on every page.
    qr: Option<String>,
    /// Printed top left on every page but the first.
    running_head: Option<String>,
}

/// A document being laid out.
pub struct Doc {
    typeface: Typeface,
    /// Each face's font in this PDF, added when first used (a form embeds no 仿宋).
    font_ids: [Option<FontId>; Face::ALL.len()],
    pdf: PdfDocument,
    pages: Vec<Page>,
    sections: Vec<Section>,
    pub margins: Margins,
    /// Top of the next thing to place.
    pub y: f32,
}

impl Doc {
    /// A new, empty document (call [`Doc::begin_section`] before placing anything).
    pub fn new(title: &str, margins: Margins) -> Result<Self, PaperError> {
        // The sans face is needed by every document (page numbers): parsing it here reports an
        // unreadable font before anything is laid out.
        font(Face::Sans)?;
        Ok(Self {
            typeface: Typeface::Sans,
            font_ids: Default::default(),
            pdf: PdfDocument::new(title),
            pages: Vec::new(),
            sections: Vec::new(),
            margins,
            y: 0.0,
        })
    }

    /// A new, empty letter, notice, agreement or report in 公文 type (GB/T 9704): letter margins,
    /// body text in 仿宋 ([`Typeface::Fang`]); [`crate::common::letter_head`] sets its title in
    /// the bold serif.
    pub fn letter(title: &str) -> Result<Self, PaperError> {
        let mut doc = Self::new(title, Margins::letter())?;
        doc.typeface = Typeface::Fang;
        Ok(doc)
    }

    /// Starts a new printed document on a new page; `qr` is the appeal number printed as a QR code
    /// on each of its pages.
    pub fn begin_section(&mut self, qr: Option<&str>) {
        self.sections.push(Section {
            qr: qr.map(str::to_string),
            running_head: None,
        });
        self.new_page();
    }

    /// Sets the line printed at the top left of the current section's pages after the first
    /// (beside the QR code's number), so that a loose continuation page says what it belongs to.
    pub fn running_head(&mut self, text: &str) {
        if let Some(s) = self.sections.last_mut() {
            s.running_head = Some(text.to_string());
        }
    }

    /// Pages laid out so far.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Continues on a new page of the current section.
    pub fn new_page(&mut self) {
        self.pages.push(Page {
            ops: Vec::new(),
            section: self.sections.len().saturating_sub(1),
        });
        self.y = PAGE_H - self.margins.top;
    }

    pub fn left(&self) -> f32 {
        self.margins.left
    }
    pub fn right(&self) -> f32 {
        PAGE_W - self.margins.right
    }
    pub fn width(&self) -> f32 {
        self.right() - self.left()
    }
    /// Room left above the bottom margin.
    pub fn space_left(&self) -> f32 {
        self.y - self.margins.bottom
    }
    /// Room on an empty page.
    pub fn page_room(&self) -> f32 {
        PAGE_H - self.margins.top - self.margins.bottom
    }
    /// Starts a new page unless `h` points still fit.
    pub fn ensure(&mut self, h: f32) {
        if self.space_left() < h {
            self.new_page();
        }
    }
    pub fn gap(&mut self, h: f32) {
        self.y -= h;
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        &mut self.pages.last_mut().expect("begin_section first").ops
    }

    /// The typeface text is set in from now on.
    pub fn typeface(&self) -> Typeface {
        self.typeface
    }

    /// Sets the typeface of the text placed from now on; returns the one it replaces.
    pub fn set_typeface(&mut self, t: Typeface) -> Typeface {
        std::mem::replace(&mut self.typeface, t)
    }

    /// Runs `f` with the typeface `t`, then goes back to the current one (also when `f` fails).
    pub fn with_typeface<T>(
        &mut self,
        t: Typeface,
        f: impl FnOnce(&mut Self) -> Result<T, PaperError>,
    ) -> Result<T, PaperError> {
        let before = self.set_typeface(t);
        let out = f(self);
        self.typeface = before;
        out
    }

    /// Text width at `size` points (fails on a character no face of the typeface has).
    pub fn text_width(&self, s: &str, size: f32) -> Result<f32, PaperError> {
        crate::fonts::width(self.typeface, s, size)
    }

    /// Wraps `s` into lines at most `width` wide.
    pub fn wrap(&self, s: &str, size: f32, width: f32) -> Result<Vec<String>, PaperError> {
        let t = self.typeface;
        break_text(s, width, |c| crate::fonts::advance(t, c, size))
    }

    /// The PDF font of `face`, added to the document on first use.
    fn font_id(&mut self, face: Face) -> Result<FontId, PaperError> {
        if let Some(id) = &self.font_ids[face.index()] {
            return Ok(id.clone());
        }
        let id = self.pdf.add_font(&font(face)?.parsed);
        self.font_ids[face.index()] = Some(id.clone());
        Ok(id)
    }

    /// Places one line of text with its baseline at (`x`, `baseline`): one run per face.
    pub fn text_at(&mut self, x: f32, baseline: f32, size: f32, s: &str) -> Result<(), PaperError> {
        let mut x = x;
        for (face, text, w) in runs(self.typeface, s, size)? {
            let font = PdfFontHandle::External(self.font_id(face)?);
            self.ops().extend([
                Op::StartTextSection,
                Op::SetFont {
                    font,
                    size: Pt(size),
                },
                Op::SetTextCursor {
                    pos: Point {
                        x: Pt(x),
                        y: Pt(baseline),
                    },
                },
                Op::ShowText {
                    items: vec![TextItem::Text(text)],
                },
                Op::EndTextSection,
            ]);
            x += w;
        }
        Ok(())
    }

    /// Places one line aligned within [`left`, `right`] with its top at `top`.
    pub fn line_in(
        &mut self,
        s: &str,
        size: f32,
        (left, right): (f32, f32),
        top: f32,
        align: Align,
    ) -> Result<(), PaperError> {
        let w = self.text_width(s, size)?;
        let x = match align {
            Align::Left => left,
            Align::Center => left + ((right - left - w) / 2.0).max(0.0),
            Align::Right => (right - w).max(left),
        };
        self.text_at(x, top - size * 0.88, size, s)
    }

    /// A wrapped paragraph across the text width, flowing onto new pages; `lh` is the line
    /// height and `indent` a first-line indent in characters (二字缩进 is 2).
    pub fn paragraph(
        &mut self,
        s: &str,
        size: f32,
        lh: f32,
        indent: usize,
        align: Align,
    ) -> Result<(), PaperError> {
        let text = if indent > 0 {
            s.split('\n')
                .map(|p| format!("{}{p}", "\u{3000}".repeat(indent)))
                .collect::<Vec<_>>()
                .join("\n")
        } else {
            s.to_string()
        };
        let (l, r) = (self.left(), self.right());
        for line in self.wrap(&text, size, r - l)? {
            self.ensure(lh);
            let top = self.y - (lh - size) / 2.0;
            self.line_in(&line, size, (l, r), top, align)?;
            self.y -= lh;
        }
        Ok(())
    }

    /// A stroked rectangle (x, y = bottom-left).
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Option<f32>) {
        let pts = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)];
        let ring = PolygonRing {
            points: pts
                .iter()
                .map(|&(px, py)| LinePoint {
                    p: Point {
                        x: Pt(px),
                        y: Pt(py),
                    },
                    bezier: false,
                })
                .collect(),
        };
        let mode = if fill.is_some() {
            PaintMode::FillStroke
        } else {
            PaintMode::Stroke
        };
        let grey = fill.unwrap_or(1.0);
        self.ops().extend([
            Op::SetFillColor {
                col: grey_col(grey),
            },
            Op::SetOutlineColor { col: grey_col(0.0) },
            Op::SetOutlineThickness { pt: Pt(0.6) },
            Op::DrawPolygon {
                polygon: Polygon {
                    rings: vec![ring],
                    mode,
                    winding_order: WindingOrder::NonZero,
                },
            },
            Op::SetFillColor { col: grey_col(0.0) },
        ]);
    }

    /// A horizontal line.
    pub fn hline(&mut self, x1: f32, x2: f32, y: f32, thickness: f32) {
        let p = |x: f32| LinePoint {
            p: Point { x: Pt(x), y: Pt(y) },
            bezier: false,
        };
        self.ops().extend([
            Op::SetOutlineColor { col: grey_col(0.0) },
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawLine {
                line: Line {
                    points: vec![p(x1), p(x2)],
                    is_closed: false,
                },
            },
        ]);
    }

    /// Filled squares (QR modules): `cells` are (x, y, w, h) rectangles.
    pub(crate) fn fill_rects(&mut self, cells: &[(f32, f32, f32, f32)]) {
        let rings = cells
            .iter()
            .map(|&(x, y, w, h)| PolygonRing {
                points: [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
                    .iter()
                    .map(|&(px, py)| LinePoint {
                        p: Point {
                            x: Pt(px),
                            y: Pt(py),
                        },
                        bezier: false,
                    })
                    .collect(),
            })
            .collect();
        self.ops().extend([
            Op::SetFillColor { col: grey_col(0.0) },
            Op::DrawPolygon {
                polygon: Polygon {
                    rings,
                    mode: PaintMode::Fill,
                    winding_order: WindingOrder::NonZero,
                },
            },
        ]);
    }

    /// Adds page numbers and QR codes and writes the PDF.
    pub fn finish(self) -> Result<Vec<u8>, PaperError> {
        let mut warnings = Vec::new();
        Ok(self.into_pdf()?.save(&save_options(), &mut warnings))
    }

    /// Adds page numbers and QR codes and returns the PDF's object tree (compressed, fonts
    /// subset) instead of its bytes, for writers that join several documents into one file.
    pub(crate) fn into_objects(self) -> Result<lopdf::Document, PaperError> {
        let mut warnings = Vec::new();
        let mut doc = self
            .into_pdf()?
            .to_lopdf_document(&save_options(), &mut warnings);
        doc.compress();
        Ok(doc)
    }

    fn into_pdf(mut self) -> Result<PdfDocument, PaperError> {
        let mut counts = vec![0usize; self.sections.len()];
        for p in &self.pages {
            counts[p.section] += 1;
        }
        let pages = std::mem::take(&mut self.pages);
        let mut out = Vec::with_capacity(pages.len());
        let mut seen = vec![0usize; self.sections.len()];
        let (l, r) = (self.left(), self.right());
        self.typeface = Typeface::Sans;
        for page in pages {
            seen[page.section] += 1;
            self.pages.push(Page {
                ops: page.ops,
                section: page.section,
            });
            let footer = format!(
                "第 {} 页 共 {} 页",
                seen[page.section], counts[page.section]
            );
            let foot_top = self.margins.bottom / 2.0 + SIZE_SMALL / 2.0;
            self.line_in(&footer, SIZE_SMALL, (l, r), foot_top, Align::Center)?;
            let section = &self.sections[page.section];
            let (number, head) = (section.qr.clone(), section.running_head.clone());
            if let Some(number) = number {
                crate::qr::draw(&mut self, &number)?;
            }
            if let Some(head) = head.filter(|_| seen[page.section] > 1) {
                let top = crate::qr::label_top();
                self.line_in(&head, SIZE_FORM, (l, r), top, Align::Left)?;
            }
            let done = self.pages.pop().expect("page just pushed");
            out.push(PdfPage::new(Mm(210.0), Mm(297.0), done.ops));
        }
        self.pdf.with_pages(out);
        Ok(self.pdf)
    }
}

/// Fonts subset (printpdf's `text_layout`): each PDF carries only the glyphs it uses.
fn save_options() -> PdfSaveOptions {
    PdfSaveOptions {
        subset_fonts: true,
        ..PdfSaveOptions::default()
    }
}

fn grey_col(v: f32) -> Color {
    Color::Greyscale(Greyscale {
        percent: v,
        icc_profile: None,
    })
}
