//! The command line end to end: each test runs the real `minyi-cli` binary on a fresh temporary
//! database and checks its stdout, stderr and exit code (and, where it matters, the file itself).

mod common;

use common::*;
use minyi_core::Store;
use minyi_core::model::{Category, Ctx};
use minyi_core::time::now_cst;
use minyi_core::usecases::initial_review::{InitialReviewInput, initial_review};
use minyi_core::usecases::reclassify::reclassify;

#[test]
fn init_creates_the_database_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sub").join("minyi.db");
    let o = run(&db, &["init"]);
    ok(&o);
    assert!(o.stdout.contains("已创建数据库"), "{}", o.stdout);
    assert!(o.stdout.contains("minyi.db"));
    assert!(db.exists());
    let o = run(&db, &["init"]);
    ok(&o);
    assert!(o.stdout.contains("已存在"), "{}", o.stdout);
    assert_eq!(
        count(&db, "SELECT count(*) FROM users WHERE username = 'system'"),
        1
    );
    // MINYI_DB works instead of --db.
    let o = finish(cli().env("MINYI_DB", &db).arg("check").output().unwrap());
    ok(&o);
}

#[test]
fn missing_or_absent_database_is_reported_in_chinese() {
    let o = run_plain(&["list"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("没有指定数据库文件"), "{}", o.stderr);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("none.db");
    let o = run(&db, &["list"]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("找不到数据库文件"), "{}", o.stderr);
    assert!(!db.exists(), "a read command must not create the file");
    let o = run_plain(&["frobnicate"]);
    assert_eq!(o.code, 2);
}

/// Only `demo` and `bench` open a PostgreSQL URL themselves; every other command works on a file
/// or through the server. Given a URL they once took it for a file name: `init` made folders named
/// after it (password and all) and printed them, the others answered "找不到数据库文件 postgres://
/// user:password@…". Now they refuse before touching anything, without repeating the URL.
#[test]
fn a_postgresql_url_is_refused_by_the_file_commands_without_showing_it() {
    let dir = tempfile::tempdir().unwrap();
    let url = "postgres://minyi:s3cret-pw@127.0.0.1:9/office";
    let commands: &[&[&str]] = &[
        &["init"],
        &["check"],
        &["list"],
        &["calendar", "show", "2026"],
        &["backup"],
        &["user", "list"],
    ];
    for args in commands {
        let o = finish(
            cli()
                .current_dir(dir.path())
                .arg("--db")
                .arg(url)
                .args(*args)
                .output()
                .unwrap(),
        );
        assert_eq!(o.code, 2, "{args:?}: {}", o.stderr);
        assert!(o.stderr.contains("PostgreSQL"), "{args:?}: {}", o.stderr);
        assert!(o.stderr.contains("--server"), "{args:?}: {}", o.stderr);
        for secret in ["s3cret-pw", "127.0.0.1"] {
            assert!(
                !o.stderr.contains(secret) && !o.stdout.contains(secret),
                "{args:?} showed the URL: {}{}",
                o.stdout,
                o.stderr
            );
        }
    }
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn register_from_file_and_stdin_list_and_show_by_both_numbers() {
    let (dir, db) = fresh();
    let o = register_file(dir.path(), &db, "13812345678", "翠苑小区夜间施工噪音扰民");
    ok(&o);
    assert!(o.stdout.contains("登记成功"), "{}", o.stdout);
    assert!(o.stdout.contains("预计反馈日期："));
    assert!(o.stdout.contains("初审期限："));
    let first = reg_number(&o.stdout);

    let o = run_stdin(
        &db,
        &["register", "--json", "-"],
        &appeal_json("13812345678", "翠苑小区夜间施工噪音扰民"),
    );
    ok(&o);
    let second = reg_number(&o.stdout);
    assert_ne!(first, second);
    assert!(
        o.stdout.contains("疑似重复") && o.stdout.contains(&first),
        "same phone and content is flagged:\n{}",
        o.stdout
    );

    let o = run(&db, &["list"]);
    ok(&o);
    assert!(o.stdout.contains(&first) && o.stdout.contains(&second));
    assert!(o.stdout.contains("待初审") && o.stdout.contains("共 2 条"));
    let o = run(&db, &["list", "--status", "待初审", "--json"]);
    ok(&o);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(v["total"], 2);
    let o = run(&db, &["list", "--status", "routed"]);
    ok(&o);
    assert!(o.stdout.contains("没有符合条件的诉求"));
    let o = run(&db, &["list", "--limit", "1"]);
    ok(&o);
    assert!(o.stdout.contains(&second) && !o.stdout.contains(&first));
    let o = run(&db, &["list", "--status", "bogus"]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("状态“bogus”无效"), "{}", o.stderr);

    let o = run(&db, &["show", &first]);
    ok(&o);
    assert!(o.stdout.contains("翠苑小区夜间施工噪音扰民"));
    assert!(o.stdout.contains("办理过程") && o.stdout.contains("登记"));

    // Initial review through the core, then find the appeal by its archive number.
    let archive = {
        let mut store = Store::open(&db).unwrap();
        let id = store.system_user_id().unwrap().unwrap();
        let actor = store.actor(id).unwrap();
        let appeal = minyi_core::testing::appeal_id(&store, &first)
            .unwrap()
            .unwrap();
        let r = initial_review(
            &mut store,
            &Ctx::new(&actor, now_cst()),
            appeal,
            &InitialReviewInput::Accept {
                category: Category::Complaint,
                major: None,
                urgency: None,
                note: None,
            },
        )
        .unwrap();
        r.archive_number.unwrap()
    };
    assert!(archive.starts_with("TS-"), "{archive}");
    let o = run(&db, &["show", &archive]);
    ok(&o);
    assert!(o.stdout.contains(&first) && o.stdout.contains(&archive));
    assert!(o.stdout.contains("初审受理") && o.stdout.contains("待分流"));
    let o = run(&db, &["show", &archive, "--json"]);
    ok(&o);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(v["appeal"]["regNumber"], first.as_str());
    assert_eq!(v["timeline"].as_array().unwrap().len(), 2);
    let o = run(&db, &["list", "--status", "accepted"]);
    assert!(o.stdout.contains(&archive), "{}", o.stdout);

    // After re-classification the superseded archive number still finds the appeal.
    let new_archive = {
        let mut store = Store::open(&db).unwrap();
        let id = store.system_user_id().unwrap().unwrap();
        let actor = store.actor(id).unwrap();
        let appeal = minyi_core::testing::appeal_id(&store, &first)
            .unwrap()
            .unwrap();
        let ctx = Ctx::new(&actor, now_cst());
        let r = reclassify(&mut store, &ctx, appeal, Category::Suggestion, "实为建议").unwrap();
        r.archive_number.unwrap()
    };
    assert!(new_archive.starts_with("JY-"), "{new_archive}");
    let o = run(&db, &["show", &archive]);
    ok(&o);
    assert!(o.stdout.contains(&new_archive), "{}", o.stdout);
    assert!(
        o.stdout.contains(&format!("原编号 {archive}")),
        "{}",
        o.stdout
    );

    let o = run(&db, &["show", "TS-1999-000001"]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("没有找到该编号的诉求"), "{}", o.stderr);
    ok(&run(&db, &["check"]));
}

#[test]
fn show_masks_personal_data_unless_asked_and_then_logs_the_access() {
    let (dir, db) = fresh();
    let number = reg_number(&register_file(dir.path(), &db, "13812345678", "噪音扰民").stdout);
    let logged = || count(&db, "SELECT count(*) FROM access_log");

    let o = run(&db, &["show", &number]);
    ok(&o);
    assert!(o.stdout.contains("张**") && o.stdout.contains("138****5678"));
    assert!(!o.stdout.contains("13812345678") && !o.stdout.contains("张三丰"));
    assert!(!o.stdout.contains("学院路88号"));
    let o = run(&db, &["show", &number, "--json"]);
    assert!(!o.stdout.contains("13812345678") && o.stdout.contains("138****5678"));
    assert_eq!(logged(), 0, "masked views are not logged");

    let o = run(&db, &["--personal-data", "show", &number]);
    ok(&o);
    assert!(o.stdout.contains("张三丰") && o.stdout.contains("13812345678"));
    assert!(o.stdout.contains("学院路88号3幢501室"));
    assert!(o.stdout.contains("已记入访问日志"));
    assert_eq!(logged(), 1);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM access_log l JOIN users u ON u.id = l.user_id
             WHERE u.username = 'system' AND l.appeal_id IS NOT NULL AND l.what = 'appellant'"
        ),
        1
    );
    // The global flag may also follow the subcommand.
    ok(&run(&db, &["show", &number, "--personal-data"]));
    assert_eq!(logged(), 2);
}

#[test]
fn bad_input_is_refused_in_chinese_and_writes_nothing() {
    let (dir, db) = fresh();
    let events = || count(&db, "SELECT count(*) FROM events");
    let o = register_file(dir.path(), &db, "99999", "噪音扰民");
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("电话号码格式不正确"), "{}", o.stderr);
    assert!(o.stderr.contains("appellant.phone"));
    assert!(!o.stderr.contains("99999"), "the value is not echoed");
    assert!(o.stdout.is_empty());
    assert_eq!(count(&db, "SELECT count(*) FROM appeals"), 0);
    assert_eq!(events(), 0);

    let o = run_stdin(
        &db,
        &["register", "--json", "-"],
        "{\n  \"appellant\": {\"name\": \"张三\"},\n  \"channel\" \"walk_in\"\n}",
    );
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("JSON 格式不正确"), "{}", o.stderr);
    assert!(o.stderr.contains("第3行"), "{}", o.stderr);
    let o = run_stdin(&db, &["register", "--json", "-"], "[1, 2]");
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("第1行"), "{}", o.stderr);
    let o = run_stdin(&db, &["register", "--json", "-"], "{\"subject\": \"x\"");
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("不完整"), "{}", o.stderr);
    let o = run(&db, &["register", "--json", "/nonexistent/appeal.json"]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("找不到文件"), "{}", o.stderr);
    assert_eq!(count(&db, "SELECT count(*) FROM appeals"), 0);
    assert!(!o.stderr.contains("panicked") && !o.stderr.contains("Error {"));
}

#[test]
fn calendar_adds_working_days_and_warns_for_unknown_years() {
    let (_dir, db) = fresh();
    for (args, want) in [
        (["2026-02-13", "1"], "2026-02-14"),
        (["2026-09-30", "1"], "2026-10-08"),
        (["2026-02-14", "1"], "2026-02-24"),
    ] {
        let o = run(&db, &["calendar", "add-working-days", args[0], args[1]]);
        ok(&o);
        assert_eq!(o.stdout, format!("{want}\n"));
        assert!(o.stderr.is_empty(), "{}", o.stderr);
        // Without a database the shipped data gives the same answer.
        let o = run_plain(&["calendar", "add-working-days", args[0], args[1]]);
        assert_eq!(o.stdout, format!("{want}\n"));
    }
    let o = run(&db, &["calendar", "add-working-days", "2031-01-02", "1"]);
    ok(&o);
    assert_eq!(o.stdout, "2031-01-03\n");
    assert!(o.stderr.contains("没有2031年的节假日安排"), "{}", o.stderr);
    let o = run(&db, &["calendar", "add-working-days", "2026-02-30", "1"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("YYYY-MM-DD"), "{}", o.stderr);

    let o = run(&db, &["calendar", "show", "2026"]);
    ok(&o);
    assert!(
        o.stdout
            .contains("春节：放假 2026-02-15 至 2026-02-23（9天）")
    );
    assert!(o.stdout.contains("2026-02-14（星期六）"), "{}", o.stdout);
}

#[test]
fn calendar_import_accepts_holiday_cn_and_refuses_malformed_files_in_chinese() {
    let (dir, db) = fresh();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"year\": 2031,\n \"days\": [\n").unwrap();
    let o = run(&db, &["calendar", "import", bad.to_str().unwrap()]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("节假日文件格式不正确"), "{}", o.stderr);
    let bad_date = dir.path().join("bad-date.json");
    std::fs::write(
        &bad_date,
        r#"{"year": 2031, "days": [{"name": "元旦", "date": "2031-13-01", "isOffDay": true}]}"#,
    )
    .unwrap();
    let o = run(&db, &["calendar", "import", bad_date.to_str().unwrap()]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("第1项的日期"), "{}", o.stderr);

    let good = dir.path().join("2031.json");
    std::fs::write(
        &good,
        r#"{"year": 2031, "days": [
            {"name": "元旦", "date": "2031-01-01", "isOffDay": true},
            {"name": "元旦", "date": "2031-01-02", "isOffDay": true},
            {"name": "元旦", "date": "2031-01-04", "isOffDay": false}]}"#,
    )
    .unwrap();
    let o = run(&db, &["calendar", "import", good.to_str().unwrap()]);
    ok(&o);
    assert!(o.stdout.contains("已导入2031年"), "{}", o.stdout);
    let o = run(&db, &["calendar", "add-working-days", "2030-12-31", "1"]);
    assert_eq!(o.stdout, "2031-01-03\n");
    let o = run(&db, &["calendar", "add-working-days", "2031-01-03", "1"]);
    assert_eq!(o.stdout, "2031-01-04\n", "Saturday make-up day");
    assert!(o.stderr.is_empty(), "2031 is known now: {}", o.stderr);
}

#[test]
fn check_passes_on_a_good_file_and_fails_on_a_tampered_one() {
    let (dir, db) = fresh();
    register_file(dir.path(), &db, "13812345678", "噪音扰民");
    register_file(dir.path(), &db, "13912345678", "道路破损");
    let o = run(&db, &["check"]);
    ok(&o);
    assert!(o.stdout.contains("检查通过"), "{}", o.stdout);

    let c = minyi_core::testing::rusqlite::Connection::open(&db).unwrap();
    c.execute_batch(
        "DROP TRIGGER events_append_only_update;
         UPDATE events SET payload = json_set(payload, '$.tampered', 1) WHERE id = 1;",
    )
    .unwrap();
    drop(c);
    let o = run(&db, &["check"]);
    assert_ne!(o.code, 0);
    assert!(
        o.stdout.contains("事件日志在第1条处校验失败"),
        "{}",
        o.stdout
    );
    assert!(o.stderr.contains("完整性检查未通过"), "{}", o.stderr);
    let o = run(&db, &["check", "--json"]);
    assert_ne!(o.code, 0);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert!(!v["problems"].as_array().unwrap().is_empty());

    // A file that is not a database at all.
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, "this is not a database, just some text").unwrap();
    let o = run(&junk, &["check"]);
    assert_eq!(o.code, 1);
    assert!(
        o.stderr.contains("不是民意诉求管理系统的数据库"),
        "{}",
        o.stderr
    );
}

#[test]
fn demo_fills_an_empty_database_that_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let o = run(&db, &["demo", "--appeals", "300", "--seed", "7"]);
    ok(&o);
    assert!(o.stdout.contains("300 件诉求"), "{}", o.stdout);
    assert!(o.stdout.contains("数据库文件"));
    assert!(
        o.stderr.contains("100%"),
        "progress on stderr: {}",
        o.stderr
    );
    ok(&run(&db, &["check"]));
    assert_eq!(count(&db, "SELECT count(*) FROM appeals"), 300);
    let o = run(&db, &["demo", "--appeals", "10"]);
    assert_eq!(o.code, 1, "demo data only goes into an empty database");
    assert!(o.stderr.contains("已有诉求"), "{}", o.stderr);
}

#[test]
fn help_works_for_every_subcommand() {
    let o = run_plain(&["--help"]);
    ok(&o);
    for cmd in [
        "init", "demo", "register", "list", "show", "calendar", "check",
    ] {
        assert!(o.stdout.contains(cmd), "{cmd} missing from --help");
    }
    assert!(o.stdout.contains("民意诉求管理系统"));
    assert!(!o.stdout.contains("crash-child"), "hidden");
    for args in [
        &["init", "--help"][..],
        &["demo", "--help"],
        &["register", "--help"],
        &["list", "--help"],
        &["show", "--help"],
        &["check", "--help"],
        &["calendar", "--help"],
        &["calendar", "add-working-days", "--help"],
        &["calendar", "import", "--help"],
        &["calendar", "show", "--help"],
        &["help", "list"],
    ] {
        let o = run_plain(args);
        ok(&o);
        assert!(o.stdout.contains("Usage"), "{args:?}: {}", o.stdout);
    }
    assert!(
        run_plain(&["register", "--help"])
            .stdout
            .contains("receivedAt")
    );
    assert!(run_plain(&["list", "--help"]).stdout.contains("--status"));
    assert_eq!(run_plain(&["list", "--limit", "0"]).code, 2);
}
