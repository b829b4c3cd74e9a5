//! `user grants|confirm|reject` with the real binary on the database file (issue 17 §2): an
//! account created with a role that sees personal data and an agreement waits; the
//! operating-system user who asked cannot confirm it; another one can; each step is in the
//! security log under the operating-system user who ran it. Through the server: `tests/server.rs`.

mod common;

use common::*;
use std::path::Path;

fn run_as(db: &Path, os_user: &str, args: &[&str]) -> Out {
    finish(
        cli()
            .env("USER", os_user)
            .env("MINYI_NEW_PASSWORD", "Lisi-2026!")
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

fn lisi(db: &Path) -> serde_json::Value {
    let users = json(&run(db, &["user", "list", "--json"]));
    users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "lisi")
        .unwrap()
        .clone()
}

#[test]
fn a_grant_waits_until_another_operating_system_user_confirms_it() {
    let (_dir, db) = fresh();
    let add = run_as(
        &db,
        "wanggong",
        &[
            "user",
            "add",
            "lisi",
            "--name",
            "李四",
            "--roles",
            "intake_clerk",
            "--agreement",
            "2026-01-05",
        ],
    );
    ok(&add);
    assert!(
        add.stdout.contains("须由另一位系统管理员确认后才生效"),
        "{}",
        add.stdout
    );
    assert_eq!(lisi(&db)["agreementSignedOn"], serde_json::Value::Null);

    let list = json(&run_as(&db, "wanggong", &["user", "grants", "--json"]));
    let rows = list["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["mayDecide"], false);
    assert_eq!(rows[0]["requestedByLabel"], "命令行（系统用户 wanggong）");
    let id = rows[0]["id"].to_string();
    let text = run_as(&db, "wanggong", &["user", "grants"]);
    ok(&text);
    assert!(
        text.stdout.contains("保密协议签订日期 2026-01-05"),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("不可以"), "{}", text.stdout);

    let own = run_as(&db, "wanggong", &["user", "confirm", &id]);
    assert_eq!(own.code, 1);
    assert!(own.stderr.contains("另一位系统管理员"), "{}", own.stderr);
    assert_eq!(lisi(&db)["agreementSignedOn"], serde_json::Value::Null);

    let o = run_as(&db, "zhaogong", &["user", "confirm", &id]);
    ok(&o);
    assert!(o.stdout.contains("已确认授权申请"), "{}", o.stdout);
    assert_eq!(lisi(&db)["agreementSignedOn"], "2026-01-05");
    let none = run(&db, &["user", "grants"]);
    ok(&none);
    assert!(
        none.stdout.contains("没有待确认的授权申请"),
        "{}",
        none.stdout
    );

    // A role added later waits too, and a rejection leaves the roles as they were.
    let set = run_as(
        &db,
        "wanggong",
        &["user", "set-roles", "lisi", "intake_clerk,management"],
    );
    ok(&set);
    assert!(set.stdout.contains("角色 管理层"), "{}", set.stdout);
    let list = json(&run(&db, &["user", "grants", "--json"]));
    let id = list["rows"][0]["id"].to_string();
    ok(&run_as(&db, "zhaogong", &["user", "reject", &id]));
    assert_eq!(lisi(&db)["roles"], serde_json::json!(["intake_clerk"]));

    let page = json(&run(&db, &["audit", "--json"]));
    let got: Vec<(String, String)> = page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .filter(|r| r["action"].as_str().unwrap().starts_with("grant_"))
        .map(|r| {
            (
                r["action"].as_str().unwrap().to_string(),
                r["actorLabel"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let w = "命令行（系统用户 wanggong）".to_string();
    let z = "命令行（系统用户 zhaogong）".to_string();
    assert_eq!(
        got,
        vec![
            ("grant_request".to_string(), w.clone()),
            ("grant_confirm".to_string(), z.clone()),
            ("grant_request".to_string(), w),
            ("grant_reject".to_string(), z),
        ]
    );
}
