//! Shared set-up of the sheets tests: a fresh database with the demo office, appeals registered
//! through the core's use case, and a reader of written workbooks (calamine).
#![allow(dead_code)]

use calamine::{Data, Reader, open_workbook_auto};
use chrono::{DateTime, FixedOffset};
use minyi_core::Store;
use minyi_core::model::{Appellant, Ctx};
use minyi_core::usecases::register::{RegisterInput, register};
use minyi_demo::{Office, seed_office};
use std::path::Path;

pub fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

pub struct Env {
    pub dir: tempfile::TempDir,
    pub store: Store,
    pub office: Office,
}

pub fn env() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("minyi.db")).unwrap();
    let office = seed_office(&mut store, at("2026-11-02T08:00:00+08:00")).unwrap();
    Env { dir, store, office }
}

/// Registers an appeal received at `received` (RFC 3339) by the clerk; returns its reg number.
pub fn register_one(
    env: &mut Env,
    name: &str,
    phone: &str,
    subject: &str,
    content: &str,
    received: &str,
) -> String {
    let input = RegisterInput {
        appellant: Appellant {
            name: name.into(),
            phone: Some(phone.into()),
            address: Some("云江市西湖区文三街道学院路88号3幢501室".into()),
            ..Default::default()
        },
        channel: "wechat".into(),
        category: "complaint".into(),
        subject: subject.into(),
        content: content.into(),
        received_at: received.into(),
        ..Default::default()
    };
    let ctx = Ctx::new(&env.office.clerk, at("2026-11-20T10:00:00+08:00"));
    register(&mut env.store, &ctx, &input).unwrap().reg_number
}

/// Every cell of the first (or the named) sheet of a workbook.
pub fn read_sheet(path: &Path, name: Option<&str>) -> Vec<Vec<Data>> {
    let mut book = open_workbook_auto(path).unwrap();
    let sheet = match name {
        Some(n) => n.to_string(),
        None => book.sheet_names()[0].clone(),
    };
    let range = book.worksheet_range(&sheet).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

/// A cell as text ("" when empty).
pub fn s(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        other => other.to_string(),
    }
}

pub fn count(store: &Store, table: &str) -> i64 {
    store
        .sql_for_tests()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// How a worksheet prints, read from the workbook's XML.
#[derive(Debug)]
pub struct PrintSetup {
    pub sheet: String,
    pub landscape: bool,
    /// The rows repeated at the top of each page, as Excel writes them (`$1:$1`).
    pub title_rows: String,
}

fn zip_text(zip: &mut zip::ZipArchive<std::fs::File>, name: &str) -> String {
    use std::io::Read;
    let mut s = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the workbook"))
        .read_to_string(&mut s)
        .unwrap();
    s
}

/// Checks that every sheet of the workbook at `path` is set up for paper as the office prints it —
/// A4, fitted to one page wide, page numbers in the footer, header rows repeated on every page —
/// and that every font of the workbook is the Chinese default; returns each sheet's set-up.
pub fn assert_print_ready(path: &Path) -> Vec<PrintSetup> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let workbook = zip_text(&mut zip, "xl/workbook.xml");
    let styles = zip_text(&mut zip, "xl/styles.xml");
    assert!(
        !styles.contains("Calibri"),
        "a format without the Chinese font"
    );
    assert!(styles.contains(r#"<name val="等线"/>"#), "{styles}");
    let names: Vec<String> = workbook
        .split("<sheet name=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_string())
        .collect();
    assert!(!names.is_empty());
    let mut out = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let xml = zip_text(&mut zip, &format!("xl/worksheets/sheet{}.xml", i + 1));
        assert!(
            xml.contains(r#"<pageSetUpPr fitToPage="1"/>"#),
            "{name}: fit to page"
        );
        let setup = &xml[xml
            .find("<pageSetup ")
            .unwrap_or_else(|| panic!("{name}: pageSetup"))..];
        let setup = &setup[..setup.find("/>").unwrap()];
        assert!(setup.contains(r#"paperSize="9""#), "{name}: A4 in {setup}");
        assert!(setup.contains(r#"fitToHeight="0""#), "{name}: {setup}");
        assert!(!setup.contains("fitToWidth=") || setup.contains(r#"fitToWidth="1""#));
        let landscape = setup.contains(r#"orientation="landscape""#);
        assert!(
            landscape || setup.contains(r#"orientation="portrait""#),
            "{name}: {setup}"
        );
        assert!(
            xml.contains(r#"<printOptions horizontalCentered="1"/>"#),
            "{name}"
        );
        assert!(
            xml.contains("<oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter>"),
            "{name}: footer"
        );
        let defined = format!(r#"<definedName name="_xlnm.Print_Titles" localSheetId="{i}">"#);
        let at = workbook
            .find(&defined)
            .unwrap_or_else(|| panic!("{name}: repeated header rows"));
        let value = &workbook[at + defined.len()..];
        let value = &value[..value.find("</definedName>").unwrap()];
        let title_rows = value[value.rfind('!').unwrap() + 1..].to_string();
        out.push(PrintSetup {
            sheet: name.clone(),
            landscape,
            title_rows,
        });
    }
    out
}

/// The XML of the `n`th worksheet (from 1) of the workbook at `path`.
pub fn sheet_xml(path: &Path, n: usize) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    zip_text(&mut zip, &format!("xl/worksheets/sheet{n}.xml"))
}

/// Whether the cell format `index` of the workbook at `path` wraps its text.
pub fn cell_format_wraps(path: &Path, index: usize) -> bool {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let styles = zip_text(&mut zip, "xl/styles.xml");
    let xfs = &styles[styles.find("<cellXfs").unwrap()..];
    let xfs = &xfs[..xfs.find("</cellXfs>").unwrap()];
    let xf = xfs.split("<xf ").nth(index + 1).expect("the cell format");
    let xf = &xf[..xf.find("</xf>").or_else(|| xf.find("/>")).unwrap()];
    xf.contains(r#"wrapText="1""#)
}
