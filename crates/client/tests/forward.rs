//! The shared forwarding (`Client::forward`) against a real office server on loopback: a file the
//! arguments name is uploaded, a file the server made arrives where the caller asked, and a server
//! with another certificate is refused before anything is sent.

use minyi_client::Client;
use minyi_core::ErrorCode;
use minyi_core::model::Role;
use minyi_core::usecases::accounts::NewUser;
use minyi_service::views::SetupInput;
use minyi_service::{Office, OutputKind, Profile};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::sync::Mutex;

const PASSWORD: &str = "Secret-2026";

/// A server on a fresh office in `dir` whose administrator also registers appeals.
fn serve(dir: &std::path::Path) -> minyi_server::Running {
    let office = Office::open(dir, Profile::server(1)).unwrap();
    minyi_service::session::setup(
        &office,
        &SetupInput {
            org_name: "某市民意诉求管理办公室".into(),
            admin: NewUser {
                username: "admin".into(),
                display_name: "张管理".into(),
                department_id: 0,
                roles: vec![Role::Administrator, Role::AppealsOffice, Role::IntakeClerk],
                password: PASSWORD.into(),
                agreement_signed_on: chrono::NaiveDate::from_ymd_opt(2026, 1, 5),
            },
            load_demo: false,
        },
    )
    .unwrap();
    drop(office);
    minyi_server::spawn(minyi_server::Config {
        data_dir: dir.to_path_buf(),
        listen: "127.0.0.1:0".parse().unwrap(),
        cert: None,
        connections: 2,
        hosts: vec![],
        database: None,
        idle_override: None,
    })
    .unwrap()
}

fn count(dir: &std::path::Path, table: &str) -> i64 {
    let store = minyi_core::Store::open(&dir.join("minyi.db")).unwrap();
    store
        .sql_for_tests()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

fn registration() -> Value {
    json!({ "input": {
        "appellant": {"name": "李四", "phone": "13912345678", "address": "云江市西湖区学院路88号"},
        "channel": "walk_in", "category": "complaint",
        "subject": "学院路路灯损坏",
        "content": "学院路路灯损坏，已经持续一个多月，希望尽快处理。",
        "receivedAt": "2026-12-01T09:30:00+08:00"
    }})
}

fn nowhere(_: OutputKind, _: &str) -> minyi_core::Result<PathBuf> {
    panic!("this request makes no file")
}

#[test]
fn an_attachment_is_uploaded_and_its_copy_arrives_where_asked() {
    let server_dir = tempfile::tempdir().unwrap();
    let server = serve(server_dir.path());
    let mut c = Client::new(&server.url(), Some(&server.started.fingerprint)).unwrap();
    c.sign_in("admin", PASSWORD).unwrap();
    let id = c
        .forward("register_appeal", registration(), &nowhere)
        .unwrap();
    let appeal_id = id.value["appealId"].as_i64().unwrap();
    assert!(id.made.is_empty());

    // The local file the arguments name is uploaded, and the server keeps its bytes.
    let here = tempfile::tempdir().unwrap();
    let photo = here.path().join("路灯照片.jpg");
    std::fs::write(&photo, b"\xFF\xD8\xFF photo bytes").unwrap();
    let added = c
        .forward(
            "add_attachment",
            json!({ "appealId": appeal_id, "file": photo.to_str().unwrap() }),
            &nowhere,
        )
        .unwrap();
    assert_eq!(added.value["fileName"], "路灯照片.jpg", "{}", added.value);
    assert_eq!(count(server_dir.path(), "attachments"), 1);

    // The copy the server made arrives in the folder the caller chose for its kind, under the
    // server's name for it, and the answer names the local file.
    let asked = Mutex::new(Vec::new());
    let folder = here.path().join("attachments");
    std::fs::create_dir(&folder).unwrap();
    let opened = c
        .forward(
            "attachment_file",
            json!({ "id": added.value["id"] }),
            &|kind, name| {
                asked.lock().unwrap().push((kind, name.to_string()));
                Ok(folder.join(name))
            },
        )
        .unwrap();
    let (kind, name) = asked.into_inner().unwrap().remove(0);
    assert_eq!(kind, OutputKind::Attachment);
    assert!(name.ends_with("路灯照片.jpg"), "{name}");
    let local = folder.join(&name);
    assert_eq!(opened.value, json!(local.to_str().unwrap()));
    assert_eq!(opened.made, vec![(local.clone(), OutputKind::Attachment)]);
    assert_eq!(std::fs::read(&local).unwrap(), b"\xFF\xD8\xFF photo bytes");
}

#[test]
fn an_export_made_on_the_server_is_saved_where_the_user_chose() {
    let server_dir = tempfile::tempdir().unwrap();
    let server = serve(server_dir.path());
    let mut c = Client::new(&server.url(), Some(&server.started.fingerprint)).unwrap();
    c.sign_in("admin", PASSWORD).unwrap();
    let here = tempfile::tempdir().unwrap();
    let chosen = here.path().join("安全日志.xlsx");
    let out = c
        .forward("export_security_log", json!({}), &|kind, _| {
            assert_eq!(kind, OutputKind::Export);
            Ok(chosen.clone())
        })
        .unwrap();
    assert_eq!(out.value["path"], json!(chosen.to_str().unwrap()));
    let bytes = std::fs::read(&chosen).unwrap();
    assert_eq!(&bytes[..2], b"PK", "an Excel workbook");
    assert!(!here.path().join("安全日志.xlsx.part").exists());
}

#[test]
fn a_server_with_another_certificate_is_refused_and_nothing_is_sent() {
    let server_dir = tempfile::tempdir().unwrap();
    let server = serve(server_dir.path());
    let other = "AB".repeat(32);
    let c = Client::new(&server.url(), Some(&other)).unwrap();
    let here = tempfile::tempdir().unwrap();
    let photo = here.path().join("照片.jpg");
    std::fs::write(&photo, b"bytes").unwrap();

    let e = c
        .forward(
            "add_attachment",
            json!({ "appealId": 1, "file": photo.to_str().unwrap() }),
            &nowhere,
        )
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Untrusted);
    assert!(
        e.message.contains("证书指纹与已信任的不一致"),
        "{}",
        e.message
    );
    let e = c
        .forward("register_appeal", registration(), &nowhere)
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Untrusted);
    assert_eq!(count(server_dir.path(), "appeals"), 0);
    assert_eq!(count(server_dir.path(), "attachments"), 0);
    // Nothing reached the server's upload folder either.
    let uploaded = walk(server_dir.path())
        .into_iter()
        .filter(|p| std::fs::read(p).is_ok_and(|b| b == b"bytes"))
        .count();
    assert_eq!(uploaded, 0);
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
