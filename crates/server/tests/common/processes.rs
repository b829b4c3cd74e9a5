//! Real `minyi-server` processes for the tests of several processes on one PostgreSQL database
//! (issue 22, docs/decisions/0014-postgresql.md): start the binary on a data folder and a
//! database, learn where it listens from what it prints, kill it with SIGKILL; and what those
//! tests check afterwards on the database itself — the registration numbers stored, that each
//! day's numbers run 1, 2, 3… without a gap, and the core's integrity check.
//!
//! The database URL goes to the child in `MINYI_DATABASE_URL`, never on its command line, and is
//! never printed (it holds the cluster's password).

use super::PASSWORD;
use minyi_client::Client;
use std::collections::{BTreeMap, HashSet};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// `minyi-server --data-dir DIR` on `database` (or the data folder's SQLite file), with
/// `MINYI_PASSWORD` set for `setup`.
pub fn server_command(dir: &Path, database: Option<&str>) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_minyi-server"));
    c.arg("--data-dir")
        .arg(dir)
        .env_remove("MINYI_DATABASE_URL")
        .env("MINYI_PASSWORD", PASSWORD);
    if let Some(url) = database {
        c.env("MINYI_DATABASE_URL", url);
    }
    c
}

/// A running `minyi-server serve`, killed when dropped.
pub struct Process {
    child: Child,
    pub url: String,
    pub fingerprint: String,
}

impl Process {
    /// Starts `minyi-server serve` on a free loopback port with `connections` database
    /// connections; answers once it listens.
    pub fn start(dir: &Path, database: Option<&str>, connections: u16) -> Process {
        let mut child = server_command(dir, database)
            .args(["serve", "--listen", "127.0.0.1:0", "--connections"])
            .arg(connections.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Read on a thread of its own, so that a server hanging before it listens fails the test
        // after a minute instead of holding the whole run; it keeps reading afterwards, so that
        // the server never blocks on a full pipe.
        let lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut url = None;
        let mut fingerprint = None;
        while url.is_none() || fingerprint.is_none() {
            let line = match rx.recv_timeout(std::time::Duration::from_secs(60)) {
                Ok(line) => line,
                Err(e) => {
                    let _ = child.kill();
                    panic!("the server did not say where it listens ({e:?}): it stopped or hung");
                }
            };
            if let Some(at) = line.split("已启动：").nth(1) {
                url = Some(at.trim().to_string());
            }
            if let Some(f) = line.split("证书指纹（SHA-256）：").nth(1) {
                fingerprint = Some(f.trim().to_string());
            }
        }
        Process {
            child,
            url: url.unwrap(),
            fingerprint: fingerprint.unwrap(),
        }
    }

    /// A client of this process trusting its certificate, with `token` as its session.
    pub fn client(&self, token: Option<&str>) -> Client {
        let mut c = Client::new(&self.url, Some(&self.fingerprint)).unwrap();
        c.set_token(token.map(str::to_string));
        c
    }

    /// SIGKILL (what `Child::kill` sends on Unix): no shutdown, no last write; waits until the
    /// process is gone.
    pub fn kill(&mut self) {
        self.send_kill();
        self.wait();
    }

    /// Sends SIGKILL without waiting (several processes killed at the same moment).
    pub fn send_kill(&mut self) {
        let _ = self.child.kill();
    }

    /// Waits until the process is gone.
    pub fn wait(&mut self) {
        let _ = self.child.wait();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Every registration number stored in the database at `url`.
pub fn stored_numbers(url: &str) -> Vec<String> {
    let mut db = minyi_core::testing::pg::connect(url);
    db.query("SELECT reg_number FROM appeals", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
}

/// Registration numbers are `YYYYMMDD-N` with N drawn from the day's counter: each day's must
/// be 1‥n, each once, and the counter at n — no number lost to a rolled-back or killed writer,
/// none drawn twice. Answers how many days there were.
pub fn assert_gapless(url: &str, numbers: &[String]) -> usize {
    let mut days: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
    for n in numbers {
        let (day, seq) = n.split_once('-').expect("a number is DAY-SEQUENCE");
        days.entry(day)
            .or_default()
            .push(seq.parse().expect("a sequence number"));
    }
    let mut db = minyi_core::testing::pg::connect(url);
    for (day, seqs) in &mut days {
        seqs.sort_unstable();
        let expected: Vec<i64> = (1..=seqs.len() as i64).collect();
        assert!(
            *seqs == expected,
            "the numbers of {day} are not 1‥{} each once",
            seqs.len()
        );
        let counter: i64 = db
            .query_one(
                "SELECT value FROM counters WHERE name = $1",
                &[&format!("reg:{day}")],
            )
            .unwrap()
            .get(0);
        assert_eq!(counter, seqs.len() as i64, "the counter of {day}");
    }
    days.len()
}

/// Every acknowledged number stored, none acknowledged twice, none stored twice.
pub fn assert_all_stored(acked: &[String], stored: &[String]) {
    let distinct: HashSet<&String> = acked.iter().collect();
    assert_eq!(
        distinct.len(),
        acked.len(),
        "a number was acknowledged twice"
    );
    let stored_set: HashSet<&String> = stored.iter().collect();
    assert_eq!(stored_set.len(), stored.len(), "a number is stored twice");
    let missing: Vec<&String> = acked.iter().filter(|n| !stored_set.contains(n)).collect();
    assert!(missing.is_empty(), "acknowledged but lost: {missing:?}");
}

/// The core's integrity check (chains, replay, numbering, rows) on the PostgreSQL office at
/// `url`, as `minyi-server`'s own store opens it.
pub fn assert_check_passes(url: &str, dir: &Path) -> minyi_core::check::CheckReport {
    let store = minyi_core::Store::open_url(url, dir).unwrap();
    let report = minyi_core::check::check(&store).unwrap();
    assert!(report.ok(), "{:?}", report.problems);
    report
}
