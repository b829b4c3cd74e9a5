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
    /// What makes it weak, in plain Chinese (empty when nothing counts against it).
    pub reasons: Vec<String>,
    /// The appeals behind the reasons (an overdue stage run, a dissatisfied appellant, a
    /// supervision notice), in id order: what a click on the row lists.
    pub appeal_ids: Vec<i64>,
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
    /// What makes it weak, in plain Chinese (empty when nothing counts against it).
    pub reasons: Vec<String>,
    /// The appeals with an overdue or supervised run of this stage, in id order.
    pub appeal_ids: Vec<i64>,
}

/// Departments and stages, weakest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct WeakLinks {
    pub query: StatsQuery,
    /// The office's overdue rate over all measured stage runs, the yardstick of the reasons.
    pub overdue_rate: Option<f64>,
    /// How the ranking is made, in one sentence (shown on the screen, the sheet and the CLI).
    pub rule: String,
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

/// How the ranking is made, in one sentence.
pub const RULE: &str = "按本时段受理诉求的各环节超期率从高到低排序（在办已超期也算超期），超期率相同再看诉求人不满意率和督办通知份数；部门按办理时所在的部门计算。";

fn pct(r: f64) -> String {
    format!("{:.1}%", r * 100.0)
}

/// The reasons of one department or stage: overdue runs against the office's rate,
/// dissatisfied appellants, supervision notices.
fn reasons(a: &Acc, office_rate: Option<f64>) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(r) = rate(a.overdue, a.measured).filter(|_| a.overdue > 0) {
        let yardstick = match office_rate {
            Some(o) if r > o => format!("，高于全办{}", pct(o)),
            Some(o) => format!("，不高于全办{}", pct(o)),
            None => String::new(),
        };
        out.push(format!(
            "{} 次环节中超期 {} 次（超期率{}{yardstick}）",
            a.measured,
            a.overdue,
            pct(r)
        ));
    }
    if a.dissatisfied > 0 {
        out.push(format!(
            "回访 {} 人中 {} 人不满意（{}）",
            a.reached,
            a.dissatisfied,
            pct(a.dissatisfied as f64 / a.reached.max(1) as f64)
        ));
    }
    if a.notices > 0 {
        out.push(format!("收到督办通知 {} 份", a.notices));
    }
    out
}

/// The reasons of one row in one line, or a word that nothing counts against it.
pub fn reasons_text(reasons: &[String]) -> String {
    if reasons.is_empty() {
        "无超期、不满意和督办".into()
    } else {
        reasons.join("；")
    }
}

#[derive(Default)]
struct Acc {
    measured: i64,
    overdue: i64,
    reached: i64,
    dissatisfied: i64,
    notices: i64,
    ids: std::collections::BTreeSet<i64>,
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
        if a.supervision_count > 0 {
            acc.ids.insert(a.id);
        }
        match a.satisfaction {
            Some(Satisfaction::Dissatisfied) => {
                acc.reached += 1;
                acc.dissatisfied += 1;
                acc.ids.insert(a.id);
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
            if overdue || s.supervised > 0 {
                st.ids.insert(s.appeal_id);
            }
            if let Some(d) = s.department_id {
                let acc = depts.entry(d).or_default();
                acc.measured += 1;
                acc.overdue += i64::from(overdue);
                if overdue {
                    acc.ids.insert(s.appeal_id);
                }
            }
        })?;
    }
    let (all_measured, all_overdue) = stages
        .iter()
        .fold((0, 0), |(m, o), a| (m + a.measured, o + a.overdue));
    let office_rate = rate(all_overdue, all_measured);
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
            reasons: reasons(&a, office_rate),
            appeal_ids: a.ids.into_iter().collect(),
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
            reasons: reasons(&a, office_rate),
            appeal_ids: a.ids.into_iter().collect(),
        })
        .collect();
    stage_links.sort_by(|a, b| worse(a.overdue_rate, b.overdue_rate).then(a.stage.cmp(&b.stage)));
    Ok(WeakLinks {
        query: q.clone(),
        overdue_rate: office_rate,
        rule: RULE.into(),
        departments,
        stages: stage_links,
    })
}
