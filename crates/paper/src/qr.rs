//! The appeal number as a QR code in the top-right corner of every page of an appeal document,
//! so that a scanner finds the appeal from paper. Drawn as vector squares (crate `qrcode`), with the
//! number in small print beside it.

use crate::PaperError;
use crate::layout::{Align, Doc, PAGE_H, SIZE_SMALL, mm};
use qrcode::{Color, EcLevel, QrCode};

/// Side of the QR code on paper.
const SIDE_MM: f32 = 16.0;

/// Draws the QR code of `number` in the page's top-right corner, inside the top margin.
pub fn draw(doc: &mut Doc, number: &str) -> Result<(), PaperError> {
    let code = QrCode::with_error_correction_level(number.as_bytes(), EcLevel::M)
        .map_err(|_| PaperError::Qr)?;
    let n = code.width();
    let side = mm(SIDE_MM);
    let module = side / n as f32;
    let x0 = doc.right() - side;
    let top = PAGE_H - mm(5.0);
    let colors = code.to_colors();
    let mut cells = Vec::new();
    for row in 0..n {
        let mut col = 0;
        while col < n {
            if colors[row * n + col] == Color::Dark {
                let start = col;
                while col < n && colors[row * n + col] == Color::Dark {
                    col += 1;
                }
                let y = top - (row + 1) as f32 * module;
                cells.push((
                    x0 + start as f32 * module,
                    y,
                    (col - start) as f32 * module,
                    module,
                ));
            } else {
                col += 1;
            }
        }
    }
    doc.fill_rects(&cells);
    let (l, r) = (doc.left(), x0 - mm(2.0));
    doc.line_in(number, SIZE_SMALL, (l, r), label_top(), Align::Right)
}

/// Top of the number's line beside the code (the running head of continuation pages shares it).
pub fn label_top() -> f32 {
    PAGE_H - mm(5.0) - mm(SIDE_MM) + SIZE_SMALL
}
