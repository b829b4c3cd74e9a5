//! The connection itself: HTTPS with a pinned certificate, plain HTTP refused in Chinese, a server
//! that is not there reported as unreachable, and the certificate kept across restarts.

mod common;

use common::*;
use minyi_client::Client;
use minyi_core::ErrorCode;
use std::io::{Read, Write};

#[test]
fn only_the_pinned_certificate_is_trusted() {
    let office = TestOffice::start();
    let started = &office.server().started;
    assert_eq!(started.fingerprint.len(), 64);
    assert!(office.client().health().is_ok());

    // Unknown: refused, showing the fingerprint the server presented (to compare aloud).
    let e = Client::new(&office.url(), None)
        .unwrap()
        .health()
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Untrusted);
    assert!(
        e.message
            .contains(&minyi_client::readable(&started.fingerprint)),
        "{}",
        e.message
    );
    // Another certificate than the one trusted: refused before anything is sent.
    let wrong = "AB".repeat(32);
    let mut c = Client::new(&office.url(), Some(&wrong)).unwrap();
    let e = c.sign_in(ADMIN, PASSWORD).unwrap_err();
    assert_eq!(e.code, ErrorCode::Untrusted);
    assert!(e.message.contains("不一致"), "{}", e.message);
    // Spaces and colons in a fingerprint read aloud do not matter.
    let spaced = minyi_client::readable(&started.fingerprint).to_lowercase();
    assert!(
        Client::new(&office.url(), Some(&spaced))
            .unwrap()
            .health()
            .is_ok()
    );
}

#[test]
fn plain_http_gets_a_chinese_answer_and_no_service() {
    let office = TestOffice::start();
    let mut tcp = std::net::TcpStream::connect(office.server().started.addr).unwrap();
    tcp.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    tcp.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(answer.contains("https://"), "{answer}");
    assert!(!answer.contains("\"status\":\"ok\""));
}

#[test]
fn a_server_that_is_not_there_is_unreachable_and_http_urls_are_refused() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let c = Client::new(&format!("https://127.0.0.1:{port}"), Some(&"00".repeat(32))).unwrap();
    let e = c.health().unwrap_err();
    assert_eq!(e.code, ErrorCode::Unreachable);
    assert!(e.message.contains("无法连接办公室服务器"), "{}", e.message);
    let e = Client::new("http://127.0.0.1:8443", None).err().unwrap();
    assert_eq!(e.code, ErrorCode::Validation);
}

#[test]
fn the_certificate_and_the_data_survive_a_restart() {
    let mut office = TestOffice::start();
    let first = office.server().started.fingerprint.clone();
    assert!(office.server().started.new_certificate);
    let id = register(&office.admin(), "13812345678", "夜间施工噪音扰民");
    office.server.take().unwrap().stop().unwrap();
    let again = minyi_server::spawn(config(office.dir.path())).unwrap();
    assert_eq!(again.started.fingerprint, first);
    assert!(!again.started.new_certificate);
    office.server = Some(again);
    let detail = office
        .admin()
        .call_value(
            "appeal_detail",
            serde_json::json!({ "id": id, "personal": "masked" }),
        )
        .unwrap();
    assert_eq!(detail["appeal"]["id"], id);
}
