//! Fifty desks on two server processes, one PostgreSQL database (issue 22): `tests/load.rs`'s
//! load — every desk registering and listing, back to back — against two real `minyi-server`
//! processes on one fresh database, the desks split between them, and one desk in five signed in
//! on one process and working on the other (sessions live in the database). Runs for
//! `MINYI_LOAD_SECONDS` (10 s by default, short enough for `make test-rust-pg`) with
//! `MINYI_LOAD_CLIENTS` desks (50).
//!
//! No call may fail; every registration number a process acknowledged must be in the database
//! exactly once and nothing else stored; each day's numbers must run 1‥n with the counter at n
//! (the advisory write lock of decision 0014 §2.5, now across processes); the core's integrity
//! check must pass. The figures (throughput, p50/p99 per call and per process) are printed, never
//! asserted: `MINYI_TEST_PG=URL cargo test -p minyi-server --test postgres_load -- --nocapture`
//! gives the ones in docs/performance.md.
//!
//! Runs when `MINYI_TEST_PG` names a cluster (`make test-rust-pg`); otherwise it says so and
//! passes.

mod common;

use common::figures::*;
use common::processes::{
    Process, assert_all_stored, assert_check_passes, assert_gapless, stored_numbers,
};
use common::*;
use minyi_core::testing::pg;
use minyi_service::commands::appeals::{ListAppeals, RegisterAppeal};
use minyi_service::{Call, Caller, Jobs, Office, Profile};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The same two calls in this process, one desk, on a database of their own: what the transport
/// and the other desks add is the difference.
fn in_process(calls: u64) -> Times {
    let db = pg::fresh().unwrap();
    let dir = tempfile::tempdir().unwrap();
    set_up_on(dir.path(), Some(db.url()));
    let office = Office::open_postgres(dir.path(), db.url(), Profile::server(4)).unwrap();
    let signed = minyi_service::session::sign_in(&office, ADMIN, PASSWORD).unwrap();
    let host = Plain(Jobs::default());
    let call = Call::new(&office, &host, Caller::Session(signed.user_id));
    let mut t = Times::default();
    for n in 0..calls {
        let input: RegisterAppeal = serde_json::from_value(appeal(99, n)).unwrap();
        let began = Instant::now();
        assert!(call.run(input).result.is_ok());
        t.register.push(began.elapsed());
        let l: ListAppeals = serde_json::from_value(page()).unwrap();
        let began = Instant::now();
        assert!(call.run(l).result.is_ok());
        t.list.push(began.elapsed());
    }
    t
}

/// What one process served: registration and list times.
#[derive(Default)]
struct Times {
    register: Vec<Duration>,
    list: Vec<Duration>,
}

#[test]
fn fifty_desks_on_two_server_processes_share_one_postgresql_database() {
    let Some(db) = pg::fresh() else {
        eprintln!(
            "MINYI_TEST_PG is not set: the load on two server processes on PostgreSQL not tested"
        );
        return;
    };
    let seconds = env_or("MINYI_LOAD_SECONDS", 10);
    let desks = env_or("MINYI_LOAD_CLIENTS", 50);
    let base = in_process(100);
    let dir = tempfile::tempdir().unwrap();
    set_up_on(dir.path(), Some(db.url()));
    let servers = [
        Process::start(dir.path(), Some(db.url()), 8),
        Process::start(dir.path(), Some(db.url()), 8),
    ];
    const NAMES: [&str; 2] = ["A", "B"];

    // Sign everyone in first (a load of work, not of password checks): desk d on process d % 2;
    // one desk in five then works on the other process with that session.
    let clients: Vec<(usize, minyi_client::Client)> = (0..desks as usize)
        .map(|d| {
            let home = d % 2;
            let mut c = servers[home].client(None);
            c.sign_in(ADMIN, PASSWORD).unwrap();
            let at = if d % 5 == 0 { 1 - home } else { home };
            (at, servers[at].client(c.token()))
        })
        .collect();
    let crossed = clients
        .iter()
        .enumerate()
        .filter(|(d, _)| d % 5 == 0)
        .count();

    let acked = Arc::new(Mutex::new(Vec::<String>::new()));
    let errors = Arc::new(Mutex::new(Vec::<String>::new()));
    let times = Arc::new(Mutex::new([Times::default(), Times::default()]));
    let began = Instant::now();
    let until = began + Duration::from_secs(seconds);
    let threads: Vec<_> = clients
        .into_iter()
        .enumerate()
        .map(|(desk, (at, c))| {
            let (acked, errors, times) = (acked.clone(), errors.clone(), times.clone());
            std::thread::spawn(move || {
                let mut mine = Times::default();
                let mut n = 0;
                while Instant::now() < until {
                    let t = Instant::now();
                    match c.call_value("register_appeal", appeal(desk as u64, n)) {
                        Ok(r) => {
                            mine.register.push(t.elapsed());
                            acked
                                .lock()
                                .unwrap()
                                .push(r["regNumber"].as_str().unwrap().to_string());
                        }
                        Err(e) => errors
                            .lock()
                            .unwrap()
                            .push(format!("{} register: {}", NAMES[at], e.message)),
                    }
                    let t = Instant::now();
                    match c.call_value("list_appeals", page()) {
                        Ok(_) => mine.list.push(t.elapsed()),
                        Err(e) => errors
                            .lock()
                            .unwrap()
                            .push(format!("{} list: {}", NAMES[at], e.message)),
                    }
                    n += 1;
                }
                let mut all = times.lock().unwrap();
                all[at].register.extend(mine.register);
                all[at].list.extend(mine.list);
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let elapsed = began.elapsed().as_secs_f64();
    let errors = errors.lock().unwrap().clone();
    assert!(
        errors.is_empty(),
        "{} calls failed: {:?}",
        errors.len(),
        &errors[..errors.len().min(5)]
    );

    let times = std::mem::take(&mut *times.lock().unwrap());
    let calls: usize = times.iter().map(|t| t.register.len() + t.list.len()).sum();
    println!(
        "\n{desks} desks on two server processes (A, B), one PostgreSQL database, {elapsed:.1} s; {crossed} desks signed in on one process and working on the other:"
    );
    println!(
        "{:<28} {calls:>7} calls {:>8.1}/s",
        "all calls",
        calls as f64 / elapsed
    );
    for (name, t) in NAMES.iter().zip(times) {
        summary(&format!("{name}: register_appeal"), t.register, elapsed);
        summary(&format!("{name}: list_appeals"), t.list, elapsed);
    }
    println!("in-process, one desk, its own database:");
    // One desk calls one after another: its rate is its calls over the time they took.
    let busy = |v: &[Duration]| v.iter().sum::<Duration>().as_secs_f64().max(f64::EPSILON);
    let (reg_s, list_s) = (busy(&base.register), busy(&base.list));
    summary("register_appeal", base.register, reg_s);
    summary("list_appeals", base.list, list_s);
    drop(servers);

    let acked = acked.lock().unwrap().clone();
    let stored = stored_numbers(db.url());
    assert_all_stored(&acked, &stored);
    assert_eq!(
        stored.len(),
        acked.len(),
        "every acknowledged registration, nothing else"
    );
    let days = assert_gapless(db.url(), &stored);
    let report = assert_check_passes(db.url(), dir.path());
    println!(
        "{} registrations acknowledged, each stored once, numbers gapless over {days} day(s); check passed ({} events)",
        acked.len(),
        report.events
    );
}
