//! TLS to PostgreSQL against the real test cluster (`MINYI_TEST_PG`), with SSL switched on for
//! the test's duration: a certificate authority and a server certificate for `localhost` are
//! made here, the cluster is pointed at them (`ALTER SYSTEM`, reloaded) and reset afterwards.
//!
//! What a deployment meets: the server without SSL (`sslmode=require` refused, said so), the
//! right CA (connected, encrypted), another CA (refused), an address the certificate does not name
//! (refused under `verify-full`/`require`, accepted under `verify-ca`) — and never the URL in a
//! message.

use minyi_core::Store;
use minyi_core::testing::pg::{self, TestDatabase};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A certificate authority and what it signed, written as PEM files.
struct Certificates {
    dir: tempfile::TempDir,
}

impl Certificates {
    fn ca(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }
    fn other_ca(&self) -> PathBuf {
        self.dir.path().join("other-ca.pem")
    }
}

fn authority(name: &str) -> (rcgen::Issuer<'static, rcgen::KeyPair>, String) {
    let key = rcgen::KeyPair::generate().unwrap();
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, name);
    let cert = params.self_signed(&key).unwrap();
    (rcgen::Issuer::new(params, key), cert.pem())
}

/// Makes the files; the server's key is given to the account the cluster runs as (`owner`), which
/// PostgreSQL requires of a key file.
fn certificates(owner: u32) -> Certificates {
    let dir = tempfile::Builder::new()
        .prefix("minyi-pg-tls")
        .tempdir()
        .unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let (ca, ca_pem) = authority("Minyi test CA");
    let (_, other_pem) = authority("Someone else's CA");
    let key = rcgen::KeyPair::generate().unwrap();
    let server = rcgen::CertificateParams::new(vec!["localhost".to_string()])
        .unwrap()
        .signed_by(&key, &ca)
        .unwrap();
    let write = |name: &str, text: &str, mode: u32| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        path
    };
    write("ca.pem", &ca_pem, 0o644);
    write("other-ca.pem", &other_pem, 0o644);
    write("server.crt", &server.pem(), 0o644);
    let key_path = write("server.key", &key.serialize_pem(), 0o600);
    std::os::unix::fs::chown(&key_path, Some(owner), None).unwrap();
    Certificates { dir }
}

/// Switches the cluster's SSL on with `certs` and back off when dropped.
struct SslOn {
    cluster: String,
}

impl SslOn {
    fn switch(cluster: &str, certs: &Certificates) -> Self {
        let dir = certs.dir.path();
        admin(
            cluster,
            &[
                &format!(
                    "ALTER SYSTEM SET ssl_cert_file = '{}'",
                    dir.join("server.crt").display()
                ),
                &format!(
                    "ALTER SYSTEM SET ssl_key_file = '{}'",
                    dir.join("server.key").display()
                ),
                "ALTER SYSTEM SET ssl = on",
            ],
        );
        wait_for_ssl(cluster, "on");
        SslOn {
            cluster: cluster.into(),
        }
    }
}

impl Drop for SslOn {
    fn drop(&mut self) {
        switch_off(&self.cluster);
    }
}

fn switch_off(cluster: &str) {
    admin(
        cluster,
        &[
            "ALTER SYSTEM RESET ssl",
            "ALTER SYSTEM RESET ssl_cert_file",
            "ALTER SYSTEM RESET ssl_key_file",
        ],
    );
    wait_for_ssl(cluster, "off");
}

/// Runs each of `statements` on its own (`ALTER SYSTEM` refuses a transaction block), then has
/// the server read its configuration again.
fn admin(cluster: &str, statements: &[&str]) {
    let mut client = pg::connect(cluster);
    for sql in statements.iter().chain(&["SELECT pg_reload_conf()"]) {
        client.batch_execute(sql).unwrap();
    }
}

/// A reload is signalled, not awaited: new sessions see it once the postmaster has read it.
fn wait_for_ssl(cluster: &str, state: &str) {
    let start = Instant::now();
    loop {
        let now: String = pg::connect(cluster)
            .query_one("SHOW ssl", &[])
            .unwrap()
            .get(0);
        if now == state {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "ssl did not turn {state} (is the key readable by the cluster's account?)"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The account the cluster runs as: the owner of its data folder.
fn cluster_owner(cluster: &str) -> u32 {
    let dir: String = pg::connect(cluster)
        .query_one("SHOW data_directory", &[])
        .unwrap()
        .get(0);
    std::fs::metadata(dir).unwrap().uid()
}

fn with(url: &str, host: &str, query: &str) -> String {
    let url = url.replace("@127.0.0.1:", &format!("@{host}:"));
    format!("{url}?{query}")
}

fn refused(url: &str) -> String {
    let e = Store::open_url(url, Path::new(".")).err().expect("refused");
    let password = url.split(':').nth(2).unwrap().split('@').next().unwrap();
    assert!(!e.message.contains(password), "{}", e.message);
    assert!(!e.message.contains("127.0.0.1"), "{}", e.message);
    e.message
}

fn encrypted(store: &Store) -> bool {
    store
        .sql_layer_for_tests()
        .query_row(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn tls_to_postgresql_checks_the_servers_certificate() {
    let Some(cluster) = pg::cluster_or_skip("tls_to_postgresql_checks_the_servers_certificate")
    else {
        return;
    };
    switch_off(&cluster);
    let db = TestDatabase::migrated(&cluster);
    let certs = certificates(cluster_owner(&cluster));
    let ca = format!("sslrootcert={}", certs.ca().display());

    // SSL off on the server: asked for, refused with what to do.
    let m = refused(&with(
        db.url(),
        "localhost",
        &format!("sslmode=require&{ca}"),
    ));
    assert!(m.starts_with("数据库服务器没有开启加密连接"), "{m}");

    let _on = SslOn::switch(&cluster, &certs);
    // The right CA and the name on the certificate: connected, encrypted.
    for mode in ["require", "verify-full", "verify-ca"] {
        let store = Store::open_url(
            &with(db.url(), "localhost", &format!("sslmode={mode}&{ca}")),
            Path::new("."),
        )
        .unwrap_or_else(|e| panic!("{mode}: {}", e.message));
        assert!(encrypted(&store), "{mode}");
    }
    // No sslmode: plain, as before.
    let plain = Store::open_url(db.url(), Path::new(".")).unwrap();
    assert!(!encrypted(&plain));

    // Another CA: refused.
    let other = format!("sslrootcert={}", certs.other_ca().display());
    let m = refused(&with(
        db.url(),
        "localhost",
        &format!("sslmode=verify-ca&{other}"),
    ));
    assert!(m.starts_with("数据库服务器的证书无法验证"), "{m}");
    // An address the certificate does not name: refused when the name is checked, not otherwise.
    let m = refused(&with(
        db.url(),
        "127.0.0.1",
        &format!("sslmode=require&{ca}"),
    ));
    assert!(m.starts_with("数据库服务器的证书无法验证"), "{m}");
    let store = Store::open_url(
        &with(db.url(), "127.0.0.1", &format!("sslmode=verify-ca&{ca}")),
        Path::new("."),
    )
    .unwrap_or_else(|e| panic!("verify-ca by address: {}", e.message));
    assert!(encrypted(&store));
    // Without sslrootcert the system's roots are used: they did not sign the test CA.
    let m = refused(&with(db.url(), "localhost", "sslmode=require"));
    assert!(
        m.starts_with("数据库服务器的证书无法验证") || m.starts_with("本机没有可用的受信任证书"),
        "{m}"
    );
}
