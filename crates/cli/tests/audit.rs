//! `user`, `audit` and `access-log` with the real binary: accounts scripted by an administrator,
//! each act in the security log under the operating-system user who ran the command, filters and
//! `--json`, the access log of a `show --personal-data`, and `check` finding a tampered log.

mod common;

use common::*;
use std::path::Path;

/// Runs `minyi-cli --db DB args…` as the operating-system user `os_user`, with `password` as the
/// new password of `user add` / `user reset-password`.
fn run_as(db: &Path, os_user: &str, password: &str, args: &[&str]) -> Out {
    finish(
        cli()
            .env("USER", os_user)
            .env("MINYI_NEW_PASSWORD", password)
            .arg("--db")
            .arg(db)
            .args(args)
            .output()
            .unwrap(),
    )
}

fn json(o: &Out) -> serde_json::Value {
    ok(o);
    serde_json::from_str(&o.stdout).unwrap()
}

#[test]
fn scripted_accounts_are_logged_under_the_os_user_and_filtered() {
    let (_dir, db) = fresh();
    ok(&run_as(
        &db,
        "wanggong",
        "Lisi-2026!",
        &[
            "user",
            "add",
            "lisi",
            "--name",
            "李四",
            "--roles",
            "intake_clerk",
        ],
    ));
    ok(&run_as(
        &db,
        "wanggong",
        "",
        &["user", "set-roles", "lisi", "intake_clerk,appeals_office"],
    ));
    ok(&run_as(
        &db,
        "zhaogong",
        "Reset-2026!",
        &["user", "reset-password", "lisi"],
    ));
    ok(&run_as(
        &db,
        "zhaogong",
        "",
        &["user", "deactivate", "lisi"],
    ));
    let users = json(&run(&db, &["user", "list", "--json"]));
    let lisi = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "lisi")
        .unwrap();
    assert_eq!(
        lisi["roles"],
        serde_json::json!(["intake_clerk", "appeals_office"])
    );
    assert_eq!(lisi["active"], false);

    let page = json(&run(&db, &["audit", "--json"]));
    let rows = page["rows"].as_array().unwrap();
    let got: Vec<(&str, &str)> = rows
        .iter()
        .rev()
        .map(|r| {
            (
                r["action"].as_str().unwrap(),
                r["actorLabel"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("user_create", "命令行（系统用户 wanggong）"),
            ("role_change", "命令行（系统用户 wanggong）"),
            ("password_reset", "命令行（系统用户 zhaogong）"),
            ("user_deactivate", "命令行（系统用户 zhaogong）"),
        ]
    );
    assert!(!page.to_string().contains("Reset-2026"));
    let only = json(&run(&db, &["audit", "--action", "role_change", "--json"]));
    assert_eq!(only["total"], 1);
    assert_eq!(
        only["rows"][0]["detail"]["to"],
        serde_json::json!(["intake_clerk", "appeals_office"])
    );
    let none = json(&run(
        &db,
        &[
            "audit",
            "--from",
            "2000-01-01",
            "--to",
            "2000-12-31",
            "--json",
        ],
    ));
    assert_eq!(none["total"], 0);
    // The text form is a table with Chinese headers.
    let text = run(&db, &["audit"]);
    ok(&text);
    assert!(
        text.stdout.contains("安全日志") && text.stdout.contains("变更角色"),
        "{}",
        text.stdout
    );
    // An unknown action is refused in Chinese.
    let bad = run(&db, &["audit", "--action", "nonsense"]);
    assert_eq!(bad.code, 1);
    assert!(bad.stderr.contains("操作类型"), "{}", bad.stderr);
    // The deactivated account can no longer be set up again by mistake under another name.
    let missing = run(&db, &["user", "deactivate", "nobody"]);
    assert_eq!(missing.code, 1);
    assert!(missing.stderr.contains("找不到"), "{}", missing.stderr);
}

#[test]
fn viewing_personal_data_is_in_the_access_log_and_tampering_fails_check() {
    let (dir, db) = fresh();
    let reg = reg_number(&register_file(dir.path(), &db, "13812345678", "路灯不亮").stdout);
    ok(&run(&db, &["--personal-data", "show", &reg]));
    let page = json(&run(&db, &["access-log", "--json", "--what", "appellant"]));
    assert_eq!(page["total"], 1);
    assert_eq!(page["rows"][0]["regNumber"], reg.as_str());
    let text = run(&db, &["access-log"]);
    ok(&text);
    assert!(text.stdout.contains(&reg), "{}", text.stdout);
    ok(&run(&db, &["check"]));
    {
        let store = minyi_core::Store::open(&db).unwrap();
        store
            .sql_for_tests()
            .execute_batch(
                "DROP TRIGGER access_log_no_update; UPDATE access_log SET purpose = '无';",
            )
            .unwrap();
    }
    let bad = run(&db, &["check"]);
    assert_eq!(bad.code, 1);
    assert!(bad.stdout.contains("个人信息访问记录"), "{}", bad.stdout);
}

#[test]
fn show_history_lists_the_same_callers_other_appeals_and_is_logged() {
    let (dir, db) = fresh();
    let first = reg_number(&register_file(dir.path(), &db, "13812345678", "路灯不亮").stdout);
    let second = reg_number(&register_file(dir.path(), &db, "13812345678", "井盖松动").stdout);
    // Another phone, but the same name and address as the form of `register_file`.
    let other = reg_number(&register_file(dir.path(), &db, "13900000000", "垃圾清运").stdout);
    let o = run(&db, &["show", &second, "--history"]);
    ok(&o);
    assert!(
        o.stdout.contains("诉求人的历次诉求（共 2 件，从新到旧）"),
        "{}",
        o.stdout
    );
    let line = |reg: &str| {
        o.stdout
            .lines()
            .find(|l| l.contains(reg))
            .unwrap_or("")
            .to_string()
    };
    assert!(
        line(&first).contains("（此前）") && line(&first).contains("同一电话"),
        "{}",
        o.stdout
    );
    assert!(
        line(&other).contains("（此后）") && !line(&other).contains("同一电话"),
        "{}",
        o.stdout
    );
    assert!(line(&other).contains("同一姓名和地址"), "{}", o.stdout);
    let v = json(&run(&db, &["show", &first, "--history", "--json"]));
    assert_eq!(v["detail"]["appeal"]["regNumber"], first.as_str());
    let appeals = v["history"]["appeals"].as_array().unwrap();
    let numbers: Vec<&str> = appeals
        .iter()
        .map(|a| a["regNumber"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, [other.as_str(), second.as_str()], "newest first");
    assert_eq!(appeals[1]["matchedOn"][0], "phone");
    // Without --history nothing is looked up or logged.
    ok(&run(&db, &["show", &other]));
    let page = json(&run(
        &db,
        &["access-log", "--json", "--what", "appellant_history"],
    ));
    assert_eq!(page["total"], 2);
    let text = run(&db, &["access-log"]);
    assert!(
        text.stdout.contains("查看诉求人的历次诉求"),
        "{}",
        text.stdout
    );
}
