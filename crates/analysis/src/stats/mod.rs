//! Statistics for a period (§六): counts by category, channel, department and status; on-time
//! rate, average and median working days per stage; satisfaction and reopen rates; the return
//! visits' results (回访: reached rate, satisfaction shares); supervision and escalation counts; a
//! weekly or monthly trend beside the comparison period.
//!
//! Every figure is about the *cohort*: the appeals received in the period that pass the filter,
//! whatever has happened to them since. That one definition makes the figures add up (the status
//! counts sum to the total) and lets a manager re-run last year and get last year's numbers.
//!
//! Two streaming passes — the period's appeals (from a covering index), one trend bucket at a
//! time, and the stage runs of the cohort's id range, kept by a bitset of the cohort's ids (or,
//! when the cohort is the whole range, folded inside SQLite's scan) — and the comparison
//! period's counts per bucket, which SQLite counts itself. A long period is cut
//! into slices of whole buckets read at once on connections of their own, whose sums are then
//! added up ([`slices`]). Working days come from a prefix-sum index of the calendar, and medians
//! from per-stage histograms of whole working days.

mod cohort;
mod slices;
mod types;

pub(crate) use cohort::IdSet;
pub use types::*;

use slices::{SliceCtx, StageAcc, read_all, slice_count, slices};

use crate::period::{Granularity, Period};
use crate::workdays::WorkdayIndex;
use chrono::{Datelike, Duration, NaiveDate};
use minyi_core::access::{Action, authorize};
use minyi_core::calendar::Computed;
use minyi_core::model::{Actor, Category, Channel, Stage, Status};
use minyi_core::queries::stats::{CohortFilter, count_appeals, day_number, department_names};
use minyi_core::queries::visits::visit_figures;
use minyi_core::{Result, Store};
use std::collections::HashMap;
use std::sync::Arc;

/// Statistics for a signed-in user: the appeals office and management see every department.
pub fn statistics_for(
    store: &Store,
    actor: &Actor,
    q: &StatsQuery,
    today: NaiveDate,
) -> Result<Statistics> {
    authorize(actor, Action::ViewStatistics, None)?;
    statistics(store, q, today)
}

fn filter(q: &StatsQuery, p: Period) -> CohortFilter {
    CohortFilter {
        from: p.from,
        to: p.to,
        category: q.category,
        channel: q.channel,
        department_id: q.department_id,
    }
}

fn rate(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// Position of a value in its enum's display order.
fn pos<T: PartialEq>(all: &[T], v: &T) -> usize {
    all.iter().position(|x| x == v).unwrap_or(0)
}

/// The statistics of `q` as of `today` (which decides whether a running stage is late already).
///
/// A long period is read in slices at once, one connection each (WAL lets readers run beside
/// each other and beside the window's writes), because a year of a million-appeal file is two
/// million stage runs and one core reads them in about a second. The slices' transactions start
/// a moment apart, so a registration committed in between may be counted by one slice and not
/// another — no worse than pressing 刷新 a moment later.
pub fn statistics(store: &Store, q: &StatsQuery, today: NaiveDate) -> Result<Statistics> {
    let period = q.period;
    let n = slice_count(&period);
    statistics_in_slices(store, q, today, n)
}

/// [`statistics`] read in `n` slices (at most one per trend bucket) rather than as many as
/// this machine has cores for; tests and the benchmark compare splits with it.
pub fn statistics_in_slices(
    store: &Store,
    q: &StatsQuery,
    today: NaiveDate,
    n: usize,
) -> Result<Statistics> {
    let cal = store.calendar();
    let period = q.period;
    let previous = period.previous();
    let g = q
        .granularity
        .unwrap_or_else(|| Granularity::for_period(&period));
    let buckets = period.buckets(g);
    let prev_buckets = previous.buckets(g);
    let parts = slices(buckets.len(), n);
    let ctx = SliceCtx {
        q,
        buckets,
        // Stages start on or after receipt and end by today; a year of slack covers long runs.
        workdays: Arc::new(WorkdayIndex::new(
            cal,
            period.from - Duration::days(1),
            today.max(period.to) + Duration::days(366),
        )),
        today_day: day_number(today),
    };

    let acc = read_all(store, &ctx, &parts)?;

    // The comparison period is only counted, bucket by bucket (SQLite counts an index range).
    let prev_trend = prev_buckets
        .iter()
        .map(|b| count_appeals(store, &filter(q, *b)))
        .collect::<Result<Vec<i64>>>()?;
    let previous_total = prev_trend.iter().sum();

    let stages = stage_figures(acc.stages);

    let names: HashMap<i64, String> = department_names(store)?.into_iter().collect();
    let mut departments: Vec<CountRow> = acc
        .by_department
        .into_iter()
        .map(|(id, count)| CountRow {
            key: id.map(|i| i.to_string()).unwrap_or_default(),
            label: match id {
                None => "未分流".to_string(),
                Some(i) => names.get(&i).cloned().unwrap_or_else(|| format!("部门{i}")),
            },
            count,
        })
        .collect();
    departments.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));

    let sat = acc.sat;
    let reached = sat[0] + sat[1] + sat[2];
    let last_day = today.max(period.to);
    let years: Vec<i32> = (period.from.year()..=last_day.year())
        .filter(|y| !cal.is_known_year(*y))
        .collect();
    Ok(Statistics {
        query: StatsQuery {
            granularity: Some(g),
            ..q.clone()
        },
        previous_period: previous,
        total: acc.total,
        previous_total,
        by_category: coded(Category::ALL, &acc.by_category, |c| (c.code(), c.label())),
        by_channel: coded(Channel::ALL, &acc.by_channel, |c| (c.code(), c.label())),
        by_department: departments,
        by_status: coded(Status::ALL, &acc.by_status, |s| (s.code(), s.label())),
        stages,
        satisfaction: SatisfactionFigures {
            satisfied: sat[0],
            basically_satisfied: sat[1],
            dissatisfied: sat[2],
            unreachable: sat[3],
            rate: rate(sat[0] + sat[1], reached),
        },
        return_visits: visit_figures(store, &filter(q, period))?,
        reopened: acc.reopened,
        reopen_rate: rate(acc.reopened, acc.reopen_base),
        supervision_notices: acc.notices,
        supervised_appeals: acc.supervised,
        escalated_appeals: acc.escalated,
        major_appeals: acc.major,
        granularity: g,
        trend: ctx
            .buckets
            .iter()
            .enumerate()
            .map(|(i, b)| TrendPoint {
                label: b.bucket_label(g),
                from: b.from,
                to: b.to,
                count: acc.trend[i],
                previous_count: prev_trend.get(i).copied(),
            })
            .collect(),
        calendar_warning: Computed {
            value: (),
            fallback_years: years,
        }
        .warning(),
    })
}

fn coded<T: Copy>(
    all: &[T],
    counts: &[i64],
    code: impl Fn(T) -> (&'static str, &'static str),
) -> Vec<CountRow> {
    all.iter()
        .zip(counts)
        .map(|(v, n)| {
            let (key, label) = code(*v);
            CountRow {
                key: key.into(),
                label: label.into(),
                count: *n,
            }
        })
        .collect()
}

fn stage_figures(acc: Vec<StageAcc>) -> Vec<StageFigures> {
    Stage::ALL
        .iter()
        .zip(acc)
        .map(|(stage, a)| StageFigures {
            stage: *stage,
            label: stage.label().into(),
            finished: a.finished,
            on_time: a.on_time,
            late: a.late,
            running_late: a.running_late,
            running: a.running,
            on_time_rate: if *stage == Stage::Tracking {
                None
            } else {
                rate(a.on_time, a.on_time + a.late + a.running_late)
            },
            average_working_days: a.days.average(),
            median_working_days: a.days.median(),
            supervision_notices: a.notices,
        })
        .collect()
}
