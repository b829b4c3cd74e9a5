//! Moving an SQLite office into PostgreSQL (`store::move_to_pg`, `minyi-server migrate-store`):
//! a demo office arrives whole (every table's count, the chains, `check`, the next registration's
//! id and number), a database holding data is refused, and a move whose connection is killed
//! half-way leaves the target empty, so that it can be run again.
//!
//! Run against a throw-away cluster (`MINYI_TEST_PG`, `make test-rust-pg`); without one each test
//! says it is skipped and passes.

use chrono::{DateTime, FixedOffset};
use minyi_core::Store;
use minyi_core::model::{Appellant, Ctx};
use minyi_core::queries::detail::{PersonalData, detail};
use minyi_core::store::move_to_pg::{MoveStep, sqlite_to_pg};
use minyi_core::testing::pg::{TestDatabase, cluster_or_skip};
use minyi_core::usecases::accounts::sign_in;
use minyi_core::usecases::register::{RegisterInput, register};
use minyi_demo::generate::{DemoOptions, generate};
use std::path::{Path, PathBuf};

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

/// A demo office of `appeals` appeals in an SQLite file in `dir`.
fn demo_file(dir: &Path, appeals: u64) -> PathBuf {
    let path = dir.join("minyi.db");
    let mut store = Store::open(&path).unwrap();
    let opts = DemoOptions {
        appeals,
        seed: 7,
        now: at("2026-12-01T00:00:00+08:00"),
    };
    generate(&mut store, &opts, &mut |_, _| {}).unwrap();
    // Rows in the other two chains: sign-ins (the security log) and a view of personal data (the
    // access log).
    let office = minyi_demo::seed_office(&mut store, opts.now).unwrap();
    let now = at("2026-12-01T09:00:00+08:00");
    sign_in(&mut store, "jiedai", minyi_demo::DEMO_PASSWORD, now).unwrap();
    assert!(sign_in(&mut store, "jiedai", "not-the-password", now).is_err());
    let ctx = Ctx::new(&office.office, now);
    detail(&store, &ctx, 1, PersonalData::Full).unwrap();
    path
}

fn sqlite_count(path: &Path, sql: &str) -> i64 {
    let conn = minyi_core::testing::rusqlite::Connection::open(path).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn pg_count(db: &TestDatabase, sql: &str) -> i64 {
    db.connect().query_one(sql, &[]).unwrap().get(0)
}

#[test]
fn a_demo_office_moves_whole_and_registration_continues_its_numbers() {
    let Some(cluster) = cluster_or_skip("a_demo_office_moves_whole") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path(), 2_000);
    let db = TestDatabase::empty(&cluster);
    let server_dir = tempfile::tempdir().unwrap();
    let mut steps = 0;
    let report = sqlite_to_pg(&path, db.url(), server_dir.path(), &mut |_| steps += 1).unwrap();
    assert!(report.check.ok(), "{:?}", report.check.problems);
    assert!(steps > report.tables.len());

    // Every table of the source, row for row in count; the search rows one per appeal.
    let mut total = 0;
    for (table, moved) in &report.tables {
        let sql = format!("SELECT count(*) FROM {table}");
        assert_eq!(sqlite_count(&path, &sql), *moved, "{table}");
        assert_eq!(pg_count(&db, &sql), *moved, "{table}");
        total += moved;
    }
    assert_eq!(total, report.rows);
    for table in [
        "appeals",
        "events",
        "stage_spans",
        "users",
        "security_log",
        "access_log",
    ] {
        assert!(
            report.tables.iter().any(|(t, n)| t == table && *n > 0),
            "{table}"
        );
    }
    let appeals = sqlite_count(&path, "SELECT count(*) FROM appeals");
    assert!(appeals >= 2_000);
    assert_eq!(report.search_rows, appeals);
    assert_eq!(pg_count(&db, "SELECT count(*) FROM appeal_search"), appeals);
    // The stage-span trigger is on again.
    let enabled: String = db
        .connect()
        .query_one(
            "SELECT tgenabled::text FROM pg_trigger WHERE tgname = 'events_stage_spans'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(enabled, "O");

    // The moved office opens, checks clean, and registers with the next id and number.
    let mut store = Store::open_url(db.url(), server_dir.path()).unwrap();
    let check = minyi_core::check::check(&store).unwrap();
    assert!(check.ok(), "{:?}", check.problems);
    assert_eq!(check.appeals, appeals);
    let office = minyi_demo::seed_office(&mut store, at("2026-12-01T08:00:00+08:00")).unwrap();
    let input = RegisterInput {
        appellant: Appellant {
            name: "张三丰".into(),
            phone: Some("13812345678".into()),
            address: Some("云江市西湖区文三街道学院路88号".into()),
            ..Default::default()
        },
        channel: "walk_in".into(),
        category: "complaint".into(),
        subject: "迁移之后的第一件诉求".into(),
        content: "小区旁工地每天夜里十一点以后还在施工，噪音很大，影响休息。".into(),
        received_at: "2026-12-01T09:30:00+08:00".into(),
        ..Default::default()
    };
    let ctx = Ctx::new(&office.clerk, at("2026-12-01T10:00:00+08:00"));
    let done = register(&mut store, &ctx, &input).unwrap();
    let max_id = sqlite_count(&path, "SELECT max(id) FROM appeals");
    assert_eq!(done.appeal_id, max_id + 1);
    let (prefix, seq) = done.reg_number.rsplit_once('-').unwrap();
    let last_seq = sqlite_count(
        &path,
        &format!(
            "SELECT coalesce(max(CAST(substr(reg_number, {}) AS INTEGER)), 0) FROM appeals \
             WHERE reg_number LIKE '{prefix}-%'",
            prefix.len() + 2
        ),
    );
    assert_eq!(
        seq.parse::<i64>().unwrap(),
        last_seq + 1,
        "{}",
        done.reg_number
    );
    let check = minyi_core::check::check(&store).unwrap();
    assert!(check.ok(), "{:?}", check.problems);
}

#[test]
fn a_database_holding_data_is_refused_and_left_alone() {
    let Some(cluster) = cluster_or_skip("a_database_holding_data_is_refused") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path(), 50);
    let db = TestDatabase::migrated(&cluster);
    {
        let mut store = Store::open_url(db.url(), dir.path()).unwrap();
        minyi_demo::seed_office(&mut store, at("2026-11-02T08:00:00+08:00")).unwrap();
    }
    let users = pg_count(&db, "SELECT count(*) FROM users");
    let e = sqlite_to_pg(&path, db.url(), dir.path(), &mut |_| {}).unwrap_err();
    assert!(e.message.contains("目标数据库中已有数据"), "{}", e.message);
    assert!(e.message.contains("未被改动"), "{}", e.message);
    assert_eq!(pg_count(&db, "SELECT count(*) FROM users"), users);
    assert_eq!(pg_count(&db, "SELECT count(*) FROM appeals"), 0);
}

#[test]
fn a_move_killed_half_way_leaves_the_target_empty_and_can_run_again() {
    let Some(cluster) = cluster_or_skip("a_move_killed_half_way") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path(), 300);
    let db = TestDatabase::empty(&cluster);
    let mut admin = db.connect();
    // The connection is dropped by the server once the events are copied, mid-transaction.
    let e = sqlite_to_pg(&path, db.url(), dir.path(), &mut |step| {
        if let MoveStep::Copied("events", _) = step {
            admin
                .execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                     WHERE datname = current_database() AND pid <> pg_backend_pid()",
                    &[],
                )
                .unwrap();
        }
    })
    .unwrap_err();
    assert!(e.message.contains("未被改动"), "{}", e.message);
    // The schema is there (the move migrates before it copies), no office data is.
    for table in ["users", "departments", "appeals", "events", "appeal_search"] {
        assert_eq!(
            pg_count(&db, &format!("SELECT count(*) FROM {table}")),
            0,
            "{table}"
        );
    }
    // So the move simply runs again.
    let report = sqlite_to_pg(&path, db.url(), dir.path(), &mut |_| {}).unwrap();
    assert!(report.check.ok());
    assert_eq!(
        pg_count(&db, "SELECT count(*) FROM appeals"),
        sqlite_count(&path, "SELECT count(*) FROM appeals")
    );
}
