//! What text search costs at a scale a test can afford, on whichever store the suite runs on
//! (`MINYI_TEST_PG` set: PostgreSQL). Not a check — it asserts only that every search answers —
//! but the figures decision 0014 §3.2 asks the search slice to report: appeals with the demo
//! generator's texts registered one by one through the use case, then 2- and 3-character terms
//! chosen by how many appeals contain them, each searched as the search box does (first page and
//! count) and timed.
//!
//! `SEARCH_SCALE_N=20000 cargo test -p minyi-core --test search_scale -- --ignored --nocapture`
//! (`SEARCH_SCALE_KEEP=1`: the PostgreSQL database is left behind, named in the output, for
//! looking at plans by hand; drop it afterwards.)
//!
//! `SEARCH_SCALE_GIN_TAIL=2000` (PostgreSQL): then registers that many more appeals under each
//! way of keeping GIN's pending lists off the registration's path (§3.2, "What the indexes cost a
//! registration") and reports each one's p50/p95/p99/max: `default` (`fastupdate` on, the insert
//! that overflows the 4 MB list merges it), `off` (`fastupdate = off` on the search indexes,
//! migration 018's setting) and `cleaner` (`fastupdate` on, another session merging with
//! `gin_clean_pending_list` every second). Since migration 019 the store's own merging thread
//! (`store::pg::pending`) runs beside every mode, so `default` measures what `cleaner` does: the
//! store's setting.

mod common;

use common::*;
use minyi_core::model::Ctx;
use minyi_core::queries::list::search;
use minyi_core::usecases::register::register;
use minyi_demo::rng::Rng;
use minyi_demo::text::{TextCategory, appeal_text, district_names};
use std::collections::HashMap;
use std::time::{Duration, Instant};

const NOW: &str = "2026-11-20T10:00:00+08:00";

/// How many times each term is searched (the first page and its count).
const RUNS: usize = 20;

/// Terms of `len` characters from the texts, the ones nearest to each wanted share of appeals.
fn terms(texts: &[String], len: usize, shares: &[f64]) -> Vec<(String, usize)> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for t in texts {
        let chars: Vec<char> = t.chars().collect();
        let mut seen = std::collections::HashSet::new();
        for w in chars.windows(len) {
            if w.iter().all(|c| ('\u{4e00}'..='\u{9fff}').contains(c)) {
                let s: String = w.iter().collect();
                if seen.insert(s.clone()) {
                    *counts.entry(s).or_default() += 1;
                }
            }
        }
    }
    let n = texts.len() as f64;
    let mut out = Vec::new();
    for share in shares {
        let want = (share * n).max(1.0);
        if let Some((t, c)) = counts
            .iter()
            .min_by(|a, b| {
                let da = (*a.1 as f64 - want).abs();
                let db = (*b.1 as f64 - want).abs();
                da.total_cmp(&db).then(a.0.cmp(b.0))
            })
            .map(|(t, c)| (t.clone(), *c))
        {
            out.push((t, c));
        }
    }
    out.push(("龘".repeat(len), 0));
    out
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The search GIN indexes (migration 016 of the PostgreSQL store).
const GIN_INDEXES: [&str; 5] = [
    "appeals_subject_trgm",
    "appeals_content_trgm",
    "appellants_address_trgm",
    "appeal_search_numbers_trgm",
    "appeal_search_grams",
];

/// Registers one appeal with the demo generator's `i`-th text; returns the text searched.
fn register_one(env: &mut Env, rng: &mut Rng, i: usize) -> (Duration, String) {
    let cats = [
        TextCategory::Consultation,
        TextCategory::Complaint,
        TextCategory::Suggestion,
        TextCategory::Help,
    ];
    let clerk = env.office.clerk.clone();
    let text = appeal_text(rng, cats[i % cats.len()]);
    let mut form = input(
        "walk_in",
        "complaint",
        &format!("139{:08}", i),
        &text.content,
    );
    form.subject = text.subject.clone();
    let districts = district_names();
    form.appellant.address = Some(format!(
        "云江市{}{}路{}号",
        districts[i % districts.len()],
        ["文三", "学院", "天目山", "莫干山"][i % 4],
        i % 300 + 1
    ));
    let t = Instant::now();
    register(&mut env.store, &Ctx::new(&clerk, at(NOW)), &form).unwrap();
    (t.elapsed(), format!("{}\n{}", text.subject, text.content))
}

/// p50, p95, p99 and max of sorted durations, in ms.
fn percentiles(sorted: &[Duration]) -> String {
    let n = sorted.len();
    format!(
        "p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        ms(sorted[n / 2]),
        ms(sorted[n * 95 / 100]),
        ms(sorted[n * 99 / 100]),
        ms(sorted[n - 1])
    )
}

/// Registers `m` more appeals under each way of handling GIN's pending lists (see the module
/// docs) and prints the registrations' percentiles.
fn gin_tail(env: &mut Env, rng: &mut Rng, from: usize, m: usize) {
    let url = env.place.pg().expect("on PostgreSQL").url().to_string();
    let mut next = from;
    for mode in ["default", "off", "cleaner"] {
        let fastupdate = if mode == "off" { "off" } else { "on" };
        for index in GIN_INDEXES {
            env.store
                .sql_layer_for_tests()
                .execute_batch(&format!(
                    "ALTER INDEX {index} SET (fastupdate = {fastupdate})"
                ))
                .unwrap();
        }
        // Every mode starts with empty pending lists.
        for sql in [
            "VACUUM appeal_search",
            "VACUUM appeals",
            "VACUUM appellants",
        ] {
            env.store.sql_layer_for_tests().execute_batch(sql).unwrap();
        }
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let cleaner = (mode == "cleaner").then(|| {
            let stop = stop.clone();
            let url = url.clone();
            std::thread::spawn(move || {
                let mut c = minyi_core::testing::pg::connect(&url);
                let merge = GIN_INDEXES
                    .iter()
                    .map(|i| format!("SELECT gin_clean_pending_list('{i}'::regclass);"))
                    .collect::<String>();
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    c.batch_execute(&merge).unwrap();
                    std::thread::sleep(Duration::from_secs(1));
                }
            })
        });
        let started = Instant::now();
        let mut times: Vec<Duration> = (0..m)
            .map(|_| {
                next += 1;
                register_one(env, rng, next).0
            })
            .collect();
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(c) = cleaner {
            c.join().unwrap();
        }
        times.sort();
        println!(
            "GIN {mode}: {m} registrations in {:.1} s; {}",
            started.elapsed().as_secs_f64(),
            percentiles(&times)
        );
    }
    // Back to the store's own setting (migration 019).
    for index in GIN_INDEXES {
        env.store
            .sql_layer_for_tests()
            .execute_batch(&format!("ALTER INDEX {index} SET (fastupdate = on)"))
            .unwrap();
    }
}

#[test]
#[ignore = "a measurement: run with --ignored --nocapture"]
fn search_costs_at_scale() {
    let n: usize = std::env::var("SEARCH_SCALE_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let backend = if minyi_core::testing::on_postgres() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let mut env = env();
    let mut rng = Rng::new(20261206);
    let mut texts = Vec::with_capacity(n);
    let mut reg = Vec::with_capacity(n);
    let started = Instant::now();
    for i in 0..n {
        let (took, text) = register_one(&mut env, &mut rng, i);
        reg.push(took);
        texts.push(text);
    }
    reg.sort();
    println!(
        "{backend}: {n} registrations in {:.1} s; per registration {}",
        started.elapsed().as_secs_f64(),
        percentiles(&reg)
    );
    if minyi_core::testing::on_postgres() {
        // What autovacuum would have done by now (VACUUM also merges GIN's pending lists).
        for sql in [
            "VACUUM ANALYZE appeal_search",
            "VACUUM ANALYZE appeals",
            "ANALYZE appellants",
        ] {
            env.store.sql_layer_for_tests().execute_batch(sql).unwrap();
        }
    }
    let ctx = Ctx::new(&env.office.clerk, at(NOW));
    let shares = [0.3, 0.05, 0.01, 0.002, 0.0005];
    for len in [2, 3] {
        for (term, containing) in terms(&texts, len, &shares) {
            let mut times = Vec::new();
            let mut found = None;
            for _ in 0..RUNS {
                let t = Instant::now();
                let p = search(&env.store, &ctx, &term, 0, 50).unwrap();
                times.push(t.elapsed());
                found = Some((p.rows.len(), p.total));
            }
            times.sort();
            let common = if minyi_core::testing::on_postgres() && len == 2 {
                if minyi_core::testing::search_pair_is_common(&env.store, &term).unwrap() {
                    ", scan"
                } else {
                    ", pairs"
                }
            } else {
                ""
            };
            println!(
                "{backend} {term} ({containing} appeals{common}): page+count median {:.1} ms, p95 {:.1} ms, max {:.1} ms; {:?}",
                ms(times[RUNS / 2]),
                ms(times[RUNS * 95 / 100]),
                ms(times[RUNS - 1]),
                found.unwrap()
            );
        }
    }
    if minyi_core::testing::on_postgres()
        && let Some(m) = std::env::var("SEARCH_SCALE_GIN_TAIL")
            .ok()
            .and_then(|v| v.parse().ok())
    {
        gin_tail(&mut env, &mut rng, n, m);
    }
    if std::env::var_os("SEARCH_SCALE_KEEP").is_some()
        && let Some(db) = env.place.take_pg()
    {
        let name = db.url().rsplit('/').next().unwrap_or_default().to_string();
        std::mem::forget(db);
        println!("kept the database {name}");
    }
}
