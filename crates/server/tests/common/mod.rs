//! A real office server on loopback for each test: a fresh data folder with its first
//! administrator, a server on a random port, and clients that trust its certificate.
#![allow(dead_code)]

pub mod figures;
pub mod processes;

use minyi_client::Client;
use minyi_core::ErrorCode;
use minyi_core::model::Role;
use minyi_core::usecases::accounts::NewUser;
use minyi_server::{Config, Running};
use minyi_service::views::SetupInput;
use minyi_service::{Office, Profile};
use serde_json::{Value, json};
use std::time::Duration;

pub const ADMIN: &str = "admin";
pub const PASSWORD: &str = "Secret-2026";

pub struct TestOffice {
    pub dir: tempfile::TempDir,
    pub server: Option<Running>,
}

/// The settings of a test server.
pub fn config(dir: &std::path::Path) -> Config {
    Config {
        data_dir: dir.to_path_buf(),
        listen: "127.0.0.1:0".parse().unwrap(),
        cert: None,
        connections: 4,
        database: None,
        hosts: vec![],
        idle_override: None,
    }
}

/// Creates the office (its administrator also runs the office and registers, with an agreement
/// on file) in `dir`.
pub fn set_up(dir: &std::path::Path) {
    set_up_on(dir, None);
}

/// Creates the office as [`set_up`] does, on the PostgreSQL database at `database` when given
/// (the server's files and attachments in `dir`), else in the SQLite file of `dir`.
pub fn set_up_on(dir: &std::path::Path, database: Option<&str>) {
    let office = match database {
        Some(url) => Office::open_postgres(dir, url, Profile::server(1)).unwrap(),
        None => Office::open(dir, Profile::server(1)).unwrap(),
    };
    minyi_service::session::setup(
        &office,
        &SetupInput {
            org_name: "某市民意诉求管理办公室".into(),
            admin: NewUser {
                username: ADMIN.into(),
                display_name: "张管理".into(),
                department_id: 0,
                roles: vec![Role::Administrator, Role::AppealsOffice, Role::IntakeClerk],
                password: PASSWORD.into(),
                agreement_signed_on: chrono::NaiveDate::from_ymd_opt(2026, 1, 5),
            },
            load_demo: false,
        },
    )
    .unwrap();
}

impl TestOffice {
    pub fn start() -> TestOffice {
        Self::start_with(|_| {})
    }

    pub fn start_with(change: impl FnOnce(&mut Config)) -> TestOffice {
        let dir = tempfile::tempdir().unwrap();
        set_up(dir.path());
        let mut c = config(dir.path());
        change(&mut c);
        let server = minyi_server::spawn(c).unwrap();
        TestOffice {
            dir,
            server: Some(server),
        }
    }

    pub fn server(&self) -> &Running {
        self.server.as_ref().unwrap()
    }

    pub fn url(&self) -> String {
        self.server().url()
    }

    /// A client trusting the server's certificate, not signed in.
    pub fn client(&self) -> Client {
        Client::new(&self.url(), Some(&self.server().started.fingerprint)).unwrap()
    }

    /// A client signed in as `user`.
    pub fn signed_in(&self, user: &str, password: &str) -> Client {
        let mut c = self.client();
        c.sign_in(user, password).unwrap();
        c
    }

    pub fn admin(&self) -> Client {
        self.signed_in(ADMIN, PASSWORD)
    }

    /// How many rows `table` has (read from the database file, beside the server).
    pub fn count(&self, table: &str) -> i64 {
        let store = minyi_core::Store::open(&self.dir.path().join("minyi.db")).unwrap();
        store
            .sql_for_tests()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }
}

/// The error code of a failed call.
pub fn code(r: Result<Value, minyi_core::CoreError>) -> ErrorCode {
    r.expect_err("the call should have been refused").code
}

/// Adds a department through the API; answers its id.
pub fn add_department(admin: &Client, name: &str) -> i64 {
    admin
        .call_value("add_department", json!({ "name": name }))
        .unwrap()
        .as_i64()
        .unwrap()
}

/// Adds a staff member with `roles` in `department`, with an agreement date (which, for a role
/// that sees personal data, waits for a second administrator: these tests do not need it).
pub fn add_user(admin: &Client, username: &str, name: &str, department: i64, roles: &[&str]) {
    admin
        .call_value(
            "create_user",
            json!({ "user": {
                "username": username, "displayName": name, "departmentId": department,
                "roles": roles, "password": "Staff-2026", "agreementSignedOn": "2026-01-05"
            }}),
        )
        .unwrap();
}

/// A walk-in complaint registered through the API; answers its id.
pub fn register(c: &Client, phone: &str, subject: &str) -> i64 {
    let r = c
        .call_value(
            "register_appeal",
            json!({ "input": {
                "appellant": {"name": "李四", "phone": phone, "address": "云江市西湖区学院路88号"},
                "channel": "walk_in", "category": "complaint",
                "subject": subject,
                "content": format!("{subject}，已经持续一个多月，希望尽快处理。"),
                "receivedAt": "2026-12-01T09:30:00+08:00"
            }}),
        )
        .unwrap();
    r["appealId"].as_i64().unwrap()
}

/// Accepts and routes an appeal to `department`.
pub fn route(c: &Client, id: i64, department: i64) {
    c.call_value(
        "initial_review",
        json!({ "appealId": id, "input": {"decision": "accept", "category": "complaint"} }),
    )
    .unwrap();
    c.call_value(
        "route_appeal",
        json!({ "appealId": id, "departmentId": department, "note": null }),
    )
    .unwrap();
}

/// A list filter with nothing set.
pub fn any_filter() -> Value {
    json!({
        "statuses": [], "category": null, "channel": null, "departmentId": null, "from": null,
        "to": null, "overdue": false, "dueSoon": false, "major": null, "text": null,
        "sort": "registered_desc", "page": 0, "pageSize": 50
    })
}

/// Waits up to `limit` for `f` to hold.
pub fn eventually(limit: Duration, mut f: impl FnMut() -> bool) -> bool {
    let began = std::time::Instant::now();
    while began.elapsed() < limit {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

const TOPICS: &[&str] = &[
    "夜间施工噪音扰民",
    "小区路灯损坏",
    "共享单车乱停放",
    "物业收费不合理",
    "电梯长期故障",
    "餐馆油烟扰民",
    "道路积水",
    "公交站台缺少遮雨棚",
    "垃圾清运不及时",
    "违章搭建",
];

/// The registration form of desk `desk`'s `n`-th appeal: its own phone number, one of the
/// office's common topics.
pub fn appeal(desk: u64, n: u64) -> Value {
    let topic = TOPICS[((desk * 7 + n) % TOPICS.len() as u64) as usize];
    json!({ "input": {
        "appellant": {"name": "王先生", "phone": format!("13{:01}{:08}", desk % 10, desk * 100_000 + n), "address": "云江市西湖区学院路88号"},
        "channel": "hotline", "category": "complaint",
        "subject": format!("{topic}（{desk}-{n}）"),
        "content": format!("{topic}，第{desk}号窗口第{n}次来电反映，已经持续一段时间，希望相关部门尽快处理并答复。"),
        "receivedAt": "2026-12-01T09:30:00+08:00"
    }})
}
