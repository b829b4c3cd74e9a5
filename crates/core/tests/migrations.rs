//! Migrations from fixtures of every earlier schema (`tests/fixtures/schema_v*.sql`): each is built
//! into a file, opened, brought to the current version with its data intact and a clean `check`.
//! Also: a file from a newer program is refused untouched with an "upgrade" message, and a file that
//! is not a database gives a Chinese storage error instead of a panic.

mod common;

use common::*;
use minyi_core::check::check;
use minyi_core::model::{Ctx, PlanContent, Status};
use minyi_core::queries::list::search;
use minyi_core::store::db;
use minyi_core::usecases::OnBehalf;
use minyi_core::usecases::accounts::sign_in;
use minyi_core::usecases::submit_plan::submit_plan;
use minyi_core::{ErrorCode, Store};
use minyi_demo::{DEMO_PASSWORD, seed_office};
use std::path::{Path, PathBuf};

/// Every fixture, in version order: (version, SQL).
const FIXTURES: &[(i64, &str)] = &[
    (0, include_str!("fixtures/schema_v0.sql")),
    (1, include_str!("fixtures/schema_v1.sql")),
    (2, include_str!("fixtures/schema_v2.sql")),
    (3, include_str!("fixtures/schema_v3.sql")),
    (4, include_str!("fixtures/schema_v4.sql")),
    (5, include_str!("fixtures/schema_v5.sql")),
    (6, include_str!("fixtures/schema_v6.sql")),
    (7, include_str!("fixtures/schema_v7.sql")),
    (8, include_str!("fixtures/schema_v8.sql")),
    (9, include_str!("fixtures/schema_v9.sql")),
    (10, include_str!("fixtures/schema_v10.sql")),
    (11, include_str!("fixtures/schema_v11.sql")),
    (12, include_str!("fixtures/schema_v12.sql")),
    (13, include_str!("fixtures/schema_v13.sql")),
    (14, include_str!("fixtures/schema_v14.sql")),
    (15, include_str!("fixtures/schema_v15.sql")),
    (16, include_str!("fixtures/schema_v16.sql")),
    (17, include_str!("fixtures/schema_v17.sql")),
    (18, include_str!("fixtures/schema_v18.sql")),
    (19, include_str!("fixtures/schema_v19.sql")),
    (20, include_str!("fixtures/schema_v20.sql")),
    (21, include_str!("fixtures/schema_v21.sql")),
];

/// Builds a database file from a fixture's SQL (as the older program left it: rollback journal).
fn build(dir: &Path, name: &str, sql: &str) -> PathBuf {
    let path = dir.join(name);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(sql).unwrap();
    path
}

fn user_version(store: &Store) -> i64 {
    store
        .sql_for_tests()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

fn assert_clean(store: &Store) {
    let report = check(store).unwrap();
    assert!(report.ok(), "{:?}", report.problems);
}

#[test]
fn the_fixtures_cover_every_earlier_version() {
    let versions: Vec<i64> = FIXTURES.iter().map(|(v, _)| *v).collect();
    let want: Vec<i64> = (0..=db::schema_version()).collect();
    assert_eq!(versions, want, "add a fixture for each new schema version");
    for (v, sql) in FIXTURES {
        let dir = tempfile::tempdir().unwrap();
        let path = build(dir.path(), "old.db", sql);
        let conn = rusqlite::Connection::open(path).unwrap();
        let got: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(got, *v, "fixture schema_v{v}.sql");
    }
}

#[test]
fn an_empty_file_is_migrated_and_usable() {
    let dir = tempfile::tempdir().unwrap();
    let path = build(dir.path(), "v0.db", FIXTURES[0].1);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(user_version(&store), db::schema_version());
    assert_eq!(count(&store, "appeals"), 0);
    assert!(
        store.calendar().is_known_year(2026),
        "shipped calendar seeded"
    );
    let office = seed_office(&mut store, at("2026-11-02T08:00:00+08:00")).unwrap();
    let place = minyi_core::testing::TestPlace::sqlite(dir.path());
    let mut env = Env {
        dir,
        store,
        office,
        place,
    };
    registered(&mut env, "complaint", false);
    assert_clean(&env.store);
}

#[test]
fn a_version_1_file_keeps_its_data_and_stays_workable() {
    let dir = tempfile::tempdir().unwrap();
    let path = build(dir.path(), "v1.db", FIXTURES[1].1);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(user_version(&store), db::schema_version());
    assert_clean(&store);

    let depts: Vec<String> = store
        .departments()
        .unwrap()
        .into_iter()
        .map(|d| d.name)
        .collect();
    assert_eq!(depts, ["民意诉求管理办公室", "城市管理局"]);
    assert_eq!(count(&store, "users"), 3);
    let id = minyi_core::testing::appeal_id(&store, "TS-2026-000001")
        .unwrap()
        .unwrap();
    let a = minyi_core::testing::appeal(&store, id).unwrap();
    assert_eq!(a.reg_number, "20261120-0001");
    assert_eq!(a.status, Status::Routed);
    assert_eq!(a.department_id, Some(2));
    assert_eq!(a.due_date.unwrap().to_string(), "2026-11-27");
    let actions: Vec<&str> = minyi_core::testing::events(&store, id)
        .unwrap()
        .into_iter()
        .map(|e| e.action.code())
        .collect();
    assert_eq!(
        actions,
        ["register", "initial_review", "route", "add_progress"]
    );
    let who = minyi_core::testing::appellant(&store, a.appellant_id).unwrap();
    assert_eq!(who.phone.as_deref(), Some("13812345678"));

    // The administrator's calendar day survived the re-seed of shipped data, which came back too.
    let day = |m, d| chrono::NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    assert!(!store.calendar().is_working_day(day(12, 31)));
    let admin_days: Vec<_> = store
        .listed_days(2026)
        .unwrap()
        .into_iter()
        .filter(|d| d.admin)
        .collect();
    assert_eq!(admin_days.len(), 1);
    assert_eq!(admin_days[0].name, "单位年终盘点");
    assert!(!store.calendar().is_working_day(day(10, 1)));
    assert!(store.calendar().is_working_day(day(2, 14)), "make-up day");

    // Full-text search and sign-in work on the old rows; the appeal's lifecycle goes on.
    let clerk = sign_in(
        &mut store,
        "jiedai",
        DEMO_PASSWORD,
        at("2026-11-24T09:00:00+08:00"),
    )
    .unwrap();
    let now = at("2026-11-24T09:00:00+08:00");
    let page = search(&store, &Ctx::new(&clerk, now), "十一点以后", 0, 20).unwrap();
    assert_eq!(page.rows.iter().map(|r| r.id).collect::<Vec<_>>(), [id]);
    let handler = store.actor(3).unwrap();
    let plan = PlanContent::Complaint {
        facts_found: "夜间施工属实".into(),
        responsible_party: "施工单位".into(),
        measures: "责令22时后停止施工".into(),
    };
    submit_plan(
        &mut store,
        &Ctx::new(&handler, now),
        id,
        &plan,
        &OnBehalf::default(),
    )
    .unwrap();
    assert_clean(&store);

    // Opening again is a no-op.
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(count(&store, "events"), 5);
    assert_clean(&store);
}

/// The bytes and modification time of a file and whether SQLite side files exist.
fn snapshot(path: &Path) -> (Vec<u8>, std::time::SystemTime, bool) {
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    (
        std::fs::read(path).unwrap(),
        std::fs::metadata(path).unwrap().modified().unwrap(),
        wal.exists(),
    )
}

fn assert_refused_as_newer(path: &Path) {
    let before = snapshot(path);
    // Let a modification, if any, show in the mtime even on coarse-grained file systems.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let e = Store::open(path)
        .err()
        .expect("a newer database must be refused");
    assert_eq!(e.code, ErrorCode::NewerDatabase);
    assert!(
        e.message.contains("升级") && is_chinese(&e.message),
        "{}",
        e.message
    );
    assert!(snapshot(path) == before, "the file was modified");
}

#[test]
fn a_database_from_a_newer_program_is_refused_and_left_untouched() {
    let newer = db::schema_version() + 1;
    let dir = tempfile::tempdir().unwrap();
    // As a newer program might leave it after a backup restore: rollback-journal mode.
    let path = build(dir.path(), "newer.db", FIXTURES[1].1);
    rusqlite::Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", newer)
        .unwrap();
    assert_refused_as_newer(&path);
    // And as it would normally be: WAL mode.
    let path = dir.path().join("newer_wal.db");
    drop(Store::open(&path).unwrap());
    rusqlite::Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", newer)
        .unwrap();
    assert_refused_as_newer(&path);
}

#[test]
fn a_file_that_is_not_a_database_gives_a_chinese_storage_error() {
    let dir = tempfile::tempdir().unwrap();
    // Deterministic noise (xorshift), and a text file.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let noise: Vec<u8> = (0..16_384)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    let text = "这是一份会议纪要，不是数据库。\n".repeat(400).into_bytes();
    for (name, bytes) in [("noise.db", noise), ("notes.db", text)] {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let e = Store::open(&path).err().expect("not a database");
        assert_eq!(e.code, ErrorCode::Storage, "{name}");
        assert!(is_chinese(&e.message), "{name}: {}", e.message);
        assert!(e.message.contains("不是"), "{name}: {}", e.message);
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "{name} was modified");
    }
}

#[test]
fn the_version_2_fingerprints_match_the_program() {
    let dir = tempfile::tempdir().unwrap();
    let path = build(dir.path(), "v2.db", FIXTURES[2].1);
    let store = Store::open(&path).unwrap();
    let a = minyi_core::testing::appeal(&store, 1).unwrap();
    let hints = minyi_core::queries::duplicates::likely_duplicates(
        &store,
        None,
        None,
        &a.content,
        a.received_at,
        None,
    )
    .unwrap();
    assert!(
        hints.iter().any(|h| h.appeal_id == 1 && !h.same_phone),
        "{hints:?}"
    );
}

#[test]
fn a_version_2_file_gains_an_empty_imported_rows_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = build(dir.path(), "v2.db", FIXTURES[2].1);
    let store = Store::open(&path).unwrap();
    assert_eq!(user_version(&store), db::schema_version());
    assert_eq!(count(&store, "imported_rows"), 0);
    assert_eq!(count(&store, "appeals"), 1);
    assert_clean(&store);
}

#[test]
fn an_upgrade_is_announced_for_older_files_only() {
    let dir = tempfile::tempdir().unwrap();
    assert!(!db::upgrade_pending(&dir.path().join("missing.db")));
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"not a database at all, just text").unwrap();
    assert!(!db::upgrade_pending(&junk));
    for (v, sql) in FIXTURES.iter().filter(|(v, _)| *v > 0) {
        let path = build(dir.path(), &format!("v{v}.db"), sql);
        let older = *v < db::schema_version();
        assert_eq!(db::upgrade_pending(&path), older, "schema_v{v}");
        drop(Store::open(&path).unwrap());
        assert!(!db::upgrade_pending(&path), "schema_v{v} after opening");
    }
}

#[test]
fn a_version_4_file_gains_empty_assessment_tables_and_can_record() {
    use minyi_core::model::{Ctx, RecommendationStatus};
    use minyi_core::usecases::advance_recommendation::advance_recommendation;
    use minyi_core::usecases::record_recommendation::{NewRecommendation, record_recommendation};
    let dir = tempfile::tempdir().unwrap();
    let path = build(dir.path(), "v4.db", FIXTURES[4].1);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(user_version(&store), db::schema_version());
    assert_eq!(count(&store, "recommendations"), 0);
    assert_eq!(count(&store, "rewards_penalties"), 0);
    assert_eq!(count(&store, "appeals"), 1);
    assert_clean(&store);
    // The fixture's office account (system, appeals office) records and adopts one.
    let system = store.actor(1).unwrap();
    let ctx = Ctx::new(&system, at("2026-11-24T09:00:00+08:00"));
    let input = NewRecommendation {
        title: "夜间施工联合巡查".into(),
        content: "每周两次联合夜查。".into(),
        basis: "夜间施工投诉增长。".into(),
        owner_department_id: Some(2),
        owner_user_id: Some(3),
    };
    let r = record_recommendation(&mut store, &ctx, &input).unwrap();
    let r = advance_recommendation(&mut store, &ctx, r.id, RecommendationStatus::Adopted).unwrap();
    assert_eq!(r.owner_department.as_deref(), Some("城市管理局"));
    assert_eq!(r.owner_user.as_deref(), Some("王建国"));
}

#[test]
fn a_version_5_file_keeps_its_recommendation_and_reward() {
    use minyi_core::model::{RecommendationStatus, RewardKind};
    let dir = tempfile::tempdir().unwrap();
    let path = build(dir.path(), "v5.db", FIXTURES[5].1);
    let store = Store::open(&path).unwrap();
    assert_clean(&store);
    let r = minyi_core::testing::recommendation(&store, 1).unwrap();
    assert_eq!(r.status, RecommendationStatus::Adopted);
    assert_eq!(r.adopted_by.as_deref(), Some("钱小红"));
    assert_eq!(r.owner_department.as_deref(), Some("城市管理局"));
    let day = |s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let list = minyi_core::testing::rewards_penalties(&store, day("2026-11-15"), day("2026-11-15"))
        .unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].kind, RewardKind::Reward);
    assert_eq!(list[0].user.as_deref(), Some("王建国"));
    assert_eq!(list[0].user_department.as_deref(), Some("城市管理局"));
}

#[test]
fn a_version_6_appeal_waiting_for_the_index_is_found_and_indexed_with_its_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = build(dir.path(), "v6.db", FIXTURES[6].1);
    let mut store = Store::open(&path).unwrap();
    assert_clean(&store);
    let now = at("2026-11-24T09:00:00+08:00");
    let clerk = sign_in(&mut store, "jiedai", DEMO_PASSWORD, now).unwrap();
    let ctx = Ctx::new(&clerk, now);
    let found = |store: &Store, term: &str| -> Vec<i64> {
        search(store, &ctx, term, 0, 50)
            .unwrap()
            .rows
            .iter()
            .map(|r| r.id)
            .collect()
    };
    for term in ["噪音扰民", "学院路88号", "TS-2026-000001", "20261120-0001"] {
        assert_eq!(found(&store, term), vec![1], "{term} while waiting");
    }
    let drained = minyi_core::testing::drain_fts_backlog(&mut store).unwrap();
    assert_eq!(drained, 1);
    let indexed: i64 = store
        .sql_for_tests()
        .query_row(
            "SELECT count(*) FROM appeal_fts WHERE appeal_fts MATCH '\"TS-2026-000001\"'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(indexed, 1);
    for term in ["噪音扰民", "学院路88号", "TS-2026-000001", "20261120-0001"] {
        assert_eq!(found(&store, term), vec![1], "{term} once indexed");
    }
    assert_clean(&store);
}

#[test]
fn a_version_6_file_gains_the_index_setting_and_the_narrower_trigger() {
    let dir = tempfile::tempdir().unwrap();
    let path = build(dir.path(), "v6.db", FIXTURES[6].1);
    let mut store = Store::open(&path).unwrap();
    let hashsize: i64 = store
        .sql_for_tests()
        .query_row(
            "SELECT v FROM appeal_fts_config WHERE k = 'hashsize'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(hashsize, 8 * 1024 * 1024);
    // The fixture's appeal keeps its runs; a new registration opens exactly one more.
    let before = count(&store, "stage_spans");
    assert!(before > 0);
    let now = at("2026-11-24T09:00:00+08:00");
    let clerk = sign_in(&mut store, "jiedai", DEMO_PASSWORD, now).unwrap();
    let form = input(
        "walk_in",
        "complaint",
        "13812345679",
        "路灯坏了一个月没人修，晚上很黑。",
    );
    minyi_core::usecases::register::register(&mut store, &Ctx::new(&clerk, now), &form).unwrap();
    assert_eq!(count(&store, "stage_spans"), before + 1);
    assert_clean(&store);
}

#[test]
fn a_version_9_file_gains_an_empty_grants_table_and_a_first_agreement_waits() {
    use minyi_core::usecases::accounts::{ensure_system_user, record_agreement, update_user};
    use minyi_core::usecases::audit::console_label;
    use minyi_core::usecases::grants::{confirm_grant, pending_grants};
    let dir = tempfile::tempdir().unwrap();
    let path = build(dir.path(), "v9.db", FIXTURES[9].1);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(user_version(&store), db::schema_version());
    assert_eq!(count(&store, "access_grants"), 0);
    // The file's people keep the access they had.
    let now = at("2026-11-24T09:00:00+08:00");
    let clerk = sign_in(&mut store, "jiedai", DEMO_PASSWORD, now).unwrap();
    assert!(clerk.agreement_signed_on.is_some());
    // The command line of one operating-system user takes the agreement away (at once) and
    // records it again (waits); another operating-system user confirms it.
    let system = ensure_system_user(&mut store, now).unwrap();
    let as_os = |label: &str| minyi_core::model::Actor {
        display_name: console_label(label),
        ..system.clone()
    };
    let (alice, bob) = (as_os("alice"), as_os("bob"));
    let a = Ctx::new(&alice, now);
    record_agreement(&mut store, &a, clerk.user_id, None).unwrap();
    record_agreement(&mut store, &a, clerk.user_id, Some(now.date_naive())).unwrap();
    let g = pending_grants(&store, &a).unwrap().rows[0].id;
    assert_eq!(count(&store, "access_grants"), 1);
    assert_eq!(
        sign_in(&mut store, "jiedai", DEMO_PASSWORD, now)
            .unwrap()
            .agreement_signed_on,
        None
    );
    confirm_grant(&mut store, &Ctx::new(&bob, now), g).unwrap();
    assert_eq!(
        sign_in(&mut store, "jiedai", DEMO_PASSWORD, now)
            .unwrap()
            .agreement_signed_on,
        Some(now.date_naive())
    );
    // Roles still change as before for roles that see no personal data.
    update_user(
        &mut store,
        &a,
        clerk.user_id,
        &clerk.display_name,
        clerk.department_id,
        &[minyi_core::model::Role::IntakeClerk],
        true,
    )
    .unwrap();
    assert_clean(&store);
}

#[test]
fn a_version_10_file_gains_the_id_number_index_and_finds_a_person_by_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = build(dir.path(), "v10.db", FIXTURES[10].1);
    let store = Store::open(&path).unwrap();
    assert_eq!(user_version(&store), db::schema_version());
    let conn = store.sql_for_tests();
    let explained: Vec<String> = conn
        .prepare("EXPLAIN QUERY PLAN SELECT id FROM appellants WHERE id_number = ?1")
        .unwrap()
        .query_map(["11010519491231002X"], |r| r.get::<_, String>(3))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(
        explained.iter().any(|d| d.contains("appellants_id_number")),
        "{explained:?}"
    );
    // The file's one appeal: its intake clerk sees its history, empty, and the viewing is logged.
    let now = at("2026-11-24T09:00:00+08:00");
    let mut store = store;
    let clerk = sign_in(&mut store, "jiedai", DEMO_PASSWORD, now).unwrap();
    let h = minyi_core::queries::history::appellant_history(&store, &Ctx::new(&clerk, now), 1)
        .unwrap()
        .unwrap();
    assert!(h.appeals.is_empty());
    assert_eq!(count(&store, "access_log"), 1);
    assert_clean(&store);
}

#[test]
fn a_version_11_file_gains_the_bell_mark_and_stock_text_tables() {
    use minyi_core::model::StockTextKind;
    use minyi_core::queries::reminders::reminders;
    use minyi_core::usecases::reminders_read::mark_reminders_read;
    use minyi_core::usecases::stock_texts::list_stock_texts;
    let dir = tempfile::tempdir().unwrap();
    let path = build(dir.path(), "v11.db", FIXTURES[11].1);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(user_version(&store), db::schema_version());
    assert_eq!(count(&store, "reminder_marks"), 0);
    assert_eq!(count(&store, "stock_texts"), 0);
    let now = at("2026-11-24T09:00:00+08:00");
    let handler = sign_in(&mut store, "cg_cbr", DEMO_PASSWORD, now).unwrap();
    let ctx = Ctx::new(&handler, now);
    // Its one appeal was routed to the handler's department.
    let bell = reminders(&store, &ctx, 20).unwrap();
    assert!(
        bell.items.iter().any(|r| r.appeal_id == 1),
        "{:?}",
        bell.items
    );
    mark_reminders_read(&mut store, &ctx, bell.up_to_event).unwrap();
    assert_eq!(count(&store, "reminder_marks"), 1);
    let none = list_stock_texts(&store, &ctx, Some(StockTextKind::Plan), None).unwrap();
    assert!(none.is_empty());
    assert_clean(&store);
}

#[test]
fn a_version_12_file_gains_empty_return_visit_tables_that_take_a_visit() {
    let dir = tempfile::tempdir().unwrap();
    let path = build(dir.path(), "v12.db", FIXTURES[12].1);
    let store = Store::open(&path).unwrap();
    assert_eq!(user_version(&store), db::schema_version());
    assert_eq!(count(&store, "return_visits"), 0);
    assert_eq!(count(&store, "return_visit_attempts"), 0);
    // The tables take a row as the program writes them (the file's one appeal, round 1).
    store
        .sql_for_tests()
        .execute(
            "INSERT INTO return_visits(appeal_id, round, queued_at) VALUES (1, 1, '2026-11-24T09:00:00+08:00')",
            [],
        )
        .unwrap();
    assert_eq!(count(&store, "return_visits"), 1);
    assert_clean(&store);
}

#[test]
fn a_version_13_file_gains_an_empty_assists_table_and_can_co_handle() {
    use minyi_core::usecases::add_assist::{AssistInput, add_assist};
    let dir = tempfile::tempdir().unwrap();
    let path = build(dir.path(), "v13.db", FIXTURES[13].1);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(user_version(&store), db::schema_version());
    assert_eq!(count(&store, "appeal_assists"), 0);
    // The file's one appeal is routed to 城市管理局; the office asks 民意诉求管理办公室 to assist.
    let now = at("2026-11-24T09:00:00+08:00");
    let office = seed_office(&mut store, now).unwrap();
    let r = add_assist(
        &mut store,
        &Ctx::new(&office.office, now),
        1,
        &AssistInput {
            department_id: office.office_department,
            part: "核实诉求人反映的情况".into(),
            due_date: "2026-11-26".parse().unwrap(),
        },
    )
    .unwrap();
    assert!(r.message.contains("协办"), "{}", r.message);
    assert_eq!(count(&store, "appeal_assists"), 1);
    assert_clean(&store);
}

#[test]
fn a_version_14_file_gains_an_empty_paper_archive_and_lists_nothing_pending() {
    use minyi_core::queries::archive::{ArchiveState, archive_record};
    use minyi_core::queries::list::{ListFilter, matching_ids};
    let dir = tempfile::tempdir().unwrap();
    let path = build(dir.path(), "v14.db", FIXTURES[14].1);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(user_version(&store), db::schema_version());
    assert_eq!(count(&store, "paper_archive"), 0);
    // The file's one appeal is being handled: not pending, not filed.
    let now = at("2026-11-24T09:00:00+08:00");
    let clerk = sign_in(&mut store, "jiedai", DEMO_PASSWORD, now).unwrap();
    let ctx = Ctx::new(&clerk, now);
    let pending = ListFilter {
        archive: Some(ArchiveState::Pending),
        ..Default::default()
    };
    assert!(matching_ids(&store, &ctx, &pending, 10).unwrap().is_empty());
    assert!(archive_record(&store, &ctx, 1).unwrap().is_none());
    assert_clean(&store);
}

#[test]
fn a_version_16_file_gains_empty_server_state_tables_that_keep_a_session() {
    let dir = tempfile::tempdir().unwrap();
    let path = build(dir.path(), "v16.db", FIXTURES[16].1);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(user_version(&store), db::schema_version());
    for table in [
        "server_sessions",
        "server_session_files",
        "server_jobs",
        "portal_sessions",
        "portal_captchas",
        "address_events",
    ] {
        assert_eq!(count(&store, table), 0, "{table}");
    }
    // A clerk of the fixture signs in on the office server.
    let now = at("2026-12-06T09:00:00+08:00");
    let admin = sign_in(&mut store, "jiedai", DEMO_PASSWORD, now).unwrap();
    let idle = std::time::Duration::from_secs(1800);
    store
        .begin_staff_session("a-token", admin.user_id, now, idle)
        .unwrap();
    assert!(matches!(
        store.staff_session("a-token", now, idle).unwrap(),
        minyi_core::store::server_state::SessionState::Live { user_id, .. } if user_id == admin.user_id
    ));
    assert_clean(&store);
}

#[test]
fn a_version_17_file_moves_to_version_18_unchanged() {
    // Migration 018 changes the PostgreSQL store's search indexes only; an SQLite file keeps its
    // schema.
    let dir = tempfile::tempdir().unwrap();
    let path = build(dir.path(), "v17.db", FIXTURES[17].1);
    let before: Vec<String> = {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let mut st = conn
            .prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let store = Store::open(&path).unwrap();
    assert_eq!(user_version(&store), db::schema_version());
    let after: Vec<String> = {
        let mut st = store
            .sql_for_tests()
            .prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(before, after);
    assert_clean(&store);
}
