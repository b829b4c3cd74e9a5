//! Stage runs of a simulated appeal, folded from its events on the simulation thread.
//!
//! Normally a trigger derives `stage_spans` from each new event (migration 003). It parses the
//! event's JSON a dozen times inside SQLite, which made it half of the demo writer's time; the
//! writer is the demo's bottleneck. So while demo data loads the trigger is dropped and the
//! simulation folds the same rule here, on the other core, and hands over finished rows.
//!
//! This restates the trigger's rule; `crates/demo/tests/demo.rs` checks that the rows equal what
//! the trigger's rule derives from the same events
//! ([`minyi_core::store::stage_spans::rebuild`]), so the two cannot drift apart unnoticed. The rule, per event in order:
//! * an event whose `set` has `stage` or `stageStartedOn` ends the running runs on the event's
//!   date and opens the next run (unless its stage or start is null), carrying over what `set`
//!   lacks from the appeal's last run;
//! * any other event moves the running run: `dueDate` sets the current due date and, except for
//!   a supervision notice, the due date the run is measured against; a supervision notice counts;
//!   `departmentId` moves its department.

use minyi_core::model::EventAction;
use minyi_core::store::stage_spans::SpanRow;
use minyi_core::time::{day_number, parse_date};
use serde_json::Value;

/// One appeal's runs so far.
#[derive(Debug, Default)]
pub(super) struct SpanFold {
    runs: Vec<SpanRow>,
}

/// A day number of a `YYYY-MM-DD` text, as SQLite's `julianday` reads it (None when it cannot).
fn day(v: Option<&str>) -> Option<i64> {
    v.and_then(parse_date).map(day_number)
}

impl SpanFold {
    /// Folds one event of the appeal (`at` as stored: local time, date first).
    pub fn feed(&mut self, appeal_id: i64, at: &str, action: EventAction, payload: &Value) {
        let set = payload.get("set").and_then(Value::as_object);
        let field = |k: &str| set.and_then(|m| m.get(k));
        let supervision = action == EventAction::IssueSupervision;
        // Present-but-null counts as present, as `json_type` sees it.
        let due = field("dueDate").map(|v| day(v.as_str()));
        let department = field("departmentId").map(Value::as_i64);
        let stage = field("stage");
        let started = field("stageStartedOn");
        if stage.is_none() && started.is_none() {
            for run in self.runs.iter_mut().filter(|r| r.ended_day.is_none()) {
                if let Some(d) = due {
                    run.due_now_day = d;
                    if !supervision {
                        run.due_day = d;
                    }
                }
                run.supervised += i64::from(supervision);
                if let Some(d) = department {
                    run.department_id = d;
                }
            }
            return;
        }
        let ended = day(at.get(..10));
        for run in self.runs.iter_mut().filter(|r| r.ended_day.is_none()) {
            run.ended_day = ended;
        }
        let last = self.runs.last();
        let next_stage = match stage {
            Some(v) => v.as_str().map(str::to_string),
            None => last.map(|r| r.stage.clone()),
        };
        let next_started = match started {
            Some(v) => day(v.as_str()),
            None => last.map(|r| r.started_day),
        };
        let department_id = department.unwrap_or_else(|| last.and_then(|r| r.department_id));
        let due_day = due.unwrap_or_else(|| last.and_then(|r| r.due_now_day));
        let seq = last.map_or(1, |r| r.seq + 1);
        if let (Some(stage), Some(started_day)) = (next_stage, next_started) {
            self.runs.push(SpanRow {
                appeal_id,
                seq,
                stage,
                department_id,
                started_day,
                due_day,
                due_now_day: due_day,
                ended_day: None,
                supervised: 0,
            });
        }
    }

    /// The appeal's runs; the fold starts afresh for the next appeal.
    pub fn take(&mut self) -> Vec<SpanRow> {
        std::mem::take(&mut self.runs)
    }
}
