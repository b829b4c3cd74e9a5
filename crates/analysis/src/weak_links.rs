//! Weak links (薄弱环节, §六): the departments and stages where handling goes wrong most — ranked by
//! the share of their stage runs that overran the deadline, then by the appellants'
//! dissatisfaction and the supervision notices they needed.
//!
//! Over the same cohort as [`crate::stats`] (appeals received in the period). A stage run counts
//! against the department that held the appeal while it ran, so an appeal passed between
//! departments is judged fairly; dissatisfaction and supervision count against the department the
//! appeal is with now. The office's own stages (initial review, routing) have no department and
//! appear only in the stage ranking; tracking has check dates, not deadlines, and is left out.

use crate::stats::{IdSet, StatsQuery};
use chrono::NaiveDate;
use minyi_core::access::{Action, authorize};
use minyi_core::model::{Actor, Satisfaction, Stage};
use minyi_core::queries::stats::{CohortFilter, department_names, for_each_appeal, for_each_span};
use minyi_core::{Result, Store};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One department's record in the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct DepartmentLink {
    pub department_id: i64,
    pub department: String,
    /// Stage runs with a deadline while the department held the appeal (ended, or running late).
    pub measured: i64,
    pub overdue: i64,
    pub overdue_rate: Option<f64>,
    /// Appellants reached at feedback (appeals now with the department), and those dissatisfied.
    pub reached: i64,
    pub dissatisfied: i64,
    pub dissatisfaction_rate: Option<f64>,
    pub supervision_notices: i64,
}

/// One stage's record in the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct StageLink {
    pub stage: Stage,
    pub label: String,
    pub measured: i64,
    pub overdue: i64,
    pub overdue_rate: Option<f64>,
    pub supervision_notices: i64,
}

/// Departments and stages, weakest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct WeakLinks {
    pub query: StatsQuery,
    pub departments: Vec<DepartmentLink>,
    pub stages: Vec<StageLink>,
}

/// Weak links for a signed-in user (the same rule as statistics).
pub fn weak_links_for(
    store: &Store,
    actor: &Actor,
    q: &StatsQuery,
    today: NaiveDate,
) -> Result<WeakLinks> {
    authorize(actor, Action::ViewStatistics, None)?;
    weak_links(store, q, today)
}

fn rate(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// Higher rate first; a missing rate (nothing measured) last.
fn worse(a: Option<f64>, b: Option<f64>) -> std::cmp::Ordering {
    b.unwrap_or(-1.0).total_cmp(&a.unwrap_or(-1.0))
}

#[derive(Default)]
struct Acc {
    measured: i64,
    overdue: i64,
    reached: i64,
    dissatisfied: i64,
    notices: i64,
}

pub fn weak_links(store: &Store, q: &StatsQuery, today: NaiveDate) -> Result<WeakLinks> {
    let f = CohortFilter {
        from: q.period.from,
        to: q.period.to,
        category: q.category,
        channel: q.channel,
        department_id: q.department_id,
    };
    let mut depts: HashMap<i64, Acc> = HashMap::new();
    let mut ids = Vec::new();
    for_each_appeal(store, &f, |a| {
        ids.push(a.id);
        let Some(d) = a.department_id else { return };
        let acc = depts.entry(d).or_default();
        acc.notices += a.supervision_count;
        match a.satisfaction {
            Some(Satisfaction::Dissatisfied) => {
                acc.reached += 1;
                acc.dissatisfied += 1;
            }
            Some(Satisfaction::Satisfied | Satisfaction::BasicallySatisfied) => acc.reached += 1,
            _ => {}
        }
    })?;
    let mut stages: Vec<Acc> = Stage::ALL.iter().map(|_| Acc::default()).collect();
    if !ids.is_empty() {
        let cohort = IdSet::new(&ids);
        for_each_span(store, cohort.first, cohort.last(), |s| {
            if !cohort.contains(s.appeal_id) || s.stage == Stage::Tracking {
                return;
            }
            let Some(due) = s.due_date else { return };
            let overdue = match s.ended_on {
                Some(end) => end > due,
                None if due < today => true,
                None => return, // still within its deadline: not measurable yet
            };
            let st = &mut stages[Stage::ALL.iter().position(|x| *x == s.stage).unwrap_or(0)];
            st.measured += 1;
            st.overdue += i64::from(overdue);
            st.notices += s.supervised;
            if let Some(d) = s.department_id {
                let acc = depts.entry(d).or_default();
                acc.measured += 1;
                acc.overdue += i64::from(overdue);
            }
        })?;
    }
    let names: HashMap<i64, String> = department_names(store)?.into_iter().collect();
    let mut departments: Vec<DepartmentLink> = depts
        .into_iter()
        .map(|(id, a)| DepartmentLink {
            department_id: id,
            department: names
                .get(&id)
                .cloned()
                .unwrap_or_else(|| format!("部门{id}")),
            measured: a.measured,
            overdue: a.overdue,
            overdue_rate: rate(a.overdue, a.measured),
            reached: a.reached,
            dissatisfied: a.dissatisfied,
            dissatisfaction_rate: rate(a.dissatisfied, a.reached),
            supervision_notices: a.notices,
        })
        .collect();
    departments.sort_by(|a, b| {
        worse(a.overdue_rate, b.overdue_rate)
            .then(worse(a.dissatisfaction_rate, b.dissatisfaction_rate))
            .then(b.supervision_notices.cmp(&a.supervision_notices))
            .then(a.department.cmp(&b.department))
    });
    let mut stage_links: Vec<StageLink> = Stage::ALL
        .iter()
        .zip(stages)
        .filter(|(s, _)| **s != Stage::Tracking)
        .map(|(s, a)| StageLink {
            stage: *s,
            label: s.label().into(),
            measured: a.measured,
            overdue: a.overdue,
            overdue_rate: rate(a.overdue, a.measured),
            supervision_notices: a.notices,
        })
        .collect();
    stage_links.sort_by(|a, b| worse(a.overdue_rate, b.overdue_rate).then(a.stage.cmp(&b.stage)));
    Ok(WeakLinks {
        query: q.clone(),
        departments,
        stages: stage_links,
    })
}
