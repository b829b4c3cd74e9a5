//! `minyi-server adopt`: a desktop office's database (and its attachments) becomes the server's
//! after a full check; the desktop's files stay as they were; a server folder that already has a
//! database is never overwritten.

mod common;

use common::*;
use minyi_server::adopt::adopt;
use serde_json::json;

fn desktop_office(dir: &std::path::Path) -> std::path::PathBuf {
    let db = dir.join("minyi.db");
    let mut store = minyi_core::Store::open(&db).unwrap();
    minyi_demo::generate::generate(
        &mut store,
        &minyi_demo::generate::DemoOptions {
            appeals: 120,
            seed: 7,
            now: minyi_core::time::now_cst(),
        },
        &mut |_, _| {},
    )
    .unwrap();
    let scan = dir.join("attachments").join("ab");
    std::fs::create_dir_all(&scan).unwrap();
    std::fs::write(scan.join("ab12"), b"scanned letter").unwrap();
    db
}

#[test]
fn a_desktop_database_becomes_the_servers_after_its_check() {
    let desk = tempfile::tempdir().unwrap();
    let db = desktop_office(desk.path());
    let before = std::fs::read(&db).unwrap();
    let server_dir = tempfile::tempdir().unwrap();
    let a = adopt(server_dir.path(), &db).unwrap();
    assert_eq!(a.appeals, 120);
    assert!(a.events > 120);
    assert_eq!(a.attachments, 1);
    assert_eq!(
        std::fs::read(server_dir.path().join("attachments/ab/ab12")).unwrap(),
        b"scanned letter"
    );
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "the desktop's file is untouched"
    );

    // The office works through the server with its own accounts.
    let server = minyi_server::spawn(config(server_dir.path())).unwrap();
    let mut c =
        minyi_client::Client::new(&server.url(), Some(&server.started.fingerprint)).unwrap();
    c.sign_in("bangongshi", minyi_demo::office::DEMO_PASSWORD)
        .unwrap();
    let page = c
        .call_value("list_appeals", json!({ "filter": any_filter() }))
        .unwrap();
    assert_eq!(page["total"], 120);

    // Never over an existing database.
    let again = adopt(server_dir.path(), &db).unwrap_err();
    assert!(again.contains("已有数据库"), "{again}");
}

#[test]
fn a_file_that_is_missing_or_not_a_database_is_refused() {
    let server_dir = tempfile::tempdir().unwrap();
    let e = adopt(server_dir.path(), std::path::Path::new("/no/such/minyi.db")).unwrap_err();
    assert!(e.contains("找不到数据库文件"), "{e}");
    let junk = server_dir.path().join("junk.db");
    std::fs::write(&junk, b"this is not sqlite at all, just text").unwrap();
    let target = tempfile::tempdir().unwrap();
    let e = adopt(target.path(), &junk).unwrap_err();
    assert!(e.contains("不是"), "{e}");
    assert!(!target.path().join("minyi.db").exists());
}
