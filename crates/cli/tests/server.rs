//! The command line as a client of an office server (`--server`, `--user`, `--fingerprint`): the
//! same subcommands print the same as against the database file, with the same Chinese errors;
//! an unknown fingerprint is refused, showing the one the server presented.

mod common;

use common::*;
use minyi_core::model::{Ctx, Role};
use minyi_core::usecases::accounts::{NewUser, create_user, ensure_system_user};
use std::path::Path;

/// A server on the database `db`, and the command line's arguments to reach it as `ban`, who has
/// the roles of the local command line's `system` account.
fn serve(db: &Path) -> (minyi_server::Running, Vec<String>) {
    {
        let mut store = minyi_core::Store::open(db).unwrap();
        let now = minyi_core::time::now_cst();
        let system = ensure_system_user(&mut store, now).unwrap();
        create_user(
            &mut store,
            &Ctx::new(&system, now),
            &NewUser {
                username: "ban".into(),
                display_name: "系统（命令行）".into(),
                department_id: system.department_id,
                roles: vec![Role::Administrator, Role::AppealsOffice],
                password: "Secret-2026".into(),
                agreement_signed_on: system.agreement_signed_on,
            },
        )
        .unwrap();
        // "ban" sees personal data as the local command line does (a second administrator's
        // confirmation, which `tests/grants.rs` covers, is not what these tests are about).
        minyi_core::testing::confirm_grants_directly(&mut store).unwrap();
    }
    let server = minyi_server::spawn(minyi_server::Config {
        data_dir: db.parent().unwrap().to_path_buf(),
        listen: "127.0.0.1:0".parse().unwrap(),
        cert: None,
        connections: 2,
        database: None,
        hosts: vec![],
        idle_override: None,
    })
    .unwrap();
    let args = vec![
        "--server".to_string(),
        server.url(),
        "--user".into(),
        "ban".into(),
        "--fingerprint".into(),
        server.started.fingerprint.clone(),
    ];
    (server, args)
}

fn remote(args: &[String], more: &[&str]) -> Out {
    let mut c = cli();
    c.env("MINYI_PASSWORD", "Secret-2026").args(args).args(more);
    finish(c.output().unwrap())
}

/// The database of a server: `minyi.db` in its data folder.
fn office() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("minyi.db");
    ok(&run(&db, &["init"]));
    (dir, db)
}

#[test]
fn the_same_subcommands_print_the_same_against_the_server() {
    let (dir, db) = office();
    let (_server, args) = serve(&db);
    // The same registration against the server and against a file of its own (so that neither
    // finds the other as a likely duplicate): the outputs differ in the number alone.
    let file = dir.path().join("appeal.json");
    std::fs::write(&file, appeal_json("13912345678", "学院路路灯损坏")).unwrap();
    let far = remote(&args, &["register", "--json", file.to_str().unwrap()]);
    ok(&far);
    let (_other, other_db) = office();
    let local = run(&other_db, &["register", "--json", file.to_str().unwrap()]);
    ok(&local);
    let strip = |s: &str, n: &str| s.replace(n, "N");
    assert_eq!(
        strip(&local.stdout, &reg_number(&local.stdout)),
        strip(&far.stdout, &reg_number(&far.stdout))
    );
    let local = register_file(dir.path(), &db, "13812345678", "翠苑小区夜间施工噪音扰民");
    ok(&local);

    for cmd in [
        vec!["list", "--json"],
        vec!["list"],
        vec!["show", &reg_number(&far.stdout)],
        vec!["show", &reg_number(&local.stdout), "--json"],
        vec![
            "stats",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--json",
        ],
        vec![
            "weak-links",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--json",
        ],
        vec!["weak-links", "--from", "2026-01-01", "--to", "2026-12-31"],
        vec!["check"],
    ] {
        let here = run(&db, &cmd);
        let there = remote(&args, &cmd);
        ok(&here);
        ok(&there);
        if cmd == ["check"] {
            // The check names what it checked: the file or the server.
            assert_eq!(
                here.stdout.lines().skip(1).collect::<Vec<_>>(),
                there.stdout.lines().skip(1).collect::<Vec<_>>()
            );
        } else {
            assert_eq!(here.stdout, there.stdout, "{cmd:?}");
        }
    }

    // Files come down to where --out says.
    let out_local = dir.path().join("local.xlsx");
    let out_far = dir.path().join("far.xlsx");
    ok(&run(
        &db,
        &["export", "ledger", "--out", out_local.to_str().unwrap()],
    ));
    let o = remote(
        &args,
        &["export", "ledger", "--out", out_far.to_str().unwrap()],
    );
    ok(&o);
    assert!(o.stdout.contains("2 件诉求"), "{}", o.stdout);
    let cells = |p: &Path| {
        use calamine::Reader;
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(p).unwrap();
        let name = book.sheet_names()[0].clone();
        let range = book.worksheet_range(&name).unwrap();
        range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>())
            .collect::<Vec<_>>()
    };
    assert_eq!(cells(&out_local), cells(&out_far));
    let pdf = dir.path().join("sheet.pdf");
    let o = remote(
        &args,
        &[
            "print",
            "sheet",
            &reg_number(&far.stdout),
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    ok(&o);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
}

#[test]
fn an_import_uploads_and_its_report_comes_back_beside_the_file() {
    let (dir, db) = office();
    let (_server, args) = serve(&db);
    let t = (minyi_core::time::now_cst() - chrono::Duration::hours(2)).format("%Y-%m-%d %H:%M");
    let csv = dir.path().join("微信.csv");
    std::fs::write(
        &csv,
        format!("姓名,电话,标题,内容,时间\n张三,13812345678,夜间施工噪音,小区旁工地夜里施工。,{t}\n李四,12345,路灯不亮,路灯坏了两周。,{t}\n"),
    )
    .unwrap();
    let o = remote(
        &args,
        &["import", csv.to_str().unwrap(), "--channel", "wechat"],
    );
    ok(&o);
    assert!(o.stdout.contains("共 2 行，登记 1 件"), "{}", o.stdout);
    assert!(dir.path().join("微信-导入报告.xlsx").exists());
    // The command signed out when it was done: the server keeps no session, and none of the
    // files that crossed (the upload, the report) stays in its data folder.
    assert_no_transfers_left(dir.path());
}

/// Nothing under the server's `transfers/`: every session the command line began has ended.
fn assert_no_transfers_left(data_dir: &Path) {
    let left: Vec<_> = std::fs::read_dir(data_dir.join("transfers"))
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn mistakes_and_an_untrusted_server_are_explained_in_chinese() {
    let (_dir, db) = office();
    let (server, mut args) = serve(&db);
    // A command that works on the file alone.
    let o = remote(&args, &["demo", "--appeals", "10"]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("只能在本机的数据库文件上运行"),
        "{}",
        o.stderr
    );
    // The same error as locally.
    let here = run(&db, &["show", "20200101-0001"]);
    let there = remote(&args, &["show", "20200101-0001"]);
    assert_eq!(here.code, 1);
    assert_eq!(here.stderr, there.stderr);
    // A wrong password.
    let mut c = cli();
    c.env("MINYI_PASSWORD", "wrong").args(&args).arg("list");
    let o = finish(c.output().unwrap());
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("登录名或密码不正确"), "{}", o.stderr);
    // No fingerprint: refused, with the one the server presented.
    args.truncate(4);
    let o = remote(&args, &["list"]);
    assert_eq!(o.code, 1);
    let shown = minyi_client::readable(&server.started.fingerprint);
    assert!(o.stderr.contains(&shown), "{}", o.stderr);
}

#[test]
fn a_grant_asked_for_on_the_file_is_confirmed_through_the_server() {
    let (_dir, db) = office();
    let (_server, args) = serve(&db);
    let mut c = cli();
    c.env("USER", "wanggong")
        .env("MINYI_NEW_PASSWORD", "Lisi-2026!")
        .arg("--db")
        .arg(&db)
        .args([
            "user",
            "add",
            "lisi",
            "--name",
            "李四",
            "--roles",
            "handler",
            "--agreement",
            "2026-01-05",
        ]);
    let o = finish(c.output().unwrap());
    ok(&o);
    assert!(
        o.stdout.contains("须由另一位系统管理员确认"),
        "{}",
        o.stdout
    );
    let list = remote(&args, &["user", "grants", "--json"]);
    ok(&list);
    let list: serde_json::Value = serde_json::from_str(&list.stdout).unwrap();
    assert_eq!(list["rows"][0]["mayDecide"], true);
    let id = list["rows"][0]["id"].to_string();
    let o = remote(&args, &["user", "confirm", &id]);
    ok(&o);
    assert!(o.stdout.contains("已确认"), "{}", o.stdout);
    let again = remote(&args, &["user", "reject", &id]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("已确认"), "{}", again.stderr);
}
