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
