//! One PDF file written part by part, so that a batch of thousands of pages never holds more
//! than one part in memory.
//!
//! printpdf lays out and serialises a whole document at once (its font subsetting needs every
//! page's text), so a 5,000-sheet batch held ~1.4 GB before it was written. Here each part (a
//! hundred archive sheets) is a complete document of its own — pages, subset font, resources —
//! turned into PDF objects by printpdf, renumbered to follow the objects already written, and
//! appended to the file; only the page tree, catalog, info and cross-reference table are written
//! at the end, from the page numbers and byte offsets kept meanwhile (a few bytes per object).
//! Each part carries its own font subset: a little larger file for flat memory.
//!
//! The objects are serialised here (lopdf keeps its writer private); the syntax is the PDF 1.4
//! subset printpdf emits — names, strings, arrays, dictionaries, streams, references.

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};
use std::io::{self, Write};

/// The page tree root and the catalog get the first two object numbers.
const PAGES_ID: u32 = 1;
const CATALOG_ID: u32 = 2;

/// A PDF being written to `W` part by part.
pub(crate) struct PdfStream<W: Write> {
    out: W,
    /// Bytes written so far (the next object's offset).
    pos: u64,
    /// Byte offset of each object number written (index = number; 0 = not written).
    offsets: Vec<u64>,
    page_ids: Vec<u32>,
}

impl<W: Write> PdfStream<W> {
    /// Starts the file (header and binary marker).
    pub(crate) fn new(out: W) -> io::Result<Self> {
        let mut s = Self {
            out,
            pos: 0,
            offsets: vec![0; CATALOG_ID as usize + 1],
            page_ids: Vec::new(),
        };
        s.put(b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n")?;
        Ok(s)
    }

    /// Pages written so far.
    pub(crate) fn pages(&self) -> usize {
        self.page_ids.len()
    }

    /// Appends every page of `part`, in order, with what they use.
    pub(crate) fn append(&mut self, mut part: Document) -> io::Result<()> {
        part.renumber_objects_with(self.offsets.len() as u32);
        let bad = |what: &str| io::Error::new(io::ErrorKind::InvalidData, what.to_string());
        let root = reference(part.trailer.get(b"Root").ok()).ok_or_else(|| bad("no catalog"))?;
        let info = reference(part.trailer.get(b"Info").ok());
        let tree = part
            .get_dictionary(root)
            .ok()
            .and_then(|c| reference(c.get(b"Pages").ok()))
            .ok_or_else(|| bad("no page tree"))?;
        let pages: Vec<ObjectId> = part.page_iter().collect();
        // The part's own catalog, page tree and info are replaced by the file's.
        let skip = [Some(root), Some(tree), info];
        for (id, mut object) in std::mem::take(&mut part.objects) {
            if skip.contains(&Some(id)) {
                continue;
            }
            if pages.contains(&id)
                && let Object::Dictionary(page) = &mut object
            {
                page.set("Parent", Object::Reference((PAGES_ID, 0)));
            }
            self.object(id.0, &object)?;
        }
        self.page_ids.extend(pages.iter().map(|p| p.0));
        Ok(())
    }

    /// Writes the page tree, catalog, info and cross-reference table; returns the writer.
    pub(crate) fn finish(mut self, title: &str) -> io::Result<W> {
        let kids = self
            .page_ids
            .iter()
            .map(|&id| Object::Reference((id, 0)))
            .collect();
        let mut tree = Dictionary::new();
        tree.set("Type", Object::Name(b"Pages".to_vec()));
        tree.set("Count", Object::Integer(self.page_ids.len() as i64));
        tree.set("Kids", Object::Array(kids));
        self.object(PAGES_ID, &Object::Dictionary(tree))?;
        let mut catalog = Dictionary::new();
        catalog.set("Type", Object::Name(b"Catalog".to_vec()));
        catalog.set("Pages", Object::Reference((PAGES_ID, 0)));
        self.object(CATALOG_ID, &Object::Dictionary(catalog))?;
        let info_id = self.offsets.len() as u32;
        let mut info = Dictionary::new();
        info.set("Title", utf16_text(title));
        info.set("Producer", utf16_text("民意诉求管理系统"));
        self.object(info_id, &Object::Dictionary(info))?;

        let xref = self.pos;
        let size = self.offsets.len();
        let mut table = format!("xref\n0 {size}\n").into_bytes();
        // Numbers of skipped objects (each part's own catalog, page tree, info) are free; free
        // entries form a list through their first field, ending at object 0.
        let free: Vec<usize> = (1..size).filter(|&i| self.offsets[i] == 0).collect();
        let next_free = |i: usize| free.iter().find(|&&f| f > i).copied().unwrap_or(0);
        table.extend(format!("{:010} 65535 f \n", next_free(0)).bytes());
        for i in 1..size {
            let line = match self.offsets[i] {
                0 => format!("{:010} 00001 f \n", next_free(i)),
                at => format!("{at:010} 00000 n \n"),
            };
            table.extend(line.bytes());
        }
        table.extend(
            format!(
                "trailer\n<</Size {size}/Root {CATALOG_ID} 0 R/Info {info_id} 0 R>>\nstartxref\n{xref}\n%%EOF\n"
            )
            .bytes(),
        );
        self.put(&table)?;
        self.out.flush()?;
        Ok(self.out)
    }

    fn object(&mut self, id: u32, object: &Object) -> io::Result<()> {
        let i = id as usize;
        if self.offsets.len() <= i {
            self.offsets.resize(i + 1, 0);
        }
        self.offsets[i] = self.pos;
        let mut buf = format!("{id} 0 obj\n").into_bytes();
        serialise(&mut buf, object);
        buf.extend_from_slice(b"\nendobj\n");
        self.put(&buf)
    }

    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)?;
        self.pos += bytes.len() as u64;
        Ok(())
    }
}

fn reference(o: Option<&Object>) -> Option<ObjectId> {
    o.and_then(|o| o.as_reference().ok())
}

/// A text string as UTF-16BE with its byte-order mark (how PDF spells non-Latin text).
fn utf16_text(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend(unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// Appends the PDF syntax of `o` to `buf`.
fn serialise(buf: &mut Vec<u8>, o: &Object) {
    match o {
        Object::Null => buf.extend_from_slice(b"null"),
        Object::Boolean(b) => buf.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => buf.extend(i.to_string().bytes()),
        // Rust never prints floats with an exponent, which PDF does not allow.
        Object::Real(r) => buf.extend(r.to_string().bytes()),
        Object::Name(n) => name(buf, n),
        Object::String(s, StringFormat::Literal) => {
            buf.push(b'(');
            for &b in s {
                match b {
                    b'(' | b')' | b'\\' => buf.extend_from_slice(&[b'\\', b]),
                    b'\r' => buf.extend_from_slice(b"\\r"),
                    _ => buf.push(b),
                }
            }
            buf.push(b')');
        }
        Object::String(s, StringFormat::Hexadecimal) => {
            buf.push(b'<');
            for b in s {
                buf.extend(format!("{b:02X}").bytes());
            }
            buf.push(b'>');
        }
        Object::Array(items) => {
            buf.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    buf.push(b' ');
                }
                serialise(buf, item);
            }
            buf.push(b']');
        }
        Object::Dictionary(d) => dictionary(buf, d, None),
        Object::Stream(s) => {
            // The length is the content's as written, whatever the dictionary said before.
            dictionary(buf, &s.dict, Some(s.content.len()));
            buf.extend_from_slice(b"stream\n");
            buf.extend_from_slice(&s.content);
            buf.extend_from_slice(b"\nendstream");
        }
        Object::Reference((id, generation)) => buf.extend(format!("{id} {generation} R").bytes()),
    }
}

fn dictionary(buf: &mut Vec<u8>, d: &Dictionary, length: Option<usize>) {
    buf.extend_from_slice(b"<<");
    for (key, value) in d {
        if length.is_some() && key.as_slice() == b"Length" {
            continue;
        }
        name(buf, key);
        buf.push(b' ');
        serialise(buf, value);
    }
    if let Some(n) = length {
        buf.extend(format!("/Length {n}").bytes());
    }
    buf.extend_from_slice(b">>");
}

/// A name, with delimiters, white space and bytes outside `!`..`~` written as `#xx`.
fn name(buf: &mut Vec<u8>, n: &[u8]) {
    buf.push(b'/');
    for &b in n {
        if b" \t\n\r\x0C()<>[]{}/%#".contains(&b) || !(33..=126).contains(&b) {
            buf.extend(format!("#{b:02X}").bytes());
        } else {
            buf.push(b);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(o: &Object) -> String {
        let mut buf = Vec::new();
        serialise(&mut buf, o);
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn objects_are_written_in_pdf_syntax() {
        assert_eq!(text(&Object::Name(b"A B#".to_vec())), "/A#20B#23");
        assert_eq!(
            text(&Object::String(b"a(b)\\".to_vec(), StringFormat::Literal)),
            "(a\\(b\\)\\\\)"
        );
        assert_eq!(
            text(&Object::String(vec![0xFE, 0xFF], StringFormat::Hexadecimal)),
            "<FEFF>"
        );
        assert_eq!(text(&Object::Real(0.5)), "0.5");
        assert_eq!(text(&Object::Real(1e-7)), "0.0000001");
        let mut d = Dictionary::new();
        d.set("Length", Object::Integer(99));
        d.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        let s = lopdf::Stream::new(d, b"abc".to_vec());
        assert_eq!(
            text(&Object::Stream(s)),
            "<</Filter /FlateDecode/Length 3>>stream\nabc\nendstream"
        );
        assert_eq!(
            text(&Object::Array(vec![
                Object::Integer(1),
                Object::Reference((7, 0)),
                Object::Null
            ])),
            "[1 7 0 R null]"
        );
    }
}
