//! Several server processes, one PostgreSQL database (issue 22): two real `minyi-server`
//! processes serve one office, and any of them serves any request — a session begun on one is
//! valid on the other, a change made through one is pushed to a client whose event stream the
//! other holds (LISTEN/NOTIFY), and a sign-out on one ends the session on both.
//!
//! Runs when `MINYI_TEST_PG` names a cluster (`make test-rust-pg`); otherwise it says so and
//! passes.

use minyi_client::Client;
use minyi_core::testing::pg;
use minyi_service::wire::ServerEvent;
use serde_json::json;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const PASSWORD: &str = "a-long-password-1";

/// A server process, killed when dropped.
struct Process {
    child: Child,
    url: String,
    fingerprint: String,
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn server(dir: &Path, database: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_minyi-server"));
    c.arg("--data-dir")
        .arg(dir)
        .env("MINYI_DATABASE_URL", database)
        .env("MINYI_PASSWORD", PASSWORD);
    c
}

/// Starts `minyi-server serve` on a free loopback port; answers once it listens.
fn serve(dir: &Path, database: &str) -> Process {
    let mut child = server(dir, database)
        .args(["serve", "--listen", "127.0.0.1:0", "--connections", "2"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut url = None;
    let mut fingerprint = None;
    while url.is_none() || fingerprint.is_none() {
        let line = lines
            .next()
            .expect("the server stopped before it listened")
            .unwrap();
        if let Some(at) = line.split("已启动：").nth(1) {
            url = Some(at.trim().to_string());
        }
        if let Some(f) = line.split("证书指纹（SHA-256）：").nth(1) {
            fingerprint = Some(f.trim().to_string());
        }
    }
    // Keep reading what it prints, so that it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Process {
        child,
        url: url.unwrap(),
        fingerprint: fingerprint.unwrap(),
    }
}

fn client(p: &Process, token: Option<&str>) -> Client {
    let mut c = Client::new(&p.url, Some(&p.fingerprint)).unwrap();
    c.set_token(token.map(str::to_string));
    c
}

#[test]
fn two_server_processes_share_sessions_push_and_sign_out_through_one_database() {
    let Some(db) = pg::fresh() else {
        eprintln!("MINYI_TEST_PG is not set: two server processes on PostgreSQL not tested");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let status = server(dir.path(), db.url())
        .args([
            "setup",
            "--org",
            "测试办公室",
            "--admin",
            "admin",
            "--name",
            "管理员",
        ])
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "setup on PostgreSQL");
    let a = serve(dir.path(), db.url());
    let b = serve(dir.path(), db.url());

    // Signed in through A, the same session works on B.
    let mut on_a = client(&a, None);
    on_a.sign_in("admin", PASSWORD).unwrap();
    let token = on_a.token().unwrap().to_string();
    let on_b = client(&b, Some(&token));
    assert!(on_b.call_value("departments", json!({})).is_ok());

    // B holds this session's event stream; a change made through A reaches it.
    let (tx, rx) = mpsc::channel();
    let stream = client(&b, Some(&token)).events().unwrap();
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
    let mut out = client(&b, Some(&token));
    out.sign_out().unwrap();
    let refused = on_a.call_value("departments", json!({}));
    assert_eq!(
        refused.unwrap_err().code,
        minyi_core::ErrorCode::NotSignedIn
    );
}
