//! The server's state lives in the office's database (issue 22), so it survives what a process's
//! memory would not: a restart on the same data folder keeps everyone signed in with their files,
//! and two server instances on one database share sessions (a sign-out or an expiry on one ends
//! the session on the other at once), the count of failed sign-ins per desk, the portal's count
//! per address, its captchas and its citizens' sessions.

mod common;

use common::{ADMIN, PASSWORD, TestOffice, any_filter, config, set_up};
use minyi_client::Client;
use minyi_core::store::settings::SettingKey;
use minyi_core::{ErrorCode, Store};
use minyi_server::Running;
use minyi_server::portal::PortalConfig;
use minyi_service::{Office, Profile};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::Duration;

/// A client of `server` holding `token`.
fn client_of(server: &Running, token: Option<&str>) -> Client {
    let mut c = Client::new(&server.url(), Some(&server.started.fingerprint)).unwrap();
    c.set_token(token.map(str::to_string));
    c
}

fn list(c: &Client) -> Result<Value, minyi_core::CoreError> {
    c.call_value("list_appeals", json!({ "filter": any_filter() }))
}

#[test]
fn a_restart_on_the_same_data_folder_keeps_everyone_signed_in_with_their_files() {
    let mut office = TestOffice::start();
    let admin = office.admin();
    let token = admin.token().unwrap().to_string();
    let letter = office.dir.path().join("来信.txt");
    std::fs::write(&letter, "来信扫描件").unwrap();
    let file = admin.upload(&letter).unwrap();
    office.server.take().unwrap().stop().unwrap();

    let server = minyi_server::spawn(config(office.dir.path())).unwrap();
    let again = client_of(&server, Some(&token));
    assert!(list(&again).is_ok(), "still signed in after the restart");
    let back = office.dir.path().join("back.txt");
    again.download(&file, &back).unwrap();
    assert_eq!(std::fs::read_to_string(&back).unwrap(), "来信扫描件");
    server.stop().unwrap();
}

#[test]
fn two_servers_on_one_database_share_sessions_and_a_sign_out_ends_it_on_both() {
    let office = TestOffice::start();
    let b = minyi_server::spawn(config(office.dir.path())).unwrap();
    let on_a = office.admin();
    let token = on_a.token().unwrap().to_string();
    let mut on_b = client_of(&b, Some(&token));
    assert!(
        list(&on_b).is_ok(),
        "a session begun on A is signed in on B"
    );
    // A file uploaded through B is downloaded through A.
    let letter = office.dir.path().join("letter.txt");
    std::fs::write(&letter, "经 B 上传").unwrap();
    let file = on_b.upload(&letter).unwrap();
    let got = office.dir.path().join("got.txt");
    on_a.download(&file, &got).unwrap();
    assert_eq!(std::fs::read_to_string(&got).unwrap(), "经 B 上传");

    on_b.sign_out().unwrap();
    let e = list(&on_a).unwrap_err();
    assert_eq!(
        e.code,
        ErrorCode::NotSignedIn,
        "signed out on B, refused on A at once"
    );
    assert_eq!(office.count("server_sessions"), 0);
    assert_eq!(office.count("server_session_files"), 0);
    b.stop().unwrap();
}

#[test]
fn a_session_idle_on_both_servers_expires_on_either() {
    let idle = |c: &mut minyi_server::Config| c.idle_override = Some(Duration::from_millis(400));
    let office = TestOffice::start_with(idle);
    let mut cb = config(office.dir.path());
    idle(&mut cb);
    let b = minyi_server::spawn(cb).unwrap();
    let on_a = office.admin();
    let on_b = client_of(&b, on_a.token());
    // In use on one server or the other, it stays alive past its idle time.
    for i in 0..6 {
        let c = if i % 2 == 0 { &on_a } else { &on_b };
        assert!(list(c).is_ok(), "in use, request {i}");
        std::thread::sleep(Duration::from_millis(150));
    }
    std::thread::sleep(Duration::from_millis(700));
    let e = list(&on_b).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotSignedIn);
    assert!(e.message.contains("超时"), "{}", e.message);
    assert_eq!(list(&on_a).unwrap_err().code, ErrorCode::NotSignedIn);
    b.stop().unwrap();
}

#[test]
fn failed_sign_ins_from_one_desk_are_counted_across_servers() {
    let dir = tempfile::tempdir().unwrap();
    set_up(dir.path());
    {
        let store = Store::open(&dir.path().join("minyi.db")).unwrap();
        minyi_core::testing::set_setting(&store, SettingKey::LockoutAddressFailures, "4").unwrap();
    }
    let a = minyi_server::spawn(config(dir.path())).unwrap();
    let b = minyi_server::spawn(config(dir.path())).unwrap();
    for i in 0..4 {
        let server = if i % 2 == 0 { &a } else { &b };
        let e = client_of(server, None)
            .sign_in("nobody", "Wrong-2026")
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::Auth, "failure {i}");
    }
    // Two failures on each server: four from this desk, the limit.
    for server in [&a, &b] {
        let e = client_of(server, None)
            .sign_in(ADMIN, PASSWORD)
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::Locked);
        assert!(e.message.contains("这台电脑"), "{}", e.message);
    }
    a.stop().unwrap();
    b.stop().unwrap();
}

/// A server with the portal in plain HTTP (behind the office's proxy) on the data folder `dir`.
fn portal_server(dir: &Path) -> (Running, SocketAddr) {
    let server = minyi_server::spawn_with_portal(
        config(dir),
        Some(PortalConfig {
            listen: "127.0.0.1:0".parse().unwrap(),
            behind_proxy: true,
        }),
    )
    .unwrap();
    let portal = server.started.portal_addr.unwrap();
    (server, portal)
}

struct Answer {
    status: u16,
    head: String,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {} {}", self.status, self.body))
    }

    fn cookie(&self) -> String {
        let line = self
            .head
            .lines()
            .find(|l| {
                l.to_ascii_lowercase()
                    .starts_with("set-cookie: portal_session=")
            })
            .unwrap_or_else(|| panic!("no session cookie: {} {}", self.head, self.body));
        let v = line.split_once(": ").unwrap().1;
        v.split(';').next().unwrap().to_string()
    }
}

/// One HTTP/1.1 request to a portal from the client address `from` (as the proxy tells it).
fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: Option<&Value>,
    from: &str,
    cookie: Option<&str>,
) -> Answer {
    let mut s = TcpStream::connect(addr).unwrap();
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nX-Forwarded-For: {from}\r\n"
    );
    if method == "POST" {
        req.push_str(&format!(
            "Origin: http://{addr}\r\nContent-Type: application/json\r\n"
        ));
    }
    if let Some(c) = cookie {
        req.push_str(&format!("Cookie: {c}\r\n"));
    }
    req.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    s.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    Answer {
        status: head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0),
        head: head.to_string(),
        body: body.to_string(),
    }
}

const INFO: &str = "/public-api/v1/portal";

fn submission(phone: &str) -> Value {
    json!({
        "category": "complaint",
        "subject": "路灯不亮",
        "content": "小区门口的路灯已经坏了一个多月，晚上出行很不安全，希望尽快修好。",
        "name": "王五",
        "phone": phone,
        "address": "云江市西湖区学院路88号",
    })
}

#[test]
fn two_portals_on_one_database_count_an_address_once_and_share_captchas_and_sessions() {
    let dir = tempfile::tempdir().unwrap();
    set_up(dir.path());
    {
        let store = Store::open(&dir.path().join("minyi.db")).unwrap();
        minyi_core::testing::set_setting(&store, SettingKey::PortalCaptchaAfter, "2").unwrap();
    }
    let (a_server, a) = portal_server(dir.path());
    let (b_server, b) = portal_server(dir.path());
    let from = "203.0.113.7";
    let first = request(
        a,
        "POST",
        "/public-api/v1/appeals",
        Some(&submission("13812345678")),
        from,
        None,
    );
    assert_eq!(first.status, 201, "{}", first.body);
    assert_eq!(
        request(a, "GET", INFO, None, from, None).json()["captchaNeeded"],
        false
    );
    let second = request(
        b,
        "POST",
        "/public-api/v1/appeals",
        Some(&submission("13912345678")),
        from,
        None,
    );
    assert_eq!(second.status, 201, "{}", second.body);
    // One on each portal: two from this address, so both ask it for a captcha now.
    for portal in [a, b] {
        assert_eq!(
            request(portal, "GET", INFO, None, from, None).json()["captchaNeeded"],
            true
        );
        assert_eq!(
            request(portal, "GET", INFO, None, "198.51.100.9", None).json()["captchaNeeded"],
            false,
            "another address is counted apart"
        );
    }

    // A captcha drawn by A shows on B, and an answer on B uses it up for A.
    let captcha = request(a, "POST", "/public-api/v1/captcha", None, from, None).json();
    let id = captcha["id"].as_str().unwrap().to_string();
    let image = request(b, "GET", &format!("/captcha/{id}.png"), None, from, None);
    assert_eq!(image.status, 200);
    assert!(
        image
            .head
            .to_ascii_lowercase()
            .contains("content-type: image/png")
    );
    let mut wrong = submission("13712345678");
    wrong["captchaId"] = id.clone().into();
    wrong["captcha"] = "????".into();
    let refused = request(
        b,
        "POST",
        "/public-api/v1/appeals",
        Some(&wrong),
        from,
        None,
    );
    assert_eq!(
        refused.json()["code"],
        "captcha_required",
        "{}",
        refused.body
    );
    assert_eq!(
        request(a, "GET", &format!("/captcha/{id}.png"), None, from, None).status,
        404,
        "answered on B: gone on A"
    );

    // A citizen signed in on A is signed in on B; signed out on B, out on A.
    let creds = json!({"phone": "13700001111", "password": "Citizen-2026"});
    let reg = request(
        a,
        "POST",
        "/public-api/v1/account/register",
        Some(&creds),
        "192.0.2.1",
        None,
    );
    assert_eq!(reg.status, 201, "{}", reg.body);
    let cookie = reg.cookie();
    assert_eq!(
        request(
            b,
            "GET",
            "/public-api/v1/mine",
            None,
            "192.0.2.1",
            Some(&cookie)
        )
        .status,
        200
    );
    let out = request(
        b,
        "POST",
        "/public-api/v1/account/sign-out",
        None,
        "192.0.2.1",
        Some(&cookie),
    );
    assert_eq!(out.status, 204);
    assert_eq!(
        request(
            a,
            "GET",
            "/public-api/v1/mine",
            None,
            "192.0.2.1",
            Some(&cookie)
        )
        .status,
        401
    );
    a_server.stop().unwrap();
    b_server.stop().unwrap();
}

#[test]
fn a_captcha_kept_by_one_office_is_solved_through_another_once() {
    let dir = tempfile::tempdir().unwrap();
    set_up(dir.path());
    let one = Office::open(dir.path(), Profile::server(1)).unwrap();
    let other = Office::open(dir.path(), Profile::server(1)).unwrap();
    let life = Duration::from_secs(600);
    use minyi_service::server_state as state;
    state::add_captcha(&one, "captcha-id", "Ab3d", b"\x89PNG", life, 100).unwrap();
    assert_eq!(
        state::captcha_image(&other, "captcha-id", life)
            .unwrap()
            .as_deref(),
        Some(&b"\x89PNG"[..])
    );
    assert!(state::solve_captcha(&other, "captcha-id", "aB3D", life).unwrap());
    assert!(
        !state::solve_captcha(&one, "captcha-id", "Ab3d", life).unwrap(),
        "once"
    );
}

#[test]
fn a_job_runs_once_per_session_across_servers_and_a_cancel_on_one_stops_it_on_the_other() {
    use minyi_server::host::ServerHost;
    use minyi_server::routes::App;
    use minyi_server::sessions::Sessions;
    use minyi_service::{Host, JobKind, JobProgress};
    use std::sync::Arc;
    let dir = tempfile::tempdir().unwrap();
    set_up(dir.path());
    let server = |name: &str| {
        let office = Office::open(dir.path(), Profile::server(2)).unwrap();
        let app = Arc::new(App::new(
            office,
            Sessions::new(&dir.path().join(name)),
            None,
        ));
        app.sessions.bind(&app);
        app
    };
    let (a, b) = (server("transfers"), server("transfers"));
    let user = minyi_service::session::sign_in(&a.office, ADMIN, PASSWORD)
        .unwrap()
        .user_id;
    let idle = Duration::from_secs(600);
    let (token, on_a) = a.sessions.begin(&a.office, user, idle).unwrap();
    let on_b = b.sessions.find(&b.office, &token, idle).unwrap().unwrap();

    let import = on_a.jobs.start(JobKind::Import).unwrap();
    let refused = on_b.jobs.start(JobKind::Import).unwrap_err();
    assert_eq!(refused.code, ErrorCode::Conflict, "{}", refused.message);
    assert!(
        on_b.jobs.start(JobKind::Export).is_ok(),
        "another kind may run"
    );

    // Cancelled through B; A's job learns it as it reports progress.
    assert!(on_b.jobs.cancel(JobKind::Import));
    assert!(!import.cancelled(), "not before it reports");
    let host = ServerHost::new(&a.office, &a.sessions, &on_a);
    host.progress(JobProgress {
        job: JobKind::Import,
        done: 10,
        total: 100,
    });
    assert!(import.cancelled());
    drop(import);
    assert!(
        on_b.jobs.start(JobKind::Import).is_ok(),
        "ended on A: B may start one"
    );
}
