//! Test set-up: a demo database with appeals in every state, an appeal whose appellant has a name
//! outside GB2312, and tools that read a PDF back (pdftotext, pdffonts, pdftoppm + rqrr).
#![allow(dead_code)]

use chrono::{DateTime, FixedOffset};
use minyi_core::Store;
use minyi_core::model::{Appellant, Ctx};
use minyi_core::queries::detail::AppealDetail;
use minyi_core::queries::print::{PrintData, appeal_for_print};
use minyi_core::usecases::register::{RegisterInput, register};
use minyi_demo::generate::{DemoOptions, generate};
use minyi_demo::{Office, seed_office};
use std::path::Path;
use std::process::Command;

pub const ORG: &str = "云江市民意诉求管理办公室";
pub const RARE_NAME: &str = "王堃喆赟𠮷";

pub fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

pub struct Env {
    pub dir: tempfile::TempDir,
    pub store: Store,
    pub office: Office,
}

/// A database with 200 demo appeals.
pub fn env() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("minyi.db")).unwrap();
    let opts = DemoOptions {
        appeals: 200,
        seed: 11,
        now: at("2026-11-27T17:00:00+08:00"),
    };
    generate(&mut store, &opts, &mut |_, _| {}).unwrap();
    let office = seed_office(&mut store, opts.now).unwrap();
    Env { dir, store, office }
}

impl Env {
    pub fn ctx(&self) -> Ctx<'_> {
        Ctx::new(&self.office.office, at("2026-11-28T09:00:00+08:00"))
    }

    /// Registers an appeal by an appellant named [`RARE_NAME`] with `content`; returns its number.
    pub fn register_rare(&mut self, content: &str) -> String {
        let input = RegisterInput {
            appellant: Appellant {
                name: RARE_NAME.into(),
                phone: Some("13912345678".into()),
                address: Some("云江市西湖区文三路88号".into()),
                ..Default::default()
            },
            channel: "walk_in".into(),
            category: "complaint".into(),
            subject: "翠苑小区夜间施工噪音扰民".into(),
            content: content.into(),
            received_at: "2026-11-27T09:30:00+08:00".into(),
            ..Default::default()
        };
        let ctx = Ctx::new(&self.office.clerk, at("2026-11-27T10:00:00+08:00"));
        register(&mut self.store, &ctx, &input).unwrap().reg_number
    }

    /// The first appeal number matching an SQL condition on `appeals a`.
    pub fn number_where(&self, cond: &str) -> String {
        self.store
            .sql_for_tests()
            .query_row(
                &format!("SELECT a.reg_number FROM appeals a WHERE {cond} ORDER BY a.id LIMIT 1"),
                [],
                |r| r.get(0),
            )
            .unwrap()
    }

    pub fn detail(&self, number: &str, full: bool) -> AppealDetail {
        let data = if full {
            PrintData::Full {
                purpose: "打印测试",
            }
        } else {
            PrintData::Masked
        };
        appeal_for_print(&self.store, &self.ctx(), number, data).unwrap()
    }
}

/// Writes `pdf` into `dir` and returns its path.
pub fn save(dir: &Path, name: &str, pdf: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, pdf).unwrap();
    p
}

/// The text of a PDF (pdftotext, raw order), with all whitespace removed so that wrapped lines
/// join up again.
pub fn text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The text without the page footers ("第x页共y页"), so that paragraphs broken by a page end
/// join up again.
pub fn body_text(pdf: &Path) -> String {
    let n = pages(pdf);
    let mut t = text(pdf);
    for p in 1..=n {
        t = t.replace(&format!("第{p}页共{n}页"), "");
    }
    t
}

/// Number of pages (pdfinfo).
pub fn pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().parse().unwrap()))
        .unwrap()
}

/// Asserts that every font in the PDF is embedded and subset (pdffonts).
pub fn assert_fonts_embedded_subset(pdf: &Path) {
    let out = Command::new("pdffonts").arg(pdf).output().unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<&str> = s.lines().skip(2).filter(|l| !l.trim().is_empty()).collect();
    assert!(!rows.is_empty(), "no fonts: {s}");
    for row in rows {
        let name = row.split_whitespace().next().unwrap();
        assert!(
            name.len() > 7 && name.as_bytes()[6] == b'+',
            "not a subset: {row}"
        );
        let cols: Vec<&str> = row.split_whitespace().collect();
        // ... emb sub uni object ID
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{row}");
    }
}

/// Rasterises page `page` (pdftoppm, grey) and decodes every QR code on it.
pub fn qr_codes(pdf: &Path, page: usize) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("p");
    let status = Command::new("pdftoppm")
        .args([
            "-gray",
            "-r",
            "200",
            "-f",
            &page.to_string(),
            "-l",
            &page.to_string(),
        ])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success());
    let file = std::fs::read_dir(dir.path())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let (w, h, px) = read_pgm(&std::fs::read(file).unwrap());
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| px[y * w + x]);
    img.detect_grids()
        .into_iter()
        .filter_map(|g| g.decode().ok().map(|(_, s)| s))
        .collect()
}

/// A binary PGM (P5) file: width, height, pixels.
fn read_pgm(b: &[u8]) -> (usize, usize, Vec<u8>) {
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while b[i].is_ascii_whitespace() {
            i += 1;
        }
        if b[i] == b'#' {
            while b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        let start = i;
        while !b[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&b[start..i]).to_string());
    }
    assert_eq!(fields[0], "P5");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (w, h, b[i + 1..i + 1 + w * h].to_vec())
}

/// The text of page `p` alone (pdftotext -f p -l p), whitespace removed.
pub fn page_text(pdf: &Path, p: usize) -> String {
    let p = p.to_string();
    let out = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8", "-f", &p, "-l", &p])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The names of the fonts in a PDF (pdffonts), without their subset prefix.
pub fn font_names(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdffonts").arg(pdf).output().unwrap();
    let mut names: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next())
        .map(|n| n.split_once('+').map_or(n, |(_, n)| n).to_string())
        .collect();
    names.sort();
    names.dedup();
    names
}
