//! A hundred members of the public submitting at once through the portal, on loopback, for a
//! minute (issue 21): `MINYI_PORTAL_LOAD_CLIENTS` submitters (default 100), each from its own
//! address (behind the proxy, `X-Forwarded-For`), for `MINYI_PORTAL_LOAD_SECONDS` (default 60)
//! or until `MINYI_PORTAL_LOAD_MAX` submissions in all (default 50,000), whichever comes first —
//! twice: first each submitter once every `MINYI_PORTAL_LOAD_EVERY_MS` (default 1,000: the
//! latency of one submission among many), then back to back (the throughput at saturation; the
//! latency there is the queue's).
//! Each submission comes from an address of its own, so the per-address limits and the captcha
//! stay out of the way (they are tested in `tests/portal.rs`); everything else is the real path: the JSON submission
//! (`POST /public-api/v1/appeals`), the office's registration with its duplicate lookup, the
//! receipt.
//!
//! No submission may fail, every registration number a receipt showed must be in the database
//! exactly once, and nothing more may be there. The figures (throughput, p50/p99/max per
//! submission) are printed, never asserted:
//! `cargo test --release -p minyi-server --test portal_load -- --nocapture` gives the ones in
//! docs/performance.md.

mod common;

use common::figures::{env_or, percentile};
use common::{TestOffice, config, set_up};
use minyi_core::Store;
use minyi_server::portal::PortalConfig;
use std::collections::HashSet;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// One submission; the registration number its receipt showed, or what went wrong.
/// `id` numbers the submission among all (its own address: the per-address limits stay out of
/// the way), `client` and `n` name the submitter and its n-th submission.
fn submit(portal: SocketAddr, id: u64, client: usize, n: u64) -> Result<String, String> {
    let body = serde_json::json!({
        "category": "complaint",
        "subject": format!("路灯不亮（{client}-{n}）"),
        "content": format!(
            "第{client}号提交人第{n}次：小区门口的路灯已经坏了一个多月，晚上出行很不安全。"
        ),
        "name": "王五",
        "phone": format!("138{:08}", client * 100_000 + n as usize),
    })
    .to_string();
    let mut s = TcpStream::connect(portal).map_err(|e| e.to_string())?;
    let ip = format!("10.{}.{}.{}", id / 65536, (id / 256) % 256, id % 256);
    write!(
        s,
        "POST /public-api/v1/appeals HTTP/1.1\r\nHost: {portal}\r\nOrigin: http://{portal}\r\nX-Forwarded-For: {ip}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .map_err(|e| e.to_string())?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&raw);
    if !text.starts_with("HTTP/1.1 201") {
        return Err(text.lines().next().unwrap_or("").to_string());
    }
    let body = text.split_once("\r\n\r\n").ok_or("no body")?.1;
    let answer: serde_json::Value = serde_json::from_str(body).map_err(|e| e.to_string())?;
    answer["receipt"]["submitted"]["regNumber"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| "no registration number".to_string())
}

/// What one phase of submitters did: the registration numbers acknowledged, the time of each
/// submission, and the failures.
#[derive(Default)]
struct Outcome {
    regs: Vec<String>,
    times: Vec<Duration>,
    errors: Vec<String>,
}

/// `clients` submitters for `seconds`, each pausing so that it submits at most once every
/// `every` (zero: back to back); submission ids (and so addresses) follow on from `issued`.
fn phase(
    portal: SocketAddr,
    clients: usize,
    seconds: u64,
    every: Duration,
    issued: &Arc<AtomicU64>,
    max: u64,
    label: &str,
) -> Outcome {
    let start = Instant::now();
    let deadline = start + Duration::from_secs(seconds);
    let threads: Vec<_> = (0..clients)
        .map(|client| {
            let issued = issued.clone();
            std::thread::spawn(move || {
                let mut out = Outcome::default();
                // Paced submitters start spread over the first interval, as people would.
                if !every.is_zero() {
                    std::thread::sleep(every.mul_f64(client as f64 / clients as f64));
                }
                while Instant::now() < deadline {
                    let id = issued.fetch_add(1, Ordering::SeqCst);
                    if id >= max {
                        break;
                    }
                    let t = Instant::now();
                    match submit(portal, id, client, id) {
                        Ok(reg) => {
                            out.times.push(t.elapsed());
                            out.regs.push(reg);
                        }
                        Err(e) => out.errors.push(e),
                    }
                    if let Some(rest) = every.checked_sub(t.elapsed()) {
                        std::thread::sleep(rest);
                    }
                }
                out
            })
        })
        .collect();
    let mut all = Outcome::default();
    for t in threads {
        let o = t.join().unwrap();
        all.regs.extend(o.regs);
        all.times.extend(o.times);
        all.errors.extend(o.errors);
    }
    let elapsed = start.elapsed().as_secs_f64();
    all.times.sort();
    println!(
        "portal submissions, {label}: {} clients, {:.1} s: {} submitted, {:.1}/s   p50 {:.2} ms   p99 {:.2} ms   max {:.1} ms   errors {}",
        clients,
        elapsed,
        all.times.len(),
        all.times.len() as f64 / elapsed,
        percentile(&all.times, 0.50),
        percentile(&all.times, 0.99),
        all.times.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0),
        all.errors.len()
    );
    all
}

#[test]
fn a_hundred_submitters_for_a_minute_lose_and_double_nothing() {
    let clients = env_or("MINYI_PORTAL_LOAD_CLIENTS", 100) as usize;
    let seconds = env_or("MINYI_PORTAL_LOAD_SECONDS", 60);
    let every = Duration::from_millis(env_or("MINYI_PORTAL_LOAD_EVERY_MS", 1000));
    let max = env_or("MINYI_PORTAL_LOAD_MAX", 50_000);

    let dir = tempfile::tempdir().unwrap();
    set_up(dir.path());
    let server = minyi_server::spawn_with_portal(
        config(dir.path()),
        Some(PortalConfig {
            listen: "127.0.0.1:0".parse().unwrap(),
            behind_proxy: true,
        }),
    )
    .unwrap();
    let portal = server.started.portal_addr.unwrap();
    let office = TestOffice {
        dir,
        server: Some(server),
    };

    // First each submitter once a second (100 a second from 100 people: far beyond any office's
    // online intake), then back to back (the queue at saturation: its latency is clients ÷
    // throughput, whatever one submission costs).
    let issued = Arc::new(AtomicU64::new(0));
    let paced = phase(
        portal,
        clients,
        seconds,
        every,
        &issued,
        max,
        &format!("each every {} ms", every.as_millis()),
    );
    let tight = phase(
        portal,
        clients,
        seconds,
        Duration::ZERO,
        &issued,
        max,
        "back to back",
    );
    let regs: Vec<String> = paced.regs.into_iter().chain(tight.regs).collect();
    let errors: Vec<String> = paced.errors.into_iter().chain(tight.errors).collect();
    assert!(
        errors.is_empty(),
        "{} failed, e.g. {:?}",
        errors.len(),
        &errors[..errors.len().min(3)]
    );
    assert!(!regs.is_empty());

    // Nothing lost, nothing doubled.
    let unique: HashSet<&String> = regs.iter().collect();
    assert_eq!(
        unique.len(),
        regs.len(),
        "a registration number shown twice"
    );
    assert_eq!(office.count("appeals"), regs.len() as i64);
    assert_eq!(office.count("portal_appeals"), regs.len() as i64);
    let store = Store::open(&office.dir.path().join("minyi.db")).unwrap();
    for reg in &regs {
        assert!(
            minyi_core::testing::appeal_id(&store, reg)
                .unwrap()
                .is_some(),
            "{reg} acknowledged but not stored"
        );
    }
}
