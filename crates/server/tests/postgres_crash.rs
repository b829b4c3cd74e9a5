//! Pulling the plug on one of two server processes on one PostgreSQL database (issue 22):
//! `tests/crash.rs`'s kill, with two real `minyi-server` processes, A and B, serving one office.
//! Desks register on both; in each round one process is killed with SIGKILL (A, B, A, … for
//! `MINYI_KILL_ROUNDS` rounds, 10 by default) and, half-way, both at once; the killed ones are
//! started again on the same data folder and database.
//!
//! A desk whose process was killed goes on at once on the surviving one with the session it has
//! (sessions live in the database) — no sign-in, no failed call there. No call may fail but those
//! to a process already being killed. Afterwards every registration a process acknowledged is in
//! the database exactly once, each day's numbers run 1‥n (a writer killed holding the write lock
//! leaves no gap and no half-made row), every desk's session still works on the restarted
//! processes, and the core's integrity check (the three hash chains, replay, numbering, rows)
//! passes.
//!
//! Runs when `MINYI_TEST_PG` names a cluster (`make test-rust-pg`); otherwise it says so and
//! passes.

mod common;

use common::processes::{
    Process, assert_all_stored, assert_check_passes, assert_gapless, stored_numbers,
};
use common::*;
use minyi_client::Client;
use minyi_core::testing::pg;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Desks, signed in once, half on each process.
const DESKS: u64 = 6;
const NAMES: [&str; 2] = ["A", "B"];

/// Which processes a round kills.
#[derive(Clone, Copy, Debug)]
enum Kill {
    One(usize),
    Both,
}

impl Kill {
    fn hits(self, process: usize) -> bool {
        match self {
            Kill::One(p) => p == process,
            Kill::Both => true,
        }
    }
}

/// Where a process listens this round, and whether it is being killed.
struct Target {
    url: String,
    killed: AtomicBool,
}

/// What a desk did in a round.
struct Round {
    /// The process it worked on when the round ended.
    at: usize,
    /// It moved from a killed process to the surviving one.
    moved: bool,
    /// Registrations acknowledged by the surviving process after the move.
    after_move: u64,
}

/// One desk's round: registers on `home` until `stop`; when `home` is killed, carries on with the
/// same session on the other process (unless both are killed), registering there at least twice
/// before it stops. An error from a process not being killed, or any error after the move, is a
/// failure.
#[allow(clippy::too_many_arguments)]
fn desk_round(
    desk: u64,
    round: u64,
    token: &str,
    home: usize,
    kill: Kill,
    targets: &[Target; 2],
    fingerprint: &str,
    stop: &AtomicBool,
    acked: &Mutex<Vec<String>>,
    failures: &Mutex<Vec<String>>,
) -> Round {
    let client = |p: usize| {
        let mut c = Client::new(&targets[p].url, Some(fingerprint)).unwrap();
        c.set_token(Some(token.to_string()));
        c
    };
    let mut at = home;
    let mut c = client(at);
    let mut moved = false;
    let mut after_move = 0;
    let mut n = 0;
    while !stop.load(Ordering::SeqCst) || (moved && after_move < 2) {
        match c.call_value("register_appeal", appeal(desk, round * 1_000 + n)) {
            Ok(r) => {
                acked
                    .lock()
                    .unwrap()
                    .push(r["regNumber"].as_str().unwrap().to_string());
                if moved {
                    after_move += 1;
                }
            }
            // Its process is being killed: the call may have been committed or not, unanswered.
            Err(_) if !moved && targets[at].killed.load(Ordering::SeqCst) => match kill {
                Kill::One(_) => {
                    at = 1 - at;
                    c = client(at);
                    moved = true;
                }
                Kill::Both => break,
            },
            Err(e) => {
                failures.lock().unwrap().push(format!(
                    "round {round}, desk {desk} on {}{}: {:?} {}",
                    NAMES[at],
                    if moved { " after the move" } else { "" },
                    e.code,
                    e.message
                ));
                break;
            }
        }
        n += 1;
    }
    Round {
        at,
        moved,
        after_move,
    }
}

#[test]
fn killing_server_processes_on_one_database_loses_nothing_and_desks_carry_on() {
    let Some(db) = pg::fresh() else {
        eprintln!("MINYI_TEST_PG is not set: killing server processes on PostgreSQL not tested");
        return;
    };
    let rounds = std::env::var("MINYI_KILL_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10u64);
    let mut plan: Vec<Kill> = (0..rounds).map(|r| Kill::One((r % 2) as usize)).collect();
    plan.insert(plan.len() / 2, Kill::Both);

    let dir = tempfile::tempdir().unwrap();
    set_up_on(dir.path(), Some(db.url()));
    let start = || Process::start(dir.path(), Some(db.url()), 4);
    let mut servers = [start(), start()];
    let fingerprint = servers[0].fingerprint.clone();
    assert_eq!(
        servers[1].fingerprint, fingerprint,
        "both use the data folder's certificate"
    );
    let tokens: Vec<String> = (0..DESKS as usize)
        .map(|d| {
            let mut c = servers[d % 2].client(None);
            c.sign_in(ADMIN, PASSWORD).unwrap();
            c.token().unwrap().to_string()
        })
        .collect();

    let acked = Arc::new(Mutex::new(Vec::<String>::new()));
    let failures = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut moves = 0;
    let began = std::time::Instant::now();
    for (round, &kill) in plan.iter().enumerate() {
        let round = round as u64;
        let targets = Arc::new([0, 1].map(|p| Target {
            url: servers[p].url.clone(),
            killed: AtomicBool::new(false),
        }));
        let stop = Arc::new(AtomicBool::new(false));
        let desks: Vec<_> = tokens
            .iter()
            .enumerate()
            .map(|(d, token)| {
                let (targets, stop) = (targets.clone(), stop.clone());
                let (acked, failures) = (acked.clone(), failures.clone());
                let (token, fingerprint) = (token.clone(), fingerprint.clone());
                // Homes rotate, so that every desk is on a killed process now and then.
                let home = (d + round as usize) % 2;
                std::thread::spawn(move || {
                    desk_round(
                        d as u64,
                        round,
                        &token,
                        home,
                        kill,
                        &targets,
                        &fingerprint,
                        &stop,
                        &acked,
                        &failures,
                    )
                })
            })
            .collect();
        // Let registrations run on both, then kill mid-write.
        std::thread::sleep(Duration::from_millis(600 + (round * 137) % 500));
        for p in [0, 1] {
            if kill.hits(p) {
                targets[p].killed.store(true, Ordering::SeqCst);
            }
        }
        // Both signals first, then the waits: "both" means at the same moment.
        for p in [0, 1] {
            if kill.hits(p) {
                servers[p].send_kill();
            }
        }
        for p in [0, 1] {
            if kill.hits(p) {
                servers[p].wait();
            }
        }
        // The survivor goes on serving its own desks and the moved ones for a moment.
        std::thread::sleep(Duration::from_millis(300));
        stop.store(true, Ordering::SeqCst);
        let done: Vec<Round> = desks.into_iter().map(|d| d.join().unwrap()).collect();
        let failed = failures.lock().unwrap().clone();
        assert!(failed.is_empty(), "calls failed: {failed:?}");
        if let Kill::One(victim) = kill {
            for (d, r) in done.iter().enumerate() {
                let home = (d + round as usize) % 2;
                if home == victim {
                    assert!(
                        r.moved && r.at == 1 - victim && r.after_move >= 2,
                        "round {round}: desk {d} on the killed {} carried on on {} with its session",
                        NAMES[victim],
                        NAMES[1 - victim]
                    );
                    moves += 1;
                } else {
                    assert!(
                        !r.moved,
                        "round {round}: desk {d} stayed on the surviving process"
                    );
                }
            }
        }
        // Started again on the same data folder and database.
        for p in [0, 1] {
            if kill.hits(p) {
                servers[p] = start();
                assert_eq!(servers[p].fingerprint, fingerprint);
            }
        }
    }
    let elapsed = began.elapsed().as_secs_f64();

    // Every desk's session outlived every kill: one more registration on each restarted process.
    for (d, token) in tokens.iter().enumerate() {
        for (p, server) in servers.iter().enumerate() {
            let r = server
                .client(Some(token))
                .call_value("register_appeal", appeal(d as u64, 99_000 + p as u64))
                .unwrap_or_else(|e| {
                    panic!("desk {d} on {} after the rounds: {}", NAMES[p], e.message)
                });
            acked
                .lock()
                .unwrap()
                .push(r["regNumber"].as_str().unwrap().to_string());
        }
    }
    drop(servers);

    let acked = acked.lock().unwrap().clone();
    assert!(
        acked.len() as u64 > plan.len() as u64 * DESKS,
        "registrations happened ({})",
        acked.len()
    );
    let stored = stored_numbers(db.url());
    assert_all_stored(&acked, &stored);
    let days = assert_gapless(db.url(), &stored);
    let report = assert_check_passes(db.url(), dir.path());
    println!(
        "{} kills ({rounds} of one process, alternating, and 1 of both) in {elapsed:.1} s: {} registrations acknowledged, all present once; {} stored in all ({} committed but unanswered); numbers gapless over {days} day(s); {moves} moves of a desk to the surviving process with its session; check passed ({} events)",
        plan.len(),
        acked.len(),
        stored.len(),
        stored.len() - acked.len(),
        report.events
    );
}
