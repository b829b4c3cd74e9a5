//! Several server processes, one PostgreSQL database (issue 22): two real `minyi-server`
//! processes serve one office, and any of them serves any request — a session begun on one is
//! valid on the other, a change made through one is pushed to a client whose event stream the
//! other holds (LISTEN/NOTIFY), and a sign-out on one ends the session on both.
//!
//! Runs when `MINYI_TEST_PG` names a cluster (`make test-rust-pg`); otherwise it says so and
//! passes.

mod common;

use common::processes::{Process, server_command};
use common::{ADMIN, PASSWORD};
use minyi_core::testing::pg;
use minyi_service::wire::ServerEvent;
use serde_json::json;
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

#[test]
fn two_server_processes_share_sessions_push_and_sign_out_through_one_database() {
    let Some(db) = pg::fresh() else {
        eprintln!("MINYI_TEST_PG is not set: two server processes on PostgreSQL not tested");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let status = server_command(dir.path(), Some(db.url()))
        .args([
            "setup",
            "--org",
            "测试办公室",
            "--admin",
            ADMIN,
            "--name",
            "管理员",
        ])
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "setup on PostgreSQL");
    let a = Process::start(dir.path(), Some(db.url()), 2);
    let b = Process::start(dir.path(), Some(db.url()), 2);

    // Signed in through A, the same session works on B.
    let mut on_a = a.client(None);
    on_a.sign_in(ADMIN, PASSWORD).unwrap();
    let token = on_a.token().unwrap().to_string();
    let on_b = b.client(Some(&token));
    assert!(on_b.call_value("departments", json!({})).is_ok());

    // B holds this session's event stream; a change made through A reaches it.
    let (tx, rx) = mpsc::channel();
    let stream = b.client(Some(&token)).events().unwrap();
    std::thread::spawn(move || {
        for event in stream {
            if tx.send(event).is_err() {
                break;
            }
        }
    });
    let department = on_a
        .call_value("add_department", json!({ "name": "城市管理局" }))
        .unwrap();
    assert!(department.as_i64().is_some());
    let pushed = loop {
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(ServerEvent::DataChanged { command }) if command == "add_department" => break true,
            Ok(_) => continue,
            Err(_) => break false,
        }
    };
    assert!(
        pushed,
        "the change made through A was pushed to the stream held by B"
    );
    // And what A wrote, B reads.
    let listed = on_b.call_value("departments", json!({})).unwrap();
    assert!(listed.to_string().contains("城市管理局"));

    // Signed out through B: the token is refused on A at once.
    let mut out = b.client(Some(&token));
    out.sign_out().unwrap();
    let refused = on_a.call_value("departments", json!({}));
    assert_eq!(
        refused.unwrap_err().code,
        minyi_core::ErrorCode::NotSignedIn
    );
}
