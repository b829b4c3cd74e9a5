//! Fifty desks at once: clients on loopback register and list for a minute (`MINYI_LOAD_SECONDS`,
//! `MINYI_LOAD_CLIENTS`). No call may fail, every registration number the server acknowledged must
//! be in the database exactly once, and the integrity check must pass. The figures (throughput,
//! p50/p99 per call, and the same calls in-process for the cost of the transport) are printed,
//! never asserted: `cargo test --release -p minyi-server --test load -- --nocapture` gives the ones
//! in docs/performance.md.

mod common;

use common::figures::*;
use common::*;
use minyi_service::commands::appeals::{ListAppeals, RegisterAppeal};
use minyi_service::{Call, Caller, Jobs, Office};
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The same two calls in this process, one desk: what the transport adds is the difference.
fn in_process(calls: u64) -> (Vec<Duration>, Vec<Duration>) {
    let dir = tempfile::tempdir().unwrap();
    set_up(dir.path());
    let office = Office::open(dir.path(), minyi_service::Profile::server(4)).unwrap();
    let signed = minyi_service::session::sign_in(&office, ADMIN, PASSWORD).unwrap();
    let host = Plain(Jobs::default());
    let call = Call::new(&office, &host, Caller::Session(signed.user_id));
    let (mut reg, mut list) = (Vec::new(), Vec::new());
    for n in 0..calls {
        let input: RegisterAppeal = serde_json::from_value(appeal(99, n)).unwrap();
        let t = Instant::now();
        assert!(call.run(input).result.is_ok());
        reg.push(t.elapsed());
        let l: ListAppeals = serde_json::from_value(page()).unwrap();
        let t = Instant::now();
        assert!(call.run(l).result.is_ok());
        list.push(t.elapsed());
    }
    (reg, list)
}

#[test]
fn fifty_desks_register_and_list_for_a_minute() {
    let seconds = env_or("MINYI_LOAD_SECONDS", 60);
    let desks = env_or("MINYI_LOAD_CLIENTS", 50);
    let (base_reg, base_list) = in_process(300);

    let office = TestOffice::start_with(|c| c.connections = 8);
    let acked = Arc::new(Mutex::new(Vec::<String>::new()));
    let errors = Arc::new(Mutex::new(Vec::<String>::new()));
    let times = Arc::new(Mutex::new((Vec::new(), Vec::new())));
    // Sign everyone in first: a minute of load, not of password checks.
    let clients: Vec<_> = (0..desks).map(|_| office.admin()).collect();
    let began = Instant::now();
    let until = began + Duration::from_secs(seconds);
    let threads: Vec<_> = clients
        .into_iter()
        .enumerate()
        .map(|(desk, c)| {
            let (acked, errors, times) = (acked.clone(), errors.clone(), times.clone());
            std::thread::spawn(move || {
                let (mut reg, mut list) = (Vec::new(), Vec::new());
                let mut n = 0;
                while Instant::now() < until {
                    let t = Instant::now();
                    match c.call_value("register_appeal", appeal(desk as u64, n)) {
                        Ok(r) => {
                            reg.push(t.elapsed());
                            acked
                                .lock()
                                .unwrap()
                                .push(r["regNumber"].as_str().unwrap().to_string());
                        }
                        Err(e) => errors.lock().unwrap().push(e.message),
                    }
                    let t = Instant::now();
                    match c.call_value("list_appeals", page()) {
                        Ok(_) => list.push(t.elapsed()),
                        Err(e) => errors.lock().unwrap().push(e.message),
                    }
                    n += 1;
                }
                let mut all = times.lock().unwrap();
                all.0.extend(reg);
                all.1.extend(list);
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

    let (reg, list) = std::mem::take(&mut *times.lock().unwrap());
    println!("\n{desks} desks on loopback for {elapsed:.1} s:");
    let calls = reg.len() + list.len();
    println!(
        "all calls              {calls:>7} calls {:>8.1}/s",
        calls as f64 / elapsed
    );
    let (reg_p50, _) = summary("register_appeal", reg, elapsed);
    let (list_p50, _) = summary("list_appeals", list, elapsed);
    println!("in-process, one desk:");
    let (base_reg_p50, _) = summary("register_appeal", base_reg, 1.0);
    let (base_list_p50, _) = summary("list_appeals", base_list, 1.0);
    let one = office.admin();
    let t = Instant::now();
    let n = 300;
    for _ in 0..n {
        one.call_value("list_appeals", page()).unwrap();
    }
    let idle_list = t.elapsed().as_secs_f64() * 1000.0 / n as f64;
    println!(
        "added by the transport at p50 under load: register {:.2} ms, list {:.2} ms; one idle desk's list: {idle_list:.2} ms a call (in-process p50 {base_list_p50:.2} ms)",
        reg_p50 - base_reg_p50,
        list_p50 - base_list_p50
    );

    let acked = acked.lock().unwrap().clone();
    let distinct: HashSet<&String> = acked.iter().collect();
    assert_eq!(
        distinct.len(),
        acked.len(),
        "a number was acknowledged twice"
    );
    let store = minyi_core::Store::open(&office.dir.path().join("minyi.db")).unwrap();
    let stored: Vec<String> = {
        let mut stmt = store
            .sql_for_tests()
            .prepare("SELECT reg_number FROM appeals")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let stored_set: HashSet<&String> = stored.iter().collect();
    assert_eq!(stored_set.len(), stored.len(), "a number is stored twice");
    assert_eq!(
        stored.len(),
        acked.len(),
        "every acknowledged registration, nothing else"
    );
    assert!(acked.iter().all(|n| stored_set.contains(n)));
    let report = minyi_core::check::check(&store).unwrap();
    assert!(report.ok(), "{:?}", report.problems);
}
