//! Shared set-up of the analysis tests: a demo office and a replay of an appeal's stage runs
//! from its event log, written with plain loops and independent of the `stage_spans` table.
#![allow(dead_code)]

use chrono::{DateTime, FixedOffset, NaiveDate};
use minyi_core::Store;
use minyi_core::model::{EventAction, Stage};
use minyi_demo::{DemoOptions, generate};
use serde_json::Value;

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn demo(n: u64) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("demo.db")).unwrap();
    let now = DateTime::<FixedOffset>::parse_from_rfc3339("2026-11-27T17:00:00+08:00").unwrap();
    let opts = DemoOptions {
        appeals: n,
        seed: 11,
        now,
    };
    generate(&mut store, &opts, &mut |_, _| {}).unwrap();
    (dir, store)
}

/// One stage run as replayed from the events.
#[derive(Debug)]
pub struct Run {
    pub stage: Stage,
    pub start: NaiveDate,
    pub due: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub notices: i64,
    pub department: Option<i64>,
}

fn date_of(v: Option<&Value>) -> Option<NaiveDate> {
    v.and_then(Value::as_str).map(d)
}

/// Replays an appeal's events: a change of stage or of its start date starts a run; a due date
/// moved by anything but a supervision notice moves the run's deadline.
pub fn runs(store: &Store, id: i64) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    let mut state = serde_json::Map::new();
    for e in minyi_core::testing::events(store, id).unwrap() {
        let set = e.payload["set"].as_object().cloned().unwrap_or_default();
        for (k, v) in &set {
            state.insert(k.clone(), v.clone());
        }
        let starts = set.contains_key("stage") || set.contains_key("stageStartedOn");
        if starts {
            if let Some(r) = out.last_mut().filter(|r| r.end.is_none()) {
                r.end = Some(e.at.date_naive());
            }
            if let Some(stage) = state.get("stage").and_then(Value::as_str) {
                out.push(Run {
                    stage: Stage::parse(stage, "").unwrap(),
                    start: date_of(state.get("stageStartedOn")).unwrap(),
                    due: date_of(state.get("dueDate")),
                    end: None,
                    notices: 0,
                    department: state.get("departmentId").and_then(Value::as_i64),
                });
            }
        } else if let Some(r) = out.last_mut().filter(|r| r.end.is_none()) {
            if set.contains_key("departmentId") {
                r.department = state.get("departmentId").and_then(Value::as_i64);
            }
            if e.action == EventAction::IssueSupervision {
                r.notices += 1;
            } else if set.contains_key("dueDate") {
                r.due = date_of(state.get("dueDate"));
            }
        }
    }
    out
}
