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
    let clerk = env.office.clerk.clone();
    let mut rng = Rng::new(20261206);
    let cats = [
        TextCategory::Consultation,
        TextCategory::Complaint,
        TextCategory::Suggestion,
        TextCategory::Help,
    ];
    let mut texts = Vec::with_capacity(n);
    let mut reg = Vec::with_capacity(n);
    let started = Instant::now();
    for i in 0..n {
        let text = appeal_text(&mut rng, cats[i % cats.len()]);
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
        reg.push(t.elapsed());
        texts.push(format!("{}\n{}", text.subject, text.content));
    }
    reg.sort();
    println!(
        "{backend}: {n} registrations in {:.1} s; per registration p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        started.elapsed().as_secs_f64(),
        ms(reg[n / 2]),
        ms(reg[n * 95 / 100]),
        ms(reg[n - 1])
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
            for _ in 0..10 {
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
                "{backend} {term} ({containing} appeals{common}): page+count median {:.1} ms, max {:.1} ms; {:?}",
                ms(times[5]),
                ms(times[9]),
                found.unwrap()
            );
        }
    }
    if std::env::var_os("SEARCH_SCALE_KEEP").is_some()
        && let Some(db) = env.place.pg()
    {
        let name = db.url().rsplit('/').next().unwrap_or_default().to_string();
        std::mem::forget(env.place);
        println!("kept the database {name}");
    }
}
