//! Assessment (考核, §八): per department and per person for a period — intake timeliness and
//! accuracy, handling efficiency and quality, supervision follow-through and recommendations
//! adopted — each normalised to 0–100, a weighted score with the weights of 设置
//! (`assessment.weight.*`) and a ranking.
//!
//! The cohort is the statistics' one (appeals received in the period), so an assessment agrees
//! with the statistics of the same period and can be re-run later with the same result.
//! [`tally`] does the counting in streaming passes (the shape of [`crate::stats`]); [`score`]
//! turns counts into scores and ranks; this module names the rows and puts the two together.

mod score;
mod tally;
mod types;

pub use score::{components, weighted};
pub use tally::Person;
pub use types::*;

use crate::period::Period;
use chrono::{Datelike, NaiveDate};
use minyi_core::access::{Action, authorize};
use minyi_core::calendar::Computed;
use minyi_core::model::Actor;
use minyi_core::queries::acts::{adopted_recommendation_owners, staff};
use minyi_core::queries::stats::department_names;
use minyi_core::store::settings;
use minyi_core::{Result, Store};
use std::collections::HashMap;

/// The components' labels, in the order of [`settings::ASSESSMENT_WEIGHTS`].
pub const COMPONENT_LABELS: [&str; 6] = [
    "受理及时",
    "分流准确",
    "办理效率",
    "办理质量",
    "督办落实",
    "建议采纳",
];

/// The assessment for a signed-in user: those who carry out assessment (the appeals office and
/// management).
pub fn assessment_for(
    store: &Store,
    actor: &Actor,
    period: Period,
    today: NaiveDate,
) -> Result<Assessment> {
    authorize(actor, Action::Assessment, None)?;
    // A period from the window is checked again here (end before start, absurd length).
    let period = Period::new(period.from, period.to)?;
    assessment(store, period, today)
}

/// The assessment of `period` as of `today` (which decides whether a running stage is late).
pub fn assessment(store: &Store, period: Period, today: NaiveDate) -> Result<Assessment> {
    let w = store.assessment_weights()?;
    let mut t = tally::tally(store, period.from, period.to, today)?;
    for (dept, user) in adopted_recommendation_owners(store, period.from, period.to)? {
        if let Some(d) = dept {
            t.departments
                .entry(d)
                .or_default()
                .f
                .recommendations_adopted += 1;
        }
        if let Some(u) = user {
            t.people
                .entry(Person::User(u))
                .or_default()
                .f
                .recommendations_adopted += 1;
        }
    }
    let dept_names: HashMap<i64, String> = department_names(store)?.into_iter().collect();
    let dept_name = |d: i64| {
        dept_names
            .get(&d)
            .cloned()
            .unwrap_or_else(|| format!("部门{d}"))
    };
    let users: HashMap<i64, (String, i64)> = staff(store)?
        .into_iter()
        .map(|(id, name, d)| (id, (name, d)))
        .collect();

    let finish = |acc: tally::Acc| {
        let mut f = acc.f;
        f.average_working_days = (acc.days_n > 0).then(|| acc.days_sum as f64 / acc.days_n as f64);
        f
    };
    let departments: Vec<AssessmentRow> = t
        .departments
        .into_iter()
        .map(|(d, acc)| AssessmentRow {
            rank: 0,
            user_id: None,
            department_id: Some(d),
            name: dept_name(d),
            department: dept_name(d),
            figures: finish(acc),
            scores: AssessmentScores::default(),
        })
        .collect();
    let people: Vec<AssessmentRow> = t
        .people
        .into_iter()
        .map(|(p, acc)| {
            let (user_id, name, d) = match p {
                Person::User(u) => {
                    let (name, d) = users
                        .get(&u)
                        .cloned()
                        .unwrap_or_else(|| (format!("用户{u}"), 0));
                    (Some(u), name, d)
                }
                Person::Named {
                    department_id,
                    name,
                } => (None, name, department_id),
            };
            AssessmentRow {
                rank: 0,
                user_id,
                department_id: Some(d),
                name,
                department: dept_name(d),
                figures: finish(acc),
                scores: AssessmentScores::default(),
            }
        })
        .collect();

    let last_day = today.max(period.to);
    let years: Vec<i32> = (period.from.year()..=last_day.year())
        .filter(|y| !store.calendar().is_known_year(*y))
        .collect();
    Ok(Assessment {
        period,
        weights: settings::ASSESSMENT_WEIGHTS
            .iter()
            .zip(COMPONENT_LABELS)
            .zip(w)
            .map(|((key, label), weight)| AssessmentWeight {
                key: key.code().into(),
                label: label.into(),
                weight,
            })
            .collect(),
        departments: ranked(departments, &w),
        people: ranked(people, &w),
        calendar_warning: Computed {
            value: (),
            fallback_years: years,
        }
        .warning(),
    })
}

/// Scores and ranks rows; rows with no component to score are left out.
fn ranked(mut rows: Vec<AssessmentRow>, w: &[i64; 6]) -> Vec<AssessmentRow> {
    let max_adopted = rows
        .iter()
        .map(|r| r.figures.recommendations_adopted)
        .max()
        .unwrap_or(0);
    for r in &mut rows {
        r.scores = score::scores(&r.figures, w, max_adopted);
    }
    rows.retain(|r| weighted(&r.scores, w).is_some());
    score::rank(&mut rows);
    rows
}
