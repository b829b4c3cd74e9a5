//! The public portal over HTTPS (decision 0012): without `--portal-behind-proxy` the portal's
//! listener speaks TLS with the server's own certificate, the one the staff side presents. A
//! client that pins that certificate's fingerprint (as the staff's clients do) gets the app's
//! page, submits an appeal and registers through the JSON API; its session cookie is `Secure`; a client pinning another fingerprint is refused
//! before anything is sent; plain HTTP gets no page.

mod common;

use common::{TestOffice, config, set_up};
use minyi_client::pin::Pinned;
use minyi_server::portal::{PortalConfig, app};
use rustls::pki_types::ServerName;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Mutex};

fn start() -> (TestOffice, SocketAddr, String) {
    let dir = tempfile::tempdir().unwrap();
    set_up(dir.path());
    let server = minyi_server::spawn_with_portal(
        config(dir.path()),
        Some(PortalConfig {
            listen: "127.0.0.1:0".parse().unwrap(),
            behind_proxy: false,
        }),
    )
    .unwrap();
    let portal = server.started.portal_addr.unwrap();
    let fingerprint = server.started.fingerprint.clone();
    (
        TestOffice {
            dir,
            server: Some(server),
        },
        portal,
        fingerprint,
    )
}

/// One HTTPS request to the portal from a client that trusts only `fingerprint`; the raw answer
/// (head and body), or the TLS error.
fn https(
    addr: SocketAddr,
    fingerprint: &str,
    method: &str,
    path: &str,
    body: &str,
    extra: &[(&str, &str)],
) -> Result<String, std::io::Error> {
    // *ring*, as the server and the staff's client.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = Pinned::new(
        Some(fingerprint),
        Arc::new(Mutex::new(None)),
        provider.clone(),
    );
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    let conn =
        rustls::ClientConnection::new(Arc::new(tls), ServerName::try_from("localhost").unwrap())
            .unwrap();
    let tcp = TcpStream::connect(addr)?;
    let mut s = rustls::StreamOwned::new(conn, tcp);
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if method == "POST" {
        req.push_str(&format!("Origin: https://{addr}\r\n"));
        req.push_str("Content-Type: application/json\r\n");
    }
    for (k, v) in extra {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    s.write_all(req.as_bytes())?;
    let mut raw = Vec::new();
    match s.read_to_end(&mut raw) {
        Ok(_) => {}
        // The server may close without a TLS close_notify after `Connection: close`.
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof && !raw.is_empty() => {}
        Err(e) => return Err(e),
    }
    Ok(String::from_utf8_lossy(&raw).into_owned())
}

#[test]
fn the_portal_speaks_https_with_the_server_certificate_and_its_cookie_is_secure() {
    let (office, portal, fingerprint) = start();
    let index = String::from_utf8(app::file("index.html").unwrap().to_vec()).unwrap();
    let home = https(portal, &fingerprint, "GET", "/", "", &[]).unwrap();
    assert!(home.starts_with("HTTP/1.1 200"), "{home}");
    assert!(home.ends_with(&index));

    // A submission over HTTPS is registered like any other.
    let form = serde_json::json!({
        "category": "complaint",
        "subject": "路灯不亮",
        "content": "小区门口的路灯已经坏了一个多月，晚上出行很不安全，希望尽快修好。",
        "name": "王五",
        "phone": "13812345678",
    })
    .to_string();
    let done = https(
        portal,
        &fingerprint,
        "POST",
        "/public-api/v1/appeals",
        &form,
        &[],
    )
    .unwrap();
    assert!(done.starts_with("HTTP/1.1 201"), "{done}");
    assert!(done.contains("\"queryCode\""));
    assert_eq!(office.count("portal_appeals"), 1);

    // An account's session cookie is only ever sent back over HTTPS.
    let creds = r#"{"phone":"13700001111","password":"Citizen-2026"}"#;
    let signed = https(
        portal,
        &fingerprint,
        "POST",
        "/public-api/v1/account/register",
        creds,
        &[],
    )
    .unwrap();
    assert!(signed.starts_with("HTTP/1.1 201"), "{signed}");
    let cookie_line = signed
        .lines()
        .find(|l| {
            l.to_ascii_lowercase()
                .starts_with("set-cookie: portal_session=")
        })
        .unwrap();
    assert!(
        cookie_line.contains("; Secure") && cookie_line.contains("HttpOnly"),
        "{cookie_line}"
    );
    let cookie = cookie_line
        .split_once(": ")
        .unwrap()
        .1
        .split(';')
        .next()
        .unwrap();
    let mine = https(
        portal,
        &fingerprint,
        "GET",
        "/public-api/v1/mine",
        "",
        &[("Cookie", cookie)],
    )
    .unwrap();
    assert!(mine.starts_with("HTTP/1.1 200"), "{mine}");
    assert!(mine.contains("137****1111"));
}

#[test]
fn a_client_pinning_another_certificate_is_refused_and_plain_http_gets_no_page() {
    let (office, portal, _fingerprint) = start();
    let other = "00".repeat(32);
    let form = r#"{"category":"complaint","subject":"x"}"#;
    assert!(https(portal, &other, "POST", "/public-api/v1/appeals", form, &[]).is_err());
    // Plain HTTP to the TLS port: no portal page (the server may close before the request is
    // written whole).
    let mut s = TcpStream::connect(portal).unwrap();
    let _ = write!(
        s,
        "GET / HTTP/1.1\r\nHost: {portal}\r\nConnection: close\r\n\r\n"
    );
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let index = String::from_utf8(app::file("index.html").unwrap().to_vec()).unwrap();
    assert!(!String::from_utf8_lossy(&raw).contains(&index));
    assert_eq!(office.count("appeals"), 0);
}
