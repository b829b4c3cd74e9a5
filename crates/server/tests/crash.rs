//! Pulling the plug on the server: the real `minyi-server` process is killed with SIGKILL while
//! desks register, twenty times (`MINYI_KILL_ROUNDS`), and started again on the same data folder
//! each time. Every registration it acknowledged must be in the database exactly once afterwards,
//! and the integrity check must pass.

mod common;

use common::*;
use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Starts the server binary; answers it with its address and fingerprint, read from what it
/// prints.
fn start(dir: &std::path::Path) -> (Child, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_minyi-server"))
        .args([
            "--data-dir",
            dir.to_str().unwrap(),
            "serve",
            "--listen",
            "127.0.0.1:0",
        ])
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
            .expect("the server says where it listens")
            .unwrap();
        if let Some(u) = line.split("已启动：").nth(1) {
            url = Some(u.trim().to_string());
        }
        if let Some(f) = line.split("（SHA-256）：").nth(1) {
            fingerprint = Some(f.trim().to_string());
        }
    }
    // Keep reading its output so it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, url.unwrap(), fingerprint.unwrap())
}

#[test]
fn killing_the_server_under_load_loses_no_acknowledged_registration() {
    let rounds = std::env::var("MINYI_KILL_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20u64);
    let dir = tempfile::tempdir().unwrap();
    set_up(dir.path());
    let acked = Arc::new(Mutex::new(Vec::<String>::new()));
    for round in 0..rounds {
        let (mut server, url, fingerprint) = start(dir.path());
        let stop = Arc::new(AtomicBool::new(false));
        let desks: Vec<_> = (0..6u64)
            .map(|desk| {
                let (url, fingerprint) = (url.clone(), fingerprint.clone());
                let (acked, stop) = (acked.clone(), stop.clone());
                std::thread::spawn(move || {
                    let mut c = minyi_client::Client::new(&url, Some(&fingerprint)).unwrap();
                    if c.sign_in(ADMIN, PASSWORD).is_err() {
                        return;
                    }
                    let mut n = 0;
                    while !stop.load(Ordering::SeqCst) {
                        match c.call_value("register_appeal", appeal(round * 10 + desk, n)) {
                            Ok(r) => acked
                                .lock()
                                .unwrap()
                                .push(r["regNumber"].as_str().unwrap().to_string()),
                            // The server is gone: this desk's round is over.
                            Err(_) => return,
                        }
                        n += 1;
                    }
                })
            })
            .collect();
        // Sign-ins take a moment; then let registrations run before the kill.
        std::thread::sleep(Duration::from_millis(900 + (round * 137) % 600));
        server.kill().unwrap();
        server.wait().unwrap();
        stop.store(true, Ordering::SeqCst);
        for d in desks {
            d.join().unwrap();
        }
    }
    let acked = acked.lock().unwrap().clone();
    assert!(
        acked.len() as u64 > rounds * 5,
        "registrations happened ({})",
        acked.len()
    );
    let distinct: HashSet<&String> = acked.iter().collect();
    assert_eq!(
        distinct.len(),
        acked.len(),
        "a number was acknowledged twice"
    );
    let store = minyi_core::Store::open(&dir.path().join("minyi.db")).unwrap();
    let stored: HashSet<String> = {
        let mut stmt = store
            .sql_for_tests()
            .prepare("SELECT reg_number FROM appeals")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let missing: Vec<&String> = acked.iter().filter(|n| !stored.contains(*n)).collect();
    assert!(missing.is_empty(), "acknowledged but lost: {missing:?}");
    let report = minyi_core::check::check(&store).unwrap();
    assert!(report.ok(), "{:?}", report.problems);
    println!(
        "{rounds} kills: {} registrations acknowledged, all present; {} stored in all",
        acked.len(),
        stored.len()
    );
}
