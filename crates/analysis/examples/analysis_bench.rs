//! Speed of the analysis on a real database (normally a copy of `demo --appeals 1000000`).
//!
//! `cargo run --release -p minyi-analysis --example analysis_bench -- DB [--year 2025] [--month 11] [--samples 10] [--stats-only]`
//!
//! Prints, for the statistics of one calendar year: the first run after opening the file (cold
//! page cache of this process; the OS cache may still be warm) and the spread of further runs,
//! beside the target; then (unless `--stats-only`, handy under `perf record`) hot spots for one month of that year (segmenting that month's
//! and the month before's appeals). Figures are printed, never asserted. The database is opened through
//! the core, so an older file is migrated first (migration 003 builds `stage_spans`: minutes on a
//! million appeals, once).

use chrono::NaiveDate;
use minyi_analysis::period::Period;
use minyi_analysis::stats::{StatsQuery, statistics};
use minyi_core::Store;
use std::time::Instant;

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

/// CPU time of the whole process so far (user + system, 10 ms ticks), from /proc: on a shared
/// machine the wall-clock figures include waiting for a core, this does not.
fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    let rest = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<f64> = rest
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    f.get(11)
        .zip(f.get(12))
        .map_or(0.0, |(u, s)| (u + s) * 10.0)
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn spread(mut v: Vec<f64>) -> String {
    v.sort_by(|a, b| a.total_cmp(b));
    format!(
        "min {:.0} ms, p50 {:.0} ms, max {:.0} ms ({} runs)",
        v[0],
        v[v.len() / 2],
        v[v.len() - 1],
        v.len()
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let Some(db) = args.get(1).filter(|a| !a.starts_with("--")) else {
        eprintln!("用法：analysis_bench DB [--year 2025] [--samples 10]");
        std::process::exit(2);
    };
    let year: i32 = arg(&args, "--year").map_or(Ok(2025), |y| y.parse())?;
    let samples: usize = arg(&args, "--samples").map_or(Ok(10), |s| s.parse())?;

    let t = Instant::now();
    let store = Store::open(std::path::Path::new(db))?;
    println!("open (and migrate if needed): {:.0} ms", ms(t));
    let appeals = store.appeal_count()?;
    println!("appeals in file: {appeals}");

    let today = minyi_core::time::now_cst().date_naive();
    let from = NaiveDate::from_ymd_opt(year, 1, 1).ok_or("bad year")?;
    let to = NaiveDate::from_ymd_opt(year, 12, 31).ok_or("bad year")?;
    let q = StatsQuery {
        period: Period::new(from, to)?,
        category: None,
        channel: None,
        department_id: None,
        granularity: None,
    };
    let t = Instant::now();
    let s = statistics(&store, &q, today)?;
    println!(
        "statistics {year}, first run: {:.0} ms ({} appeals, {} stage runs ended)",
        ms(t),
        s.total,
        s.stages.iter().map(|f| f.finished).sum::<i64>()
    );
    let mut runs = Vec::new();
    let mut cpu = Vec::new();
    for _ in 0..samples {
        let (t, c) = (Instant::now(), cpu_ms());
        statistics(&store, &q, today)?;
        runs.push(ms(t));
        cpu.push(cpu_ms() - c);
    }
    println!("statistics {year}, warm: {}  target < 500 ms", spread(runs));
    println!("  CPU time of those runs: {}", spread(cpu));

    // Where the time goes: the two scans alone, with nothing done per row.
    use minyi_core::queries::stats::{
        CohortFilter, fold_run_days, for_each_appeal, for_each_span_days,
    };
    let f = CohortFilter {
        from,
        to,
        category: None,
        channel: None,
        department_id: None,
    };
    let (t, c) = (Instant::now(), cpu_ms());
    let (mut n, mut lo, mut hi) = (0, i64::MAX, 0);
    for_each_appeal(&store, &f, |a| {
        n += 1;
        lo = lo.min(a.id);
        hi = hi.max(a.id);
    })?;
    println!(
        "  scan of the year's appeals alone: {:.0} ms, CPU {:.0} ms ({n} rows)",
        ms(t),
        cpu_ms() - c
    );
    let (t, c) = (Instant::now(), cpu_ms());
    let mut m = 0;
    for_each_span_days(&store, lo, hi, |_, _| m += 1)?;
    println!(
        "  scan of their stage runs alone: {:.0} ms, CPU {:.0} ms ({m} rows)",
        ms(t),
        cpu_ms() - c
    );
    let (t, c) = (Instant::now(), cpu_ms());
    let m = fold_run_days(&store, lo, hi, 0i64, |m, _| *m += 1)?;
    println!(
        "  the same folded inside SQLite (a cohort of a whole id range): {:.0} ms, CPU {:.0} ms ({m} rows)",
        ms(t),
        cpu_ms() - c
    );

    if args.iter().any(|a| a == "--stats-only") {
        return Ok(());
    }
    // Hot spots for one month (and its comparison month): --month, default 11.
    let month: u32 = arg(&args, "--month").map_or(Ok(11), |m| m.parse())?;
    let first = NaiveDate::from_ymd_opt(year, month, 1).ok_or("bad month")?;
    let last = first + chrono::Months::new(1) - chrono::Duration::days(1);
    let hq = minyi_analysis::hotspots::HotspotQuery {
        period: Period::new(first, last)?,
        category: None,
        channel: None,
        department_id: None,
        limit: Some(20),
    };
    let mut runs = Vec::new();
    let mut cpu = Vec::new();
    let mut shown = None;
    for _ in 0..samples.clamp(1, 3) {
        let (t, c) = (Instant::now(), cpu_ms());
        let h = minyi_analysis::hotspots::hotspots(&store, &hq)?;
        runs.push(ms(t));
        cpu.push(cpu_ms() - c);
        shown = Some(h);
    }
    if let Some(h) = shown {
        println!(
            "hot spots {year}-{month:02}: {}  target < 3000 ms ({} appeals, previous month {})",
            spread(runs),
            h.appeals,
            h.previous_appeals
        );
        println!("  CPU time of those runs (all threads): {}", spread(cpu));
        let top: Vec<String> = h
            .top
            .iter()
            .take(12)
            .map(|t| format!("{} {}", t.word, t.appeals))
            .collect();
        println!("  top: {}", top.join("、"));
        let rising: Vec<String> = h
            .rising
            .iter()
            .take(8)
            .map(|t| format!("{} {}/{}", t.word, t.appeals, t.previous_appeals))
            .collect();
        println!("  rising: {}", rising.join("、"));
    }
    Ok(())
}
