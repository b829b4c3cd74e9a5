//! Helpers for the command-line tests: run the real binary on a temp database and capture
//! its exit code, stdout and stderr.
#![allow(dead_code)]

use minyi_core::time::{fmt_ts, now_cst};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn cli() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_minyi-cli"));
    c.env_remove("MINYI_DB");
    c
}

pub fn finish(o: std::process::Output) -> Out {
    Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8(o.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(o.stderr).expect("stderr is UTF-8"),
    }
}

/// Runs `minyi-cli --db DB args…`.
pub fn run(db: &Path, args: &[&str]) -> Out {
    finish(cli().arg("--db").arg(db).args(args).output().unwrap())
}

/// Runs without `--db`.
pub fn run_plain(args: &[&str]) -> Out {
    finish(cli().args(args).output().unwrap())
}

pub fn run_stdin(db: &Path, args: &[&str], input: &str) -> Out {
    let mut child = cli()
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    finish(child.wait_with_output().unwrap())
}

pub fn ok(o: &Out) {
    assert_eq!(o.code, 0, "stdout:\n{}\nstderr:\n{}", o.stdout, o.stderr);
}

/// A fresh, initialised database in a temp dir.
pub fn fresh() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("minyi.db");
    ok(&run(&db, &["init"]));
    (dir, db)
}

/// An appeal received an hour ago, as JSON.
pub fn appeal_json(phone: &str, subject: &str) -> String {
    let received = fmt_ts(&(now_cst() - chrono::Duration::hours(1)));
    serde_json::json!({
        "appellant": {"name": "张三丰", "phone": phone, "address": "云江市西湖区文三街道学院路88号3幢501室"},
        "channel": "walk_in",
        "category": "complaint",
        "subject": subject,
        "content": "小区旁工地每天夜里十一点以后还在施工，噪音很大，影响休息。",
        "receivedAt": received,
    })
    .to_string()
}

/// The registration number from `register`'s output.
pub fn reg_number(stdout: &str) -> String {
    let line = stdout
        .lines()
        .find(|l| l.starts_with("登记号："))
        .unwrap_or_else(|| panic!("no registration number in:\n{stdout}"));
    line.trim_start_matches("登记号：").trim().to_string()
}

pub fn count(db: &Path, sql: &str) -> i64 {
    let c = minyi_core::testing::rusqlite::Connection::open(db).unwrap();
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

pub fn register_file(dir: &Path, db: &Path, phone: &str, subject: &str) -> Out {
    let file = dir.join(format!("{phone}.json"));
    std::fs::write(&file, appeal_json(phone, subject)).unwrap();
    run(db, &["register", "--json", file.to_str().unwrap()])
}

/// Adds a staff member `username` (a handler of the first department) to the database, as an
/// administrator would in 设置 → 用户; answers nothing, panics on failure.
#[allow(dead_code)]
pub fn add_staff(db: &Path, username: &str, display_name: &str) {
    use minyi_core::model::{Ctx, Role};
    use minyi_core::usecases::accounts::{NewUser, create_user, ensure_system_user};
    let mut store = minyi_core::Store::open(db).unwrap();
    let now = minyi_core::time::now_cst();
    let admin = ensure_system_user(&mut store, now).unwrap();
    let user = NewUser {
        username: username.into(),
        display_name: display_name.into(),
        department_id: admin.department_id,
        roles: vec![Role::Handler],
        password: "Staff-2026".into(),
        agreement_signed_on: None,
    };
    create_user(&mut store, &Ctx::new(&admin, now), &user).unwrap();
}
