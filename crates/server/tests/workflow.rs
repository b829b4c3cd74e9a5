//! Working at several desks through one server: files cross the wire (an import uploads its
//! workbook and reports progress, exports and prints download), others' changes are pushed within
//! two seconds, and acting on an appeal someone else just changed is refused by name.

mod common;

use common::*;
use minyi_core::ErrorCode;
use minyi_service::wire::ServerEvent;
use serde_json::{Value, json};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn batch(dir: &std::path::Path, rows: usize) -> std::path::PathBuf {
    let t = (minyi_core::time::now_cst() - chrono::Duration::hours(2)).format("%Y-%m-%d %H:%M");
    let mut text = String::from("姓名,电话,标题,内容,时间\n");
    for i in 0..rows {
        text.push_str(&format!(
            "张{i},138{i:08},路灯不亮{i},学院路第{i}段路灯已经坏了两个星期，晚上很不安全。,{t}\n"
        ));
    }
    text.push_str(&format!("李四,12345,坏行,电话号码不对。,{t}\n"));
    let p = dir.join("官网留言.csv");
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn an_import_uploads_reports_progress_and_its_report_downloads() {
    let office = TestOffice::start();
    let admin = office.admin();
    let events = admin.events().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for e in events {
            if tx.send(e).is_err() {
                break;
            }
        }
    });
    let work = tempfile::tempdir().unwrap();
    let file = admin.upload(&batch(work.path(), 30)).unwrap();
    let preview = admin
        .call_value("inspect_import", json!({ "file": file }))
        .unwrap();
    assert_eq!(preview["fileName"], "官网留言.csv");
    assert_eq!(preview["totalRows"], 31);
    let mapping: Vec<Value> = preview["fields"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| !f["column"].is_null())
        .map(|f| json!({ "field": f["field"], "column": f["column"] }))
        .collect();
    let outcome = admin
        .call_value(
            "import_batch",
            json!({ "request": { "file": file, "channel": "website", "mapping": mapping } }),
        )
        .unwrap();
    assert_eq!(outcome["registered"], 30);
    assert_eq!(outcome["rejected"], 1);
    let report = work.path().join("报告.xlsx");
    let token = outcome["report"].as_str().unwrap();
    assert!(!token.contains('/'), "a download token, not a server path");
    admin.download(token, &report).unwrap();
    let book: calamine::Xlsx<_> = calamine::open_workbook(&report).unwrap();
    assert!(!calamine::Reader::sheet_names(&book).is_empty());

    let seen: Vec<ServerEvent> = rx.try_iter().collect();
    let progress: Vec<u64> = seen
        .iter()
        .filter_map(|e| match e {
            ServerEvent::Progress(p) => Some(p.done),
            _ => None,
        })
        .collect();
    assert_eq!(progress.last(), Some(&31), "{seen:?}");
    assert!(
        seen.iter().any(
            |e| matches!(e, ServerEvent::DataChanged { command } if command == "import_batch")
        )
    );

    // A path on the server's disk is never a file a command may read.
    let e = admin
        .call_value("inspect_import", json!({ "file": "/etc/passwd" }))
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    assert!(e.message.contains("重新选择文件上传"), "{}", e.message);
}

#[test]
fn exports_prints_and_attachments_download() {
    let office = TestOffice::start();
    let admin = office.admin();
    let id = register(&admin, "13812345678", "夜间施工噪音扰民");
    let work = tempfile::tempdir().unwrap();

    let ledger = admin
        .call_value(
            "export_ledger",
            json!({ "filter": any_filter(), "personalData": false }),
        )
        .unwrap();
    assert_eq!(ledger["rows"], 1);
    let to = work.path().join("台账.xlsx");
    admin
        .download(ledger["path"].as_str().unwrap(), &to)
        .unwrap();
    let book: calamine::Xlsx<_> = calamine::open_workbook(&to).unwrap();
    assert!(!calamine::Reader::sheet_names(&book).is_empty());

    let pdf = admin
        .call_value(
            "print_appeal",
            json!({ "appealId": id, "document": "archive_sheet" }),
        )
        .unwrap();
    let to = work.path().join("登记表.pdf");
    admin.download(pdf.as_str().unwrap(), &to).unwrap();
    assert!(std::fs::read(&to).unwrap().starts_with(b"%PDF"));

    let photo = work.path().join("现场照片.jpg");
    std::fs::write(&photo, b"\xff\xd8\xff photo").unwrap();
    let file = admin.upload(&photo).unwrap();
    let rec = admin
        .call_value("add_attachment", json!({ "appealId": id, "file": file }))
        .unwrap();
    assert_eq!(rec["fileName"], "现场照片.jpg");
    let copy = admin
        .call_value("attachment_file", json!({ "id": rec["id"] }))
        .unwrap();
    let back = work.path().join("back.jpg");
    admin.download(copy.as_str().unwrap(), &back).unwrap();
    assert_eq!(std::fs::read(&back).unwrap(), b"\xff\xd8\xff photo");

    // Another session cannot fetch this session's files.
    let other = office.admin();
    let e = other.download(copy.as_str().unwrap(), &back).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
}

#[test]
fn others_see_a_change_within_two_seconds() {
    let office = TestOffice::start();
    let clerk = office.admin();
    let watcher = office.admin();
    let events = watcher.events().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for e in events {
            if tx.send((Instant::now(), e)).is_err() {
                break;
            }
        }
    });
    // The stream is open once the server answers it; give the subscription a moment.
    std::thread::sleep(Duration::from_millis(200));
    let sent = Instant::now();
    register(&clerk, "13812345678", "夜间施工噪音扰民");
    let (at, event) = rx
        .recv_timeout(Duration::from_secs(2))
        .expect("pushed in time");
    assert_eq!(
        event,
        ServerEvent::DataChanged {
            command: "register_appeal".into()
        }
    );
    println!("change pushed after {:?}", at.duration_since(sent));
    // Reads are not changes.
    watcher
        .call_value("list_appeals", json!({ "filter": any_filter() }))
        .unwrap();
    assert!(rx.recv_timeout(Duration::from_millis(300)).is_err());
}

#[test]
fn acting_on_an_appeal_someone_just_changed_is_refused_by_name() {
    let office = TestOffice::start();
    let admin = office.admin();
    add_user(
        &admin,
        "jiedai",
        "李接待",
        1,
        &["intake_clerk", "appeals_office"],
    );
    let id = register(&admin, "13812345678", "夜间施工噪音扰民");
    let other = office.signed_in("jiedai", "Staff-2026");
    // Both have the appeal's page open.
    let version = |c: &minyi_client::Client| {
        c.call_value("appeal_detail", json!({ "id": id, "personal": "masked" }))
            .unwrap()["version"]
            .as_i64()
            .unwrap()
    };
    let seen = version(&admin);
    assert_eq!(version(&other), seen);
    admin
        .call_value(
            "initial_review",
            json!({ "appealId": id, "seen": seen, "input": {"decision": "accept", "category": "complaint"} }),
        )
        .unwrap();
    let events = office.count("events");
    let e = other
        .call_value(
            "initial_review",
            json!({ "appealId": id, "seen": seen, "input": {"decision": "reject", "reason": "不属于受理范围"} }),
        )
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
    assert!(e.message.starts_with("此诉求已由张管理于"), "{}", e.message);
    assert!(
        e.message.ends_with("初审受理，请刷新后再操作。"),
        "{}",
        e.message
    );
    assert_eq!(office.count("events"), events, "nothing written");
}
