//! Statistics for a period (§六): counts by category, channel, department and status; on-time
//! rate, average and median working days per stage; satisfaction and reopen rates; supervision
//! and escalation counts; a weekly or monthly trend beside the comparison period.
//!
//! Every figure is about the *cohort*: the appeals received in the period that pass the filter,
//! whatever has happened to them since. That one definition makes the figures add up (the status
//! counts sum to the total) and lets a manager re-run last year and get last year's numbers.
//!
//! Two streaming passes — the period's appeals (from a covering index) and the stage runs of the
//! cohort's id range, kept by a bitset of the cohort's ids — and the comparison period's daily
//! counts, which SQLite aggregates itself. Working days come from a prefix-sum index of the calendar, and
//! medians from per-stage histograms of whole working days, so a year of a million-appeal file
//! stays well under a second.

mod types;

pub use types::*;

use crate::period::{Granularity, Period, bucket_index};
use crate::workdays::WorkdayIndex;
use chrono::{Datelike, Duration, NaiveDate};
use minyi_core::access::{Action, authorize};
use minyi_core::calendar::{Computed, WorkCalendar};
use minyi_core::model::{Actor, Category, Channel, Satisfaction, Stage, Status};
use minyi_core::queries::stats::{
    CohortFilter, daily_counts, department_names, for_each_appeal, for_each_span,
};
use minyi_core::{Result, Store};
use rusqlite::Connection;
use std::collections::HashMap;

/// Statistics for a signed-in user: the appeals office and management see every department.
pub fn statistics_for(
    store: &Store,
    actor: &Actor,
    q: &StatsQuery,
    today: NaiveDate,
) -> Result<Statistics> {
    authorize(actor, Action::ViewStatistics, None)?;
    statistics(store.conn(), store.calendar(), q, today)
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

/// A set of appeal ids inside one id range.
pub(crate) struct IdSet {
    pub(crate) first: i64,
    bits: Vec<u64>,
}

impl IdSet {
    pub(crate) fn new(ids: &[i64]) -> Self {
        let first = ids.iter().copied().min().unwrap_or(0);
        let last = ids.iter().copied().max().unwrap_or(-1);
        let len = (last - first + 1).max(0) as usize;
        let mut bits = vec![0u64; len.div_ceil(64)];
        for id in ids {
            let i = (id - first) as usize;
            bits[i / 64] |= 1 << (i % 64);
        }
        Self { first, bits }
    }
    pub(crate) fn last(&self) -> i64 {
        self.first + (self.bits.len() * 64) as i64 - 1
    }
    pub(crate) fn contains(&self, id: i64) -> bool {
        let i = id - self.first;
        i >= 0
            && (i as usize) < self.bits.len() * 64
            && self.bits[i as usize / 64] >> (i % 64) & 1 == 1
    }
}

/// Whole working days per run, counted by value: average and median without storing every run.
#[derive(Default)]
struct Histogram {
    counts: Vec<i64>,
    n: i64,
    sum: i64,
}

impl Histogram {
    fn add(&mut self, days: i64) {
        let d = days.max(0);
        let i = d as usize;
        if i >= self.counts.len() {
            self.counts.resize(i + 1, 0);
        }
        self.counts[i] += 1;
        self.n += 1;
        self.sum += d;
    }
    fn average(&self) -> Option<f64> {
        rate(self.sum, self.n)
    }
    /// The median; for an even count, the mean of the two middle values.
    fn median(&self) -> Option<f64> {
        if self.n == 0 {
            return None;
        }
        let nth = |k: i64| -> i64 {
            let mut seen = 0;
            for (v, c) in self.counts.iter().enumerate() {
                seen += c;
                if seen > k {
                    return v as i64;
                }
            }
            0
        };
        let lo = nth((self.n - 1) / 2);
        let hi = nth(self.n / 2);
        Some((lo + hi) as f64 / 2.0)
    }
}

#[derive(Default)]
struct StageAcc {
    finished: i64,
    on_time: i64,
    late: i64,
    running_late: i64,
    running: i64,
    notices: i64,
    days: Histogram,
}

/// The statistics of `q` as of `today` (which decides whether a running stage is late already).
pub fn statistics(
    conn: &Connection,
    cal: &WorkCalendar,
    q: &StatsQuery,
    today: NaiveDate,
) -> Result<Statistics> {
    let period = q.period;
    let previous = period.previous();
    let g = q
        .granularity
        .unwrap_or_else(|| Granularity::for_period(&period));
    let buckets = period.buckets(g);
    let prev_buckets = previous.buckets(g);

    let mut by_category = [0i64; 5];
    let mut by_channel = [0i64; 7];
    let mut by_status = vec![0i64; Status::ALL.len()];
    let mut by_department: HashMap<Option<i64>, i64> = HashMap::new();
    let mut sat = [0i64; 4];
    let (mut total, mut reopened, mut reopen_base) = (0i64, 0i64, 0i64);
    let (mut notices, mut supervised, mut escalated, mut major) = (0i64, 0i64, 0i64, 0i64);
    let mut trend = vec![0i64; buckets.len()];
    let mut ids = Vec::new();
    for_each_appeal(conn, &filter(q, period), |a| {
        total += 1;
        ids.push(a.id);
        by_category[pos(Category::ALL, &a.category)] += 1;
        by_channel[pos(Channel::ALL, &a.channel)] += 1;
        by_status[pos(Status::ALL, &a.status)] += 1;
        *by_department.entry(a.department_id).or_default() += 1;
        if let Some(s) = a.satisfaction {
            sat[pos(Satisfaction::ALL, &s)] += 1;
        }
        if a.round > 1 {
            reopened += 1;
        }
        if a.round > 1 || a.status == Status::Closed {
            reopen_base += 1;
        }
        notices += a.supervision_count;
        supervised += i64::from(a.supervision_count > 0);
        escalated += i64::from(a.escalated);
        major += i64::from(a.major);
        if let Some(i) = bucket_index(&period, g, a.received_on) {
            trend[i] += 1;
        }
    })?;

    let mut previous_total = 0i64;
    let mut prev_trend = vec![0i64; prev_buckets.len()];
    for (day, n) in daily_counts(conn, &filter(q, previous))? {
        previous_total += n;
        if let Some(i) = bucket_index(&previous, g, day) {
            prev_trend[i] += n;
        }
    }

    let stages = stage_figures(conn, cal, &ids, period, today)?;

    let names: HashMap<i64, String> = department_names(conn)?.into_iter().collect();
    let mut departments: Vec<CountRow> = by_department
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
        total,
        previous_total,
        by_category: coded(Category::ALL, &by_category, |c| (c.code(), c.label())),
        by_channel: coded(Channel::ALL, &by_channel, |c| (c.code(), c.label())),
        by_department: departments,
        by_status: coded(Status::ALL, &by_status, |s| (s.code(), s.label())),
        stages,
        satisfaction: SatisfactionFigures {
            satisfied: sat[0],
            basically_satisfied: sat[1],
            dissatisfied: sat[2],
            unreachable: sat[3],
            rate: rate(sat[0] + sat[1], reached),
        },
        reopened,
        reopen_rate: rate(reopened, reopen_base),
        supervision_notices: notices,
        supervised_appeals: supervised,
        escalated_appeals: escalated,
        major_appeals: major,
        granularity: g,
        trend: buckets
            .iter()
            .enumerate()
            .map(|(i, b)| TrendPoint {
                label: b.bucket_label(g),
                from: b.from,
                to: b.to,
                count: trend[i],
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

fn stage_figures(
    conn: &Connection,
    cal: &WorkCalendar,
    ids: &[i64],
    period: Period,
    today: NaiveDate,
) -> Result<Vec<StageFigures>> {
    let mut acc: Vec<StageAcc> = Stage::ALL.iter().map(|_| StageAcc::default()).collect();
    if !ids.is_empty() {
        let cohort = IdSet::new(ids);
        // Stages start on or after receipt and end by today; a year of slack covers long runs.
        let workdays = WorkdayIndex::new(
            cal,
            period.from - Duration::days(1),
            today.max(period.to) + Duration::days(366),
        );
        for_each_span(conn, cohort.first, cohort.last(), |s| {
            if !cohort.contains(s.appeal_id) {
                return;
            }
            let a = &mut acc[pos(Stage::ALL, &s.stage)];
            a.notices += s.supervised;
            match (s.ended_on, s.due_date) {
                (Some(end), due) => {
                    a.finished += 1;
                    a.days.add(workdays.between(s.started_on, end));
                    match due {
                        Some(due) if end <= due => a.on_time += 1,
                        Some(_) => a.late += 1,
                        None => {}
                    }
                }
                (None, Some(due)) if due < today => a.running_late += 1,
                (None, _) => a.running += 1,
            }
        })?;
    }
    Ok(Stage::ALL
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
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_median_and_average() {
        let mut h = Histogram::default();
        assert_eq!(h.median(), None);
        for d in [3, 0, 5, 1] {
            h.add(d);
        }
        assert_eq!(h.median(), Some(2.0));
        assert_eq!(h.average(), Some(2.25));
        h.add(7);
        assert_eq!(h.median(), Some(3.0));
    }

    #[test]
    fn id_set_holds_exactly_its_ids() {
        let s = IdSet::new(&[70, 5, 64, 6]);
        for id in 0..200 {
            assert_eq!(s.contains(id), [70, 5, 64, 6].contains(&id), "{id}");
        }
        assert!(s.last() >= 70);
        let empty = IdSet::new(&[]);
        assert!(!empty.contains(0));
    }
}
