//! Who may change a desk's mode (see `mode_guard`): at the first start anybody; later a signed-in
//! administrator, or an administrator's name and password checked by the server being trusted
//! (联网) or by this computer's own office (单机) — never a clerk, never nobody.

use minyi_app::connection::{ConnectionMode, Settings};
use minyi_app::desktop::Desktop;
use minyi_app::mode_guard::{self, AdminConsent};
use minyi_app::remote::{Events, Remote};
use minyi_client::Client;
use minyi_core::ErrorCode;
use minyi_core::model::Role;
use minyi_core::usecases::accounts::NewUser;
use minyi_service::commands::admin::CreateUser;
use minyi_service::views::SetupInput;
use minyi_service::{Office, Profile, session};
use std::path::Path;
use std::sync::Arc;

const PASSWORD: &str = "Secret-2026";
const CLERK_PASSWORD: &str = "Clerk-2026";

fn set_up(office: &Office) {
    session::setup(
        office,
        &SetupInput {
            org_name: "某市民意诉求管理办公室".into(),
            admin: NewUser {
                username: "admin".into(),
                display_name: "张管理".into(),
                department_id: 0,
                roles: vec![Role::Administrator, Role::AppealsOffice],
                password: PASSWORD.into(),
                agreement_signed_on: None,
            },
            load_demo: false,
        },
    )
    .unwrap();
}

/// A server with an administrator and a clerk (`wangwu`).
fn serve(dir: &Path) -> minyi_server::Running {
    let office = Office::open(dir, Profile::server(1)).unwrap();
    set_up(&office);
    drop(office);
    let server = minyi_server::spawn(minyi_server::Config {
        data_dir: dir.to_path_buf(),
        listen: "127.0.0.1:0".parse().unwrap(),
        cert: None,
        connections: 2,
        hosts: vec![],
        database: None,
        idle_override: None,
    })
    .unwrap();
    let mut admin = Client::new(&server.url(), Some(&server.started.fingerprint)).unwrap();
    let info = admin.sign_in("admin", PASSWORD).unwrap();
    admin
        .call(&CreateUser {
            user: NewUser {
                username: "wangwu".into(),
                display_name: "王五".into(),
                department_id: info.department_id,
                roles: vec![Role::IntakeClerk],
                password: CLERK_PASSWORD.into(),
                agreement_signed_on: None,
            },
        })
        .unwrap();
    server
}

fn consent(username: &str, password: &str) -> AdminConsent {
    AdminConsent {
        username: username.into(),
        password: password.into(),
    }
}

fn no_events() -> Events {
    Arc::new(|_, _| {})
}

/// A desk in 联网 mode on `server` (its file written, its remote open), nobody signed in.
fn office_desk(dir: &Path, server: &minyi_server::Running) -> (Desktop, Arc<Remote>) {
    let desktop = Desktop::new(Office::open(dir, Profile::DESKTOP).unwrap());
    Settings {
        mode: ConnectionMode::Office,
        server: Some(server.url()),
        fingerprint: Some(server.started.fingerprint.clone()),
    }
    .save(dir)
    .unwrap();
    let remote =
        Arc::new(Remote::new(no_events(), &server.url(), &server.started.fingerprint).unwrap());
    desktop.set_remote(Some(remote.clone()));
    (desktop, remote)
}

#[test]
fn the_first_start_chooses_freely_and_later_only_an_administrator_switches() {
    let server_dir = tempfile::tempdir().unwrap();
    let server = serve(server_dir.path());
    let (url, fp) = (server.url(), server.started.fingerprint.clone());

    // First start: no mode chosen, no local office.
    let first = tempfile::tempdir().unwrap();
    let desk = Desktop::new(Office::open(first.path(), Profile::DESKTOP).unwrap());
    assert!(mode_guard::first_start(&desk));
    mode_guard::may_trust(&desk, &url, &fp, None).unwrap();
    mode_guard::may_use_local(&desk, None).unwrap();
    drop(desk);

    // A desk in 联网 mode, nobody signed in: neither switch without an administrator.
    let data = tempfile::tempdir().unwrap();
    let (desk, remote) = office_desk(data.path(), &server);
    assert!(!mode_guard::first_start(&desk));
    let refused = mode_guard::may_use_local(&desk, None).unwrap_err();
    assert_eq!(refused.code, ErrorCode::Forbidden);
    assert!(refused.message.contains("管理员"), "{}", refused.message);
    let refused = mode_guard::may_trust(&desk, &url, &fp, None).unwrap_err();
    assert_eq!(refused.code, ErrorCode::Forbidden);

    // Trusting (a renewed certificate, a moved server): the server's administrator, not a clerk.
    let clerk = mode_guard::may_trust(&desk, &url, &fp, Some(&consent("wangwu", CLERK_PASSWORD)))
        .unwrap_err();
    assert_eq!(clerk.code, ErrorCode::Forbidden);
    assert!(clerk.message.contains("不是管理员"), "{}", clerk.message);
    let wrong = mode_guard::may_trust(&desk, &url, &fp, Some(&consent("admin", "wrong-password")))
        .unwrap_err();
    assert_eq!(wrong.code, ErrorCode::Auth);
    mode_guard::may_trust(&desk, &url, &fp, Some(&consent("admin", PASSWORD))).unwrap();

    // Back to 单机: this computer's own administrator; with no local office, nobody can.
    let none = mode_guard::may_use_local(&desk, Some(&consent("admin", PASSWORD))).unwrap_err();
    assert_eq!(none.code, ErrorCode::Forbidden);
    assert!(none.message.contains("connection.json"), "{}", none.message);
    set_up(&desk.office);
    desk.sign_out(); // the set-up signs nobody in at the desk; be explicit
    assert!(!mode_guard::first_start(&desk));
    mode_guard::may_use_local(&desk, Some(&consent("admin", PASSWORD))).unwrap();
    assert_eq!(
        mode_guard::may_use_local(&desk, Some(&consent("admin", "wrong-password")))
            .unwrap_err()
            .code,
        ErrorCode::Auth
    );

    // Signed in on the server: an administrator switches without more; a clerk does not.
    remote.sign_in("wangwu", CLERK_PASSWORD).unwrap();
    assert_eq!(
        mode_guard::may_use_local(&desk, None).unwrap_err().code,
        ErrorCode::Forbidden
    );
    remote.sign_in("admin", PASSWORD).unwrap();
    mode_guard::may_use_local(&desk, None).unwrap();
    mode_guard::may_trust(&desk, &url, &fp, None).unwrap();
    remote.sign_out().unwrap();
    assert_eq!(
        mode_guard::may_trust(&desk, &url, &fp, None)
            .unwrap_err()
            .code,
        ErrorCode::Forbidden
    );
}

#[test]
fn a_local_desk_switches_by_its_signed_in_administrator_only() {
    let data = tempfile::tempdir().unwrap();
    let desk = Desktop::new(Office::open(data.path(), Profile::DESKTOP).unwrap());
    set_up(&desk.office);
    // A desk from before 联网 mode: no connection.json, but an office — not a first start.
    assert!(!mode_guard::first_start(&desk));
    assert_eq!(
        mode_guard::may_use_local(&desk, None).unwrap_err().code,
        ErrorCode::Forbidden
    );
    let admin = session::sign_in(&desk.office, "admin", PASSWORD).unwrap();
    desk.signed_in(admin.user_id).unwrap();
    mode_guard::may_use_local(&desk, None).unwrap();
    mode_guard::may_trust(&desk, "https://127.0.0.1:1", &"AB".repeat(32), None).unwrap();
    desk.sign_out();
    assert_eq!(
        mode_guard::may_trust(&desk, "https://127.0.0.1:1", &"AB".repeat(32), None)
            .unwrap_err()
            .code,
        ErrorCode::Forbidden
    );
}
