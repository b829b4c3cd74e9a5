//! The embedded fonts (see `fonts/README.md` at the repository root), each parsed once per process
//! and shared by every document, and the typefaces documents set their text in.
//!
//! Letters, notices and agreements follow GB/T 9704: body text in 仿宋 ([`Face::Fang`], FandolFang,
//! GPL with the font exception), titles in a bold serif standing in for 小标宋
//! ([`Face::SerifBold`], Noto Serif CJK SC Bold). Forms and tables keep the sans face
//! ([`Face::Sans`], Noto Sans CJK SC), which reads best small. FandolFang covers GB2312 and little
//! more, and the serif is shipped with GB2312 only, so a [`Typeface`] is a chain: a character its
//! first face lacks (a rare name such as 㛃, 䶮 or 𠮷) is set in the next, ending with the sans
//! face, which has every character of Noto Sans CJK SC including CJK Ext-A and Ext-B. The fonts
//! are files in the repository, compiled into the binary: no system font is looked for, so the
//! build and the printed page are the same on every machine.
//!
//! Parsing a multi-megabyte OpenType font takes far longer than laying out a page, so each face is
//! parsed on first use, in a [`OnceLock`] (a form never parses the 仿宋). Every string that goes
//! onto paper is checked here first: a character no face of the chain has is an error
//! ([`PaperError::MissingGlyph`]), never a silently missing character.

use crate::PaperError;
use printpdf::ParsedFont;
use std::sync::OnceLock;

static SANS_BYTES: &[u8] = include_bytes!("../../../fonts/NotoSansCJKsc-Regular.otf");
static FANG_BYTES: &[u8] = include_bytes!("../../../fonts/FandolFang-Regular.otf");
static SERIF_BOLD_BYTES: &[u8] = include_bytes!("../../../fonts/NotoSerifCJKsc-Bold.otf");

/// One embedded font file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Face {
    /// Noto Sans CJK SC Regular: forms, tables, page numbers; the last fallback of every chain.
    Sans,
    /// FandolFang Regular (仿宋): the body of letters, notices and agreements.
    Fang,
    /// Noto Serif CJK SC Bold (GB2312 subset): the titles of letters, notices and agreements.
    SerifBold,
}

impl Face {
    /// Every face, in the order of [`Face::index`].
    pub const ALL: [Face; 3] = [Face::Sans, Face::Fang, Face::SerifBold];

    /// A small number for tables indexed by face.
    pub fn index(self) -> usize {
        self as usize
    }

    fn bytes(self) -> &'static [u8] {
        match self {
            Face::Sans => SANS_BYTES,
            Face::Fang => FANG_BYTES,
            Face::SerifBold => SERIF_BOLD_BYTES,
        }
    }
}

/// What a run of text is set in: a chain of faces tried in order for each character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Typeface {
    /// Forms, tables, footers: the sans face alone.
    #[default]
    Sans,
    /// 公文 body text: 仿宋, then the sans face.
    Fang,
    /// 公文 titles: the bold serif, then the sans face.
    Title,
}

impl Typeface {
    /// The faces tried, in order.
    pub fn chain(self) -> &'static [Face] {
        match self {
            Typeface::Sans => &[Face::Sans],
            Typeface::Fang => &[Face::Fang, Face::Sans],
            Typeface::Title => &[Face::SerifBold, Face::Sans],
        }
    }
}

/// A parsed font and its units per em.
pub(crate) struct Font {
    pub parsed: ParsedFont,
    units_per_em: f32,
}

static FONTS: [OnceLock<Option<Font>>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];

/// The font of `face`, parsed on first use.
pub(crate) fn font(face: Face) -> Result<&'static Font, PaperError> {
    FONTS[face.index()]
        .get_or_init(|| {
            let mut warnings = Vec::new();
            let parsed = ParsedFont::from_bytes(face.bytes(), 0, &mut warnings)?;
            let units_per_em = f32::from(parsed.font_metrics.units_per_em.max(1));
            Some(Font {
                parsed,
                units_per_em,
            })
        })
        .as_ref()
        .ok_or(PaperError::FontUnreadable)
}

/// Parses the fonts now, so that the first document is not slower than the others.
pub fn warm_up() -> Result<(), PaperError> {
    Face::ALL.iter().try_for_each(|&f| font(f).map(|_| ()))
}

impl Font {
    /// The advance width of `c` at `size` points, or `None` when the font has no glyph for it.
    pub fn glyph_advance(&self, c: char, size: f32) -> Option<f32> {
        match self.parsed.lookup_glyph_index(c as u32) {
            Some(gid) if gid != 0 => {
                Some(f32::from(self.parsed.get_horizontal_advance(gid)) / self.units_per_em * size)
            }
            _ => None,
        }
    }
}

/// The face of `typeface` that sets `c`, and its advance at `size` points.
pub(crate) fn resolve(typeface: Typeface, c: char, size: f32) -> Result<(Face, f32), PaperError> {
    for &face in typeface.chain() {
        if let Some(w) = font(face)?.glyph_advance(c, size) {
            return Ok((face, w));
        }
    }
    Err(PaperError::MissingGlyph(c as u32))
}

/// The advance width of `c` at `size` points in `typeface`, or the missing-glyph error.
pub fn advance(typeface: Typeface, c: char, size: f32) -> Result<f32, PaperError> {
    resolve(typeface, c, size).map(|(_, w)| w)
}

/// The width of `s` at `size` points in `typeface`.
pub fn width(typeface: Typeface, s: &str, size: f32) -> Result<f32, PaperError> {
    s.chars().map(|c| advance(typeface, c, size)).sum()
}

/// `s` cut into runs of one face each, with each run's width at `size` points.
pub(crate) fn runs(
    typeface: Typeface,
    s: &str,
    size: f32,
) -> Result<Vec<(Face, String, f32)>, PaperError> {
    let mut out: Vec<(Face, String, f32)> = Vec::new();
    for c in s.chars() {
        let (face, w) = resolve(typeface, c, size)?;
        match out.last_mut() {
            Some((f, text, width)) if *f == face => {
                text.push(c);
                *width += w;
            }
            _ => out.push((face, c.to_string(), w)),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_outside_gb2312_and_ext_b_have_glyphs_in_every_typeface() {
        for t in [Typeface::Sans, Typeface::Fang, Typeface::Title] {
            for c in ['堃', '喆', '赟', '㛃', '䶮', '\u{20BB7}', '，', 'A', '7'] {
                assert!(advance(t, c, 10.0).unwrap() > 0.0, "{t:?} {c}");
            }
        }
    }

    #[test]
    fn the_fang_sets_common_text_itself_and_leaves_rare_characters_to_the_sans() {
        let r = runs(Typeface::Fang, "王䶮同志：", 16.0).unwrap();
        let faces: Vec<(Face, &str)> = r.iter().map(|(f, t, _)| (*f, t.as_str())).collect();
        assert_eq!(
            faces,
            [
                (Face::Fang, "王"),
                (Face::Sans, "䶮"),
                (Face::Fang, "同志：")
            ]
        );
        let title = runs(Typeface::Title, "受理回执", 22.0).unwrap();
        assert_eq!(title.len(), 1);
        assert_eq!(title[0].0, Face::SerifBold);
    }

    #[test]
    fn a_character_without_glyph_is_an_error() {
        // U+E000 is a private-use code point no CJK font maps.
        for t in [Typeface::Sans, Typeface::Fang, Typeface::Title] {
            assert_eq!(
                width(t, "张\u{E000}", 1.0),
                Err(PaperError::MissingGlyph(0xE000))
            );
        }
    }
}
