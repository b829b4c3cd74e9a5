//! Crash test: every kind of acknowledged write survives SIGKILL at random moments.
//!
//! Each trial spawns `minyi-cli crash-child`, which writes to the office in a loop — registrations,
//! lifecycle actions, batch imports, attachments, backups and upgrades of old-schema files, chosen
//! at random — and prints one line per write only after it returned (see the child's module doc
//! for the lines). The test reads those lines, kills the child with SIGKILL after a random 5–300 ms
//! (a small deterministic PRNG seeded per trial, so a failing trial can be re-run), and then checks
//! the whole data folder:
//! - the database opens and passes `check` (file integrity, the hash chains of the event, security
//!   and access logs, replay, numbering counters, the index);
//! - every acknowledged registration is there; every acknowledged lifecycle action too (the appeal
//!   is at least as far along the child's path as acknowledged);
//! - every acknowledged import has all its rows, and no batch has a row twice (a killed import is
//!   run again by a later child and must pick up where it stopped);
//! - every attachment row has its file with the right bytes (no row without its file; a file
//!   without a row — the kill came between the file and the row — is allowed: it is never backed
//!   up or shown, an upload of the same bytes uses it, and opening the office removes it once it
//!   is a day old, `add_attachment::sweep_unreferenced`); every acknowledged attachment is there;
//! - every backup listed passes the restore check (`backup::validate`: manifest, database `check`,
//!   attachments), a half-written one is never listed, and every acknowledged backup is still there
//!   unless rotated out by newer ones;
//! - every old-schema file is either at its old version or fully upgraded (acknowledged ones
//!   upgraded), opens and passes `check`; the backups made before upgrades pass the restore check.
//!
//! Trials run in rounds of [`ROUND`] on one data folder, so history accumulates and crashes land in
//! every phase (opening, each kind of write, between them); a new round starts a new folder, which
//! keeps the checks of a long run from growing with it.
//!
//! `MINYI_CRASH_TRIALS` sets the number of trials (default 48: about 20 s).
#![cfg(unix)]

use minyi_core::Store;
use minyi_core::backup;
use minyi_core::check::check;
use minyi_core::model::Status;
use minyi_core::store::copy::file_version;
use minyi_core::store::db::schema_version;
use minyi_core::store::settings::SettingKey;
use minyi_core::testing;
use minyi_core::testing::rusqlite;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Trials per data folder.
const ROUND: u64 = 12;
/// Backups kept in the office (small, so that rotation happens often).
const KEEP: usize = 3;

/// The child's lifecycle path (crates/cli/src/crash_child/lifecycle.rs), in order.
const PATH: &[Status] = &[
    Status::Registered,
    Status::Accepted,
    Status::Routed,
    Status::PlanSubmitted,
    Status::AwaitingApproval,
    Status::AwaitingFeedback,
    Status::Tracking,
    Status::Closed,
];

/// The core's fixtures of earlier schemas (version, SQL); version 0 is an empty file.
const FIXTURES: &[(i64, &str)] = &[
    (1, include_str!("../../core/tests/fixtures/schema_v1.sql")),
    (2, include_str!("../../core/tests/fixtures/schema_v2.sql")),
    (3, include_str!("../../core/tests/fixtures/schema_v3.sql")),
    (4, include_str!("../../core/tests/fixtures/schema_v4.sql")),
    (5, include_str!("../../core/tests/fixtures/schema_v5.sql")),
    (6, include_str!("../../core/tests/fixtures/schema_v6.sql")),
    (7, include_str!("../../core/tests/fixtures/schema_v7.sql")),
    (8, include_str!("../../core/tests/fixtures/schema_v8.sql")),
];

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
        .unwrap_or(48)
}

/// Runs one child, kills it after `delay`, and returns the lines it acknowledged.
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

/// Everything acknowledged in the current round.
#[derive(Default)]
struct Acked {
    registered: Vec<String>,
    /// Appeal number → the furthest acknowledged place on [`PATH`].
    steps: HashMap<String, usize>,
    /// Batch tag → rows.
    imports: HashMap<String, u64>,
    /// Attachment id → hash.
    attachments: HashMap<i64, String>,
    /// Backup folder names, in the order made.
    backups: Vec<String>,
}

/// The figures of the whole run: acknowledged writes by kind, and the kills seen to have landed
/// inside a write that leaves traces on disk (a transaction cut short leaves none).
#[derive(Default)]
struct Figures {
    by_kind: BTreeMap<&'static str, u64>,
    landed: BTreeMap<&'static str, u64>,
}

fn rank(status: Status) -> usize {
    PATH.iter()
        .position(|s| *s == status)
        .unwrap_or_else(|| panic!("status {status:?} is off the child's path"))
}

/// Builds a file as the older program left it (rollback journal) from a fixture.
fn build_old(path: &Path, sql: &str) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(sql).unwrap();
}

/// Puts two fresh old-schema files (versions picked by `rng`) in `old/`, after removing what the
/// last trial left there.
fn refill_old(dir: &Path, trial: u64, rng: &mut SplitMix) {
    let old = dir.join("old");
    let _ = std::fs::remove_dir_all(&old);
    std::fs::create_dir_all(&old).unwrap();
    for j in 0..2 {
        let (v, sql) = FIXTURES[rng.between(0, FIXTURES.len() as u64 - 1) as usize];
        build_old(&old.join(format!("v{v}-t{trial:05}-{j}.db")), sql);
    }
}

/// A new data folder for a round: the office seeded, few backups kept.
fn new_round(root: &Path, round: u64) -> PathBuf {
    let dir = root.join(format!("round-{round:04}"));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("minyi.db");
    let mut store = Store::open(&db).unwrap();
    minyi_demo::seed_office(&mut store, minyi_core::time::now_cst()).unwrap();
    testing::set_setting(&store, SettingKey::BackupKeep, &KEEP.to_string()).unwrap();
    db
}

fn sha_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn assert_checks(store: &Store, what: &str) {
    let report = check(store).unwrap_or_else(|e| panic!("{what}: check failed to run: {e}"));
    assert!(
        report.ok(),
        "{what}: check found problems: {:?}",
        report.problems
    );
}

/// Every backup in `dir` passes the restore check; answers their names.
fn valid_backups(dir: &Path, what: &str) -> Vec<String> {
    let listed = backup::list(dir).unwrap();
    for b in &listed {
        if let Err(e) = backup::validate(&dir.join(&b.name)) {
            panic!("{what}: listed backup {} is not valid: {e}", b.name);
        }
    }
    listed.into_iter().map(|b| b.name).collect()
}

/// What the trials found written half-way (each trace counted once over all trials).
struct Landed<'a> {
    seen: &'a mut HashSet<String>,
    figures: &'a mut Figures,
}

impl Landed<'_> {
    fn note(&mut self, kind: &'static str, trace: String) {
        if self.seen.insert(trace) {
            *self.figures.landed.entry(kind).or_default() += 1;
        }
    }
}

/// Checks the data folder of `db` against everything acknowledged (see the module doc).
fn verify(
    db: &Path,
    acked: &Acked,
    migrated: &HashSet<String>,
    seen: &mut HashSet<String>,
    figures: &mut Figures,
    what: &str,
) {
    let mut landed = Landed { seen, figures };
    let store = Store::open(db).unwrap_or_else(|e| panic!("{what}: database does not open: {e}"));
    assert_checks(&store, what);
    verify_appeals(&store, acked, what);
    verify_imports(&store, acked, &mut landed, what);
    verify_attachments(&store, acked, &mut landed, what);
    verify_backups(&store, db, acked, &mut landed, what);
    drop(store);
    verify_old_files(db, migrated, &mut landed, what);
}

/// Every acknowledged registration is there, every acknowledged step at least as far.
fn verify_appeals(store: &Store, acked: &Acked, what: &str) {
    for number in &acked.registered {
        assert!(
            testing::appeal_id(store, number).unwrap().is_some(),
            "{what}: acknowledged registration {number} is lost"
        );
    }
    for (number, want) in &acked.steps {
        let id = testing::appeal_id(store, number)
            .unwrap()
            .unwrap_or_else(|| panic!("{what}: appeal {number} of an acknowledged step is lost"));
        let got = testing::appeal(store, id).unwrap().status;
        assert!(
            rank(got) >= *want,
            "{what}: appeal {number} is {got:?}, but {:?} was acknowledged",
            PATH[*want]
        );
    }
}

/// Imports: every batch file's rows at most once; acknowledged batches whole.
fn verify_imports(store: &Store, acked: &Acked, landed: &mut Landed<'_>, what: &str) {
    let batches = store.dir().join("crash-batches");
    for e in std::fs::read_dir(&batches).into_iter().flatten().flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let Some(tag) = name
            .strip_prefix("batch-")
            .and_then(|n| n.strip_suffix(".csv"))
        else {
            continue;
        };
        let rows = std::fs::read_to_string(e.path()).unwrap().lines().count() as i64 - 1;
        let n = imported(store, tag);
        assert!(
            n <= rows,
            "{what}: batch {tag} has {rows} rows but {n} appeals"
        );
        if n > 0 && n < rows {
            landed.note("imports (between two chunks)", format!("{tag}:{n}"));
        }
        if let Some(acked_rows) = acked.imports.get(tag) {
            assert_eq!(
                n, *acked_rows as i64,
                "{what}: acknowledged import {tag} lost rows"
            );
        }
    }
    for tag in acked.imports.keys() {
        assert!(
            batches.join(format!("batch-{tag}.csv")).exists(),
            "{what}: batch file {tag} is gone"
        );
    }
}

/// Attachments: no row without its file, every acknowledged one there.
fn verify_attachments(store: &Store, acked: &Acked, landed: &mut Landed<'_>, what: &str) {
    let rows: Vec<(i64, String)> = {
        let conn = store.sql_for_tests();
        let mut stmt = conn
            .prepare("SELECT id, sha256 FROM attachments ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let by_id: HashMap<i64, String> = rows.iter().cloned().collect();
    for (id, sha) in &rows {
        let file = store.dir().join("attachments").join(&sha[..2]).join(sha);
        let bytes = std::fs::read(&file)
            .unwrap_or_else(|_| panic!("{what}: attachment {id} has a row but no file"));
        assert_eq!(
            sha_hex(&bytes),
            *sha,
            "{what}: attachment {id}'s file does not match its hash"
        );
    }
    let attachments = store.dir().join("attachments");
    for file in files_under(&attachments) {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        if !by_id.values().any(|sha| *sha == name) {
            landed.note("attachments (file written, row not)", name);
        }
    }
    for (id, sha) in &acked.attachments {
        assert_eq!(
            by_id.get(id),
            Some(sha),
            "{what}: acknowledged attachment {id} is lost"
        );
    }
}

/// Backups: what is listed is valid; acknowledged ones are there unless rotated out.
fn verify_backups(store: &Store, db: &Path, acked: &Acked, landed: &mut Landed<'_>, what: &str) {
    let folder = backup::folder_of(store, db).unwrap();
    let listed = valid_backups(&folder, what);
    for entry in hidden(&folder) {
        let kind = if entry.ends_with(".removing") {
            "backup rotations (old backup hidden, not yet removed)"
        } else {
            "backups (half-written folder, not listed)"
        };
        landed.note(kind, format!("{}/{entry}", folder.display()));
    }
    for name in &acked.backups {
        let rotated_out = listed.len() >= KEEP
            && listed
                .iter()
                .all(|l| backup::order(l) > backup::order(name));
        assert!(
            listed.contains(name) || rotated_out,
            "{what}: acknowledged backup {name} is gone (listed: {listed:?})"
        );
    }
}

/// Old-schema files: old version intact or fully upgraded, then usable.
fn verify_old_files(db: &Path, migrated: &HashSet<String>, landed: &mut Landed<'_>, what: &str) {
    let old = db.with_file_name("old");
    let old_backups = old.join(backup::DEFAULT_DIR);
    let made = valid_backups(&old_backups, what).len() + hidden(&old_backups).len();
    let mut upgraded = 0;
    for e in std::fs::read_dir(&old).into_iter().flatten().flatten() {
        let path = e.path();
        if path.extension().is_none_or(|x| x != "db") {
            continue;
        }
        let name = e.file_name().to_string_lossy().to_string();
        let from: i64 = name[1..name.find('-').unwrap()].parse().unwrap();
        if old.join(format!("{name}-journal")).exists() {
            landed.note(
                "upgrades (switch to WAL cut short: rollback journal left)",
                format!("{what}/{name}"),
            );
        }
        let v = file_version(&path).unwrap_or_else(|e| {
            panic!(
                "{what}: old file {name} is unreadable: {e} (beside it: {:?})",
                entries(&old)
            )
        });
        assert!(
            v == from || v == schema_version(),
            "{what}: old file {name} (version {from}) is at version {v}"
        );
        if v != from {
            upgraded += 1;
        }
        if migrated.contains(&name) {
            assert_eq!(
                v,
                schema_version(),
                "{what}: acknowledged upgrade of {name} is lost"
            );
        }
        let store = Store::open(&path)
            .unwrap_or_else(|e| panic!("{what}: old file {name} does not open: {e}"));
        assert_checks(&store, &format!("{what}, old file {name}"));
    }
    // Each upgrade starts with its backup: more backups than upgrades means a kill came between.
    if made > upgraded {
        landed.note(
            "upgrades (backup made, migration not committed)",
            what.to_string(),
        );
    }
}

/// The files under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Every entry of `dir` (for a failure's message).
fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    v.sort();
    v
}

/// The hidden entries of a backup folder (backups being written or removed).
fn hidden(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with('.'))
        .collect()
}

/// Appeals registered from the batch `tag`.
fn imported(store: &Store, tag: &str) -> i64 {
    store
        .sql_for_tests()
        .query_row(
            "SELECT count(*) FROM appeals WHERE subject LIKE ?1",
            [format!("%（批次{tag}-%")],
            |r| r.get(0),
        )
        .unwrap()
}

/// Reads one acknowledgement line into `acked` (and the figures); answers an old file upgraded.
fn take(line: &str, acked: &mut Acked, figures: &mut Figures, ctx: &str) -> Option<String> {
    let parts: Vec<&str> = line.split_whitespace().collect();
    let kind: &'static str = match parts.as_slice() {
        ["register", number] => {
            assert!(
                !acked.registered.iter().any(|n| n == number),
                "{ctx}: number {number} acknowledged twice"
            );
            acked.registered.push(number.to_string());
            "registrations"
        }
        ["step", number, status] => {
            let s = Status::from_code(status).unwrap_or_else(|| panic!("{ctx}: {line}"));
            let r = acked.steps.entry(number.to_string()).or_default();
            *r = (*r).max(rank(s));
            "lifecycle actions"
        }
        ["import", tag, rows] => {
            acked.imports.insert(tag.to_string(), rows.parse().unwrap());
            "imports"
        }
        ["attach", id, sha] => {
            acked
                .attachments
                .insert(id.parse().unwrap(), sha.to_string());
            "attachments"
        }
        ["backup", name] => {
            acked.backups.push(name.to_string());
            "backups"
        }
        ["migrate", file, _from] => {
            *figures.by_kind.entry("migrations").or_default() += 1;
            return Some(file.to_string());
        }
        _ => panic!("{ctx}: unreadable acknowledgement {line:?}"),
    };
    *figures.by_kind.entry(kind).or_default() += 1;
    None
}

#[test]
fn acknowledged_writes_of_every_kind_survive_sigkill() {
    let root = tempfile::tempdir().unwrap();
    let stderr_file = root.path().join("child-stderr.txt");
    let n = trials();
    let started = Instant::now();
    let mut figures = Figures::default();
    let mut empty_trials = 0;
    let mut db = PathBuf::new();
    let mut acked = Acked::default();
    let mut seen = HashSet::new();
    for trial in 0..n {
        if trial % ROUND == 0 {
            db = new_round(root.path(), trial / ROUND);
            acked = Acked::default();
        }
        let seed = 0xC0FF_EE00 ^ trial.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let mut rng = SplitMix(seed);
        let delay = Duration::from_millis(rng.between(5, 300));
        refill_old(db.parent().unwrap(), trial, &mut rng);
        let ctx = format!("trial {trial} (seed {seed:#x}, killed after {delay:?})");
        let lines = one_trial(&db, &stderr_file, delay);
        if lines.is_empty() {
            empty_trials += 1;
        }
        let mut migrated = HashSet::new();
        for line in &lines {
            if let Some(file) = take(line, &mut acked, &mut figures, &ctx) {
                migrated.insert(file);
            }
        }
        verify(&db, &acked, &migrated, &mut seen, &mut figures, &ctx);
    }
    // The command line agrees on the last folder.
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
    let total: u64 = figures.by_kind.values().sum();
    assert!(
        total > 0,
        "no trial acknowledged anything: the test proved nothing"
    );
    let kinds: Vec<String> = figures
        .by_kind
        .iter()
        .map(|(k, v)| format!("{v} {k}"))
        .collect();
    let landed: Vec<String> = figures
        .landed
        .iter()
        .map(|(k, v)| format!("{v} in {k}"))
        .collect();
    eprintln!(
        "crash test: {n} trials, {total} acknowledged writes ({}), lost: 0, {empty_trials} trials killed before the first acknowledgement; kills seen landing inside a write: {}; {:.1} s",
        kinds.join(", "),
        if landed.is_empty() {
            "none".to_string()
        } else {
            landed.join(", ")
        },
        started.elapsed().as_secs_f64()
    );
}
