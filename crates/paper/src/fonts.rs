//! The embedded CJK font: Noto Sans CJK SC (see `fonts/README.md` at the repository root), parsed
//! once per process and shared by every document.
//!
//! Parsing a 10 MB OpenType font takes far longer than laying out a page, so it happens once, in a
//! [`OnceLock`]. Every string that goes onto paper is checked here first: a character the font has
//! no glyph for is an error ([`PaperError::MissingGlyph`]), never a silently missing character.

use crate::PaperError;
use printpdf::ParsedFont;
use std::sync::OnceLock;

static FONT_BYTES: &[u8] = include_bytes!("../../../fonts/NotoSansCJKsc-Regular.otf");

/// The parsed font and its units per em.
pub(crate) struct Font {
    pub parsed: ParsedFont,
    units_per_em: f32,
}

static FONT: OnceLock<Option<Font>> = OnceLock::new();

/// The shared font, parsed on first use.
pub(crate) fn font() -> Result<&'static Font, PaperError> {
    FONT.get_or_init(|| {
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(FONT_BYTES, 0, &mut warnings)?;
        let units_per_em = f32::from(parsed.font_metrics.units_per_em.max(1));
        Some(Font {
            parsed,
            units_per_em,
        })
    })
    .as_ref()
    .ok_or(PaperError::FontUnreadable)
}

/// Parses the font now, so that the first document is not slower than the others.
pub fn warm_up() -> Result<(), PaperError> {
    font().map(|_| ())
}

impl Font {
    /// The advance width of `c` at `size` points, or the missing-glyph error.
    pub fn advance(&self, c: char, size: f32) -> Result<f32, PaperError> {
        match self.parsed.lookup_glyph_index(c as u32) {
            Some(gid) if gid != 0 => {
                Ok(f32::from(self.parsed.get_horizontal_advance(gid)) / self.units_per_em * size)
            }
            _ => Err(PaperError::MissingGlyph(c as u32)),
        }
    }

    /// The width of `s` at `size` points.
    pub fn width(&self, s: &str, size: f32) -> Result<f32, PaperError> {
        s.chars().map(|c| self.advance(c, size)).sum()
    }

    /// Checks that every character of `s` can be printed.
    pub fn check(&self, s: &str) -> Result<(), PaperError> {
        self.width(s, 1.0).map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_outside_gb2312_and_ext_b_have_glyphs() {
        let f = font().unwrap();
        for c in ['堃', '喆', '赟', '\u{20BB7}', '，', 'A', '7'] {
            assert!(f.advance(c, 10.0).unwrap() > 0.0, "{c}");
        }
    }

    #[test]
    fn a_character_without_glyph_is_an_error() {
        let f = font().unwrap();
        // U+E000 is a private-use code point no CJK font maps.
        assert_eq!(f.check("张\u{E000}"), Err(PaperError::MissingGlyph(0xE000)));
    }
}
