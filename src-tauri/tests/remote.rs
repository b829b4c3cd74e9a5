//! The desktop in 联网 mode against a real office server on loopback: the window's requests run on
//! the server, the file an export made lands in the data folder's `exports/` as in 单机 mode,
//! another desk's change arrives as `data-changed`, and a stopped server turns the state to 正在重连
//! then 无法连接 — with nothing written to the local data folder.

use minyi_app::commands::Wire;
use minyi_app::remote::{Events, Remote};
use minyi_core::ErrorCode;
use minyi_core::model::Role;
use minyi_core::usecases::accounts::NewUser;
use minyi_service::views::SetupInput;
use minyi_service::{Office, OutputKind, Profile};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const PASSWORD: &str = "Secret-2026";

fn serve(dir: &std::path::Path) -> minyi_server::Running {
    let office = Office::open(dir, Profile::server(1)).unwrap();
    minyi_service::session::setup(
        &office,
        &SetupInput {
            org_name: "某市民意诉求管理办公室".into(),
            admin: NewUser {
                username: "admin".into(),
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
    drop(office);
    minyi_server::spawn(minyi_server::Config {
        data_dir: dir.to_path_buf(),
        listen: "127.0.0.1:0".parse().unwrap(),
        cert: None,
        connections: 2,
        hosts: vec![],
        database: None,
        idle_override: None,
    })
    .unwrap()
}

fn registration(subject: &str) -> Value {
    json!({ "input": {
        "appellant": {"name": "李四", "phone": "13912345678", "address": "云江市西湖区学院路88号"},
        "channel": "walk_in", "category": "complaint",
        "subject": subject,
        "content": format!("{subject}，已经持续一个多月，希望尽快处理。"),
        "receivedAt": "2026-12-01T09:30:00+08:00"
    }})
}

fn wire(command: &str, args: Value) -> Wire {
    Wire {
        command: command.into(),
        args,
    }
}

fn eventually(limit: Duration, mut f: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    f()
}

#[test]
fn the_desktop_works_on_the_server_and_follows_its_events() {
    let server_dir = tempfile::tempdir().unwrap();
    let server = serve(server_dir.path());
    let fingerprint = server.started.fingerprint.clone();
    let data = tempfile::tempdir().unwrap();

    let seen: Arc<Mutex<Vec<(&'static str, Value)>>> = Arc::default();
    let log = seen.clone();
    let events: Events = Arc::new(move |name, payload| log.lock().unwrap().push((name, payload)));
    let count = |name: &str, payload: Option<Value>| {
        seen.lock()
            .unwrap()
            .iter()
            .filter(|(n, p)| *n == name && payload.as_ref().is_none_or(|w| w == p))
            .count()
    };

    let remote = Remote::new(events, &server.url(), &fingerprint).unwrap();
    let info = remote.sign_in("admin", PASSWORD).unwrap();
    assert_eq!(info.username, "admin");
    let status = remote.status(data.path()).unwrap();
    assert!(status.session.is_some() && !status.needs_setup);

    // A write runs on the server and says it changed data.
    let (result, changed, to_open) = remote.call(
        wire("register_appeal", registration("学院路路灯损坏")),
        data.path(),
        None,
    );
    assert!(result.unwrap()["appealId"].as_i64().is_some());
    assert!(changed && to_open.is_empty());

    // Another desk's registration arrives as the window's `data-changed`.
    assert!(eventually(Duration::from_secs(5), || count(
        "connection-state",
        Some(json!("connected"))
    ) > 0));
    let before = count("data-changed", None);
    let mut other = minyi_client::Client::new(&server.url(), Some(&fingerprint)).unwrap();
    other.sign_in("admin", PASSWORD).unwrap();
    other
        .call_value("register_appeal", registration("小区噪音扰民"))
        .unwrap();
    assert!(
        eventually(Duration::from_secs(2), || count("data-changed", None)
            > before),
        "another desk's change reaches this window within 2 s"
    );

    // An export made on the server lands in the data folder's exports/, to be opened there.
    let (result, changed, to_open) =
        remote.call(wire("export_security_log", json!({})), data.path(), None);
    let value = result.unwrap();
    assert!(!changed);
    let path = std::path::PathBuf::from(value["path"].as_str().unwrap());
    assert_eq!(path.parent().unwrap(), data.path().join("exports"));
    assert_eq!(to_open, vec![(path.clone(), OutputKind::Export)]);
    assert_eq!(&std::fs::read(&path).unwrap()[..2], b"PK");

    // Saved where the user chose: nothing to open.
    let chosen = data.path().join("给领导.xlsx");
    let (result, _, to_open) = remote.call(
        wire("export_security_log", json!({})),
        data.path(),
        Some(chosen.clone()),
    );
    result.unwrap();
    assert!(to_open.is_empty() && chosen.is_file());

    // The idle lock holds in 联网 mode: the office's idle time (set on the server, read at
    // sign-in); locked, every request is refused here, without reaching the server, until the
    // password (checked by the server) unlocks it.
    other
        .call_value(
            "set_setting",
            json!({"key": "lockout.idle_lock_minutes", "value": "30"}),
        )
        .unwrap();
    remote.sign_in("admin", PASSWORD).unwrap();
    let now = minyi_service::idle_lock::Moment::now();
    let idle = remote.idle_state(now).unwrap();
    assert!(!idle.locked);
    assert_eq!(idle.idle_minutes, 30);
    assert!(remote.input(now).is_ok());
    remote.lock_now().unwrap();
    assert!(remote.idle_state(now).unwrap().locked);
    let (result, changed, _) = remote.call(
        wire("register_appeal", registration("锁定时的登记")),
        data.path(),
        None,
    );
    assert_eq!(result.unwrap_err().code, ErrorCode::WindowLocked);
    assert!(!changed);
    assert_eq!(remote.input(now).unwrap_err().code, ErrorCode::WindowLocked);
    assert_eq!(
        remote.unlock("Wrong-2026").unwrap_err().code,
        ErrorCode::Auth
    );
    assert!(
        remote.idle_state(now).unwrap().locked,
        "a wrong password unlocks nothing"
    );
    assert_eq!(remote.unlock(PASSWORD).unwrap().username, "admin");
    assert!(
        !remote
            .idle_state(minyi_service::idle_lock::Moment::now())
            .unwrap()
            .locked
    );
    // The lock and the unlocks are in the office's security log, as 单机 mode writes them.
    let log = other
        .call_value("security_log", json!({"limit": 20}))
        .unwrap();
    let actions: Vec<&str> = log["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    for action in ["window_lock", "window_unlock_failed", "window_unlock"] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
    let (result, _, _) = remote.call(
        wire("list_appeals", json!({"filter": {}})),
        data.path(),
        None,
    );
    result.unwrap();

    // The server stops: the window hears 正在重连, then 无法连接; a write is refused, not done here.
    server.stop().unwrap();
    assert!(eventually(Duration::from_secs(10), || count(
        "connection-state",
        Some(json!("unreachable"))
    ) > 0));
    assert!(count("connection-state", Some(json!("reconnecting"))) > 0);
    let (result, changed, _) = remote.call(
        wire("register_appeal", registration("断网时的登记")),
        data.path(),
        None,
    );
    assert_eq!(result.unwrap_err().code, ErrorCode::Unreachable);
    assert!(!changed);
    assert!(!data.path().join(minyi_service::DB_FILE).exists());
    remote.stop();
}

#[test]
fn a_changed_certificate_is_refused_and_said_so() {
    let server_dir = tempfile::tempdir().unwrap();
    let server = serve(server_dir.path());
    let seen: Arc<Mutex<Vec<(&'static str, Value)>>> = Arc::default();
    let log = seen.clone();
    let events: Events = Arc::new(move |name, payload| log.lock().unwrap().push((name, payload)));
    let logged = || -> i64 {
        let store = minyi_core::Store::open(&server_dir.path().join("minyi.db")).unwrap();
        store
            .sql_for_tests()
            .query_row("SELECT count(*) FROM security_log", [], |r| r.get(0))
            .unwrap()
    };
    let before = logged();
    // The fingerprint this desktop trusted is not the one the server now presents.
    let remote = Remote::new(events, &server.url(), &"AB".repeat(32)).unwrap();
    let e = remote.sign_in("admin", PASSWORD).unwrap_err();
    assert_eq!(e.code, ErrorCode::Untrusted);
    assert!(
        e.message.contains("证书指纹与已信任的不一致"),
        "{}",
        e.message
    );
    // The password never reached the server: no session, no failed sign-in recorded.
    assert_eq!(
        remote.state(),
        minyi_app::connection::ConnectionState::Untrusted
    );
    assert!(
        seen.lock()
            .unwrap()
            .iter()
            .any(|(n, p)| *n == "connection-state" && *p == json!("untrusted"))
    );
    assert_eq!(logged(), before);
    // The window still starts, at sign-in, where the state is shown.
    let status = remote.status(server_dir.path()).unwrap();
    assert!(status.session.is_none() && !status.needs_setup);
}

#[test]
fn a_restarted_server_locks_the_window_and_the_password_goes_on() {
    let server_dir = tempfile::tempdir().unwrap();
    let server = serve(server_dir.path());
    let (addr, fingerprint) = (server.started.addr, server.started.fingerprint.clone());
    let data = tempfile::tempdir().unwrap();
    let seen: Arc<Mutex<Vec<(&'static str, Value)>>> = Arc::default();
    let log = seen.clone();
    let events: Events = Arc::new(move |name, payload| log.lock().unwrap().push((name, payload)));
    let count = |name: &str, payload: Option<Value>| {
        seen.lock()
            .unwrap()
            .iter()
            .filter(|(n, p)| *n == name && payload.as_ref().is_none_or(|w| w == p))
            .count()
    };
    let remote = Remote::new(events, &server.url(), &fingerprint).unwrap();
    remote.sign_in("admin", PASSWORD).unwrap();
    assert!(eventually(Duration::from_secs(5), || count(
        "connection-state",
        Some(json!("connected"))
    ) > 0));

    // The server stops; while it is away the session ends (sessions are rows of the database and
    // outlive a restart: here they are removed, as the idle sweep of another server process
    // would); it comes back on the same address with the same data and no longer knows it.
    server.stop().unwrap();
    {
        let store = minyi_core::Store::open(&server_dir.path().join("minyi.db")).unwrap();
        store
            .sql_for_tests()
            .execute("DELETE FROM server_sessions", [])
            .unwrap();
    }
    assert!(eventually(Duration::from_secs(10), || count(
        "connection-state",
        Some(json!("reconnecting"))
    ) > 0));
    // A call of the window finds it away: 无法连接 at once, and the listener's next attempts do
    // not turn the header back to 正在重连.
    let (result, _, _) = remote.call(
        wire("register_appeal", registration("停机时的登记")),
        data.path(),
        None,
    );
    assert_eq!(result.unwrap_err().code, ErrorCode::Unreachable);
    let reconnecting = count("connection-state", Some(json!("reconnecting")));
    std::thread::sleep(Duration::from_millis(3500));
    assert_eq!(
        remote.state(),
        minyi_app::connection::ConnectionState::Unreachable
    );
    assert_eq!(
        count("connection-state", Some(json!("reconnecting"))),
        reconnecting
    );

    let connected_before = count("connection-state", Some(json!("connected")));
    let again = minyi_server::spawn(minyi_server::Config {
        data_dir: server_dir.path().to_path_buf(),
        listen: addr,
        cert: None,
        connections: 2,
        hosts: vec![],
        database: None,
        idle_override: None,
    })
    .unwrap();
    assert_eq!(again.started.fingerprint, fingerprint);

    // The window hears it is connected again and that the session ended there: it locks.
    assert!(
        eventually(Duration::from_secs(20), || count(
            minyi_app::remote::SESSION_ENDED,
            None
        ) > 0),
        "the window is told the session ended"
    );
    assert!(count("connection-state", Some(json!("connected"))) > connected_before);
    assert_eq!(
        remote.state(),
        minyi_app::connection::ConnectionState::Connected
    );

    // A write meanwhile is refused as a locked window (the page stays), and nothing is written.
    let (result, changed, _) = remote.call(
        wire("register_appeal", registration("重启后的登记")),
        data.path(),
        None,
    );
    assert_eq!(result.unwrap_err().code, ErrorCode::WindowLocked);
    assert!(!changed);

    // The password signs in again on the server; the same write then goes through, once.
    assert_eq!(remote.unlock(PASSWORD).unwrap().username, "admin");
    let (result, changed, _) = remote.call(
        wire("register_appeal", registration("重启后的登记")),
        data.path(),
        None,
    );
    assert!(result.unwrap()["appealId"].as_i64().is_some() && changed);
    remote.stop();
    again.stop().unwrap();
    let store = minyi_core::Store::open(&server_dir.path().join("minyi.db")).unwrap();
    let appeals: i64 = store
        .sql_for_tests()
        .query_row("SELECT count(*) FROM appeals", [], |r| r.get(0))
        .unwrap();
    assert_eq!(appeals, 1);
}
