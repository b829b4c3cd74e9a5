//! What the load tests share: their settings from the environment, the figures they print (never
//! assert) and the in-process host and list page they compare the transport against.

use minyi_service::{FileRef, Host, JobProgress, Jobs, OutputKind, Target};
use serde_json::{Value, json};
use std::time::Duration;

/// A number from the environment (`MINYI_LOAD_SECONDS`, …), or `default`.
pub fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The `p` quantile of sorted durations, in milliseconds (0 for none).
pub fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

/// Prints one line of figures for the calls `v` made in `seconds`; answers their p50 and p99.
pub fn summary(name: &str, mut v: Vec<Duration>, seconds: f64) -> (f64, f64) {
    v.sort();
    let (p50, p99) = (percentile(&v, 0.50), percentile(&v, 0.99));
    println!(
        "{name:<28} {:>7} calls {:>8.1}/s   p50 {p50:>7.2} ms   p99 {p99:>7.2} ms   max {:>7.1} ms",
        v.len(),
        v.len() as f64 / seconds,
        v.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    );
    (p50, p99)
}

/// The first page of 20 of every appeal: the list call of the load tests.
pub fn page() -> Value {
    let mut f = super::any_filter();
    f["pageSize"] = json!(20);
    json!({ "filter": f })
}

/// A host for in-process calls that make no files.
pub struct Plain(pub Jobs);

impl Host for Plain {
    fn input(&self, f: &FileRef) -> minyi_core::Result<std::path::PathBuf> {
        Ok(f.into())
    }
    fn output(&self, _: OutputKind, _: &str) -> minyi_core::Result<Target> {
        Err(minyi_core::CoreError::storage("no files here"))
    }
    fn progress(&self, _: JobProgress) {}
    fn jobs(&self) -> &Jobs {
        &self.0
    }
}
