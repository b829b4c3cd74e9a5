//! Crash test: acknowledged registrations survive SIGKILL at random moments.
//!
//! Each trial spawns `minyi-cli crash-child`, which registers appeals in a loop and prints each
//! registration number only after its transaction committed. The test reads those numbers, kills
//! the child with SIGKILL after a random 5–150 ms (a small deterministic PRNG seeded per trial, so
//! a failing trial can be re-run), and then checks that the database opens, `check` passes and
//! every number ever acknowledged is still found. All trials share one database file, so it
//! accumulates history and crashes land in every phase: opening, migrating, registering.
//!
//! `MINYI_CRASH_TRIALS` sets the number of trials (default 50).
#![cfg(unix)]

use minyi_core::Store;
use minyi_core::check::check;
use minyi_core::testing::appeal_id as find_by_number;
use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// SplitMix64: tiny, deterministic, good enough to pick delays.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi` (the tiny modulo bias does not matter here).
    fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}

fn trials() -> u64 {
    std::env::var("MINYI_CRASH_TRIALS")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(50)
}

/// Runs one child, kills it after `delay`, and returns the numbers it acknowledged.
fn one_trial(db: &Path, stderr_file: &Path, delay: Duration) -> Vec<String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_minyi-cli"))
        .env_remove("MINYI_DB")
        .arg("crash-child")
        .arg("--db")
        .arg(db)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(stderr_file).unwrap())
        .spawn()
        .expect("spawn crash-child");
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut r = BufReader::new(stdout);
        let mut acked = Vec::new();
        let mut line = Vec::new();
        loop {
            line.clear();
            match r.read_until(b'\n', &mut line) {
                Ok(0) | Err(_) => break,
                // Only a complete line is an acknowledgement; a torn last line is not.
                Ok(_) if line.ends_with(b"\n") => {
                    acked.push(String::from_utf8_lossy(&line).trim().to_string())
                }
                Ok(_) => break,
            }
        }
        acked
    });
    std::thread::sleep(delay);
    child.kill().expect("send SIGKILL");
    let status = child.wait().unwrap();
    let acked = reader.join().unwrap();
    assert_eq!(
        status.signal(),
        Some(9),
        "crash-child ended by itself ({status}); its stderr:\n{}",
        std::fs::read_to_string(stderr_file).unwrap_or_default()
    );
    acked
}

#[test]
fn acknowledged_registrations_survive_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    let stderr_file = dir.path().join("child-stderr.txt");
    let n = trials();
    let started = Instant::now();
    let mut acked: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    let mut empty_trials = 0;
    for trial in 0..n {
        let seed = 0xC0FF_EE00 ^ trial.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let delay = Duration::from_millis(SplitMix(seed).between(5, 150));
        let got = one_trial(&db, &stderr_file, delay);
        if got.is_empty() {
            empty_trials += 1;
        }
        for number in got {
            assert!(
                seen.insert(number.clone()),
                "trial {trial}: number {number} acknowledged twice"
            );
            acked.push(number);
        }

        let ctx = format!("trial {trial} (seed {seed:#x}, killed after {delay:?})");
        let store =
            Store::open(&db).unwrap_or_else(|e| panic!("{ctx}: database does not open: {e}"));
        let report = check(&store).unwrap_or_else(|e| panic!("{ctx}: check failed to run: {e}"));
        assert!(
            report.ok(),
            "{ctx}: check found problems: {:?}",
            report.problems
        );
        assert!(
            report.appeals >= acked.len() as i64,
            "{ctx}: {} appeals stored but {} acknowledged",
            report.appeals,
            acked.len()
        );
        for number in &acked {
            assert!(
                find_by_number(&store, number).unwrap().is_some(),
                "{ctx}: acknowledged registration {number} is lost"
            );
        }
    }
    // The command line agrees on the accumulated file.
    let o = Command::new(env!("CARGO_BIN_EXE_minyi-cli"))
        .env_remove("MINYI_DB")
        .args(["check", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "minyi-cli check: {}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert!(
        !acked.is_empty(),
        "no trial acknowledged anything: the test proved nothing"
    );
    eprintln!(
        "crash test: {n} trials, {} acknowledged registrations, {empty_trials} trials killed before the first, {:.1} s",
        acked.len(),
        started.elapsed().as_secs_f64()
    );
}
