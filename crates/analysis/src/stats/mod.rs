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
//! counts, which SQLite aggregates itself. A long period is cut into slices read at once on
//! connections of their own, whose sums are then added up. Working days come from a prefix-sum index of the calendar, and
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
    CohortFilter, daily_counts, day_number, department_names, for_each_appeal, for_each_span_days,
};
use minyi_core::store::db::open_sibling_reader;
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
    fn merge(&mut self, o: Histogram) {
        if o.counts.len() > self.counts.len() {
            self.counts.resize(o.counts.len(), 0);
        }
        add_all(&mut self.counts, &o.counts);
        self.n += o.n;
        self.sum += o.sum;
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

impl StageAcc {
    fn merge(&mut self, o: StageAcc) {
        self.finished += o.finished;
        self.on_time += o.on_time;
        self.late += o.late;
        self.running_late += o.running_late;
        self.running += o.running;
        self.notices += o.notices;
        self.days.merge(o.days);
    }
}

/// What one slice of the period adds up: the counts of its appeals and the figures of their
/// stage runs. Slices are merged by adding, so any split of the period gives the same result.
struct SliceAcc {
    total: i64,
    by_category: [i64; 5],
    by_channel: [i64; 7],
    by_status: Vec<i64>,
    by_department: HashMap<Option<i64>, i64>,
    sat: [i64; 4],
    reopened: i64,
    reopen_base: i64,
    notices: i64,
    supervised: i64,
    escalated: i64,
    major: i64,
    trend: Vec<i64>,
    stages: Vec<StageAcc>,
}

impl SliceAcc {
    fn new(buckets: usize) -> Self {
        Self {
            total: 0,
            by_category: [0; 5],
            by_channel: [0; 7],
            by_status: vec![0; Status::ALL.len()],
            by_department: HashMap::new(),
            sat: [0; 4],
            reopened: 0,
            reopen_base: 0,
            notices: 0,
            supervised: 0,
            escalated: 0,
            major: 0,
            trend: vec![0; buckets],
            stages: Stage::ALL.iter().map(|_| StageAcc::default()).collect(),
        }
    }

    fn merge(&mut self, o: SliceAcc) {
        self.total += o.total;
        add_all(&mut self.by_category, &o.by_category);
        add_all(&mut self.by_channel, &o.by_channel);
        add_all(&mut self.by_status, &o.by_status);
        for (k, v) in o.by_department {
            *self.by_department.entry(k).or_default() += v;
        }
        add_all(&mut self.sat, &o.sat);
        self.reopened += o.reopened;
        self.reopen_base += o.reopen_base;
        self.notices += o.notices;
        self.supervised += o.supervised;
        self.escalated += o.escalated;
        self.major += o.major;
        add_all(&mut self.trend, &o.trend);
        for (a, b) in self.stages.iter_mut().zip(o.stages) {
            a.merge(b);
        }
    }
}

fn add_all(into: &mut [i64], from: &[i64]) {
    for (a, b) in into.iter_mut().zip(from) {
        *a += b;
    }
}

/// What every slice shares: the query, the whole period's trend buckets and the calendar index.
struct SliceCtx<'a> {
    q: &'a StatsQuery,
    period: Period,
    g: Granularity,
    buckets: usize,
    workdays: WorkdayIndex<'a>,
    today_day: i64,
}

/// The longest a slice of the period gets before the work is split across connections: below
/// this a period is one scan (a month takes a few tens of milliseconds).
const MIN_SLICE_DAYS: i64 = 45;
/// At most this many scans at once (each holds its own connection and page cache).
const MAX_SLICES: usize = 4;

/// How many slices `period` is read in on this machine.
fn slice_count(period: &Period) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let by_length = (((period.to - period.from).num_days() + 1) / MIN_SLICE_DAYS).max(1) as usize;
    cores.min(MAX_SLICES).min(by_length)
}

/// `period` cut into `n` consecutive slices of (nearly) equal length.
fn slices(period: &Period, n: usize) -> Vec<(NaiveDate, NaiveDate)> {
    let days = (period.to - period.from).num_days() + 1;
    let n = (n as i64).clamp(1, days);
    (0..n)
        .map(|k| {
            let a = period.from + Duration::days(days * k / n);
            let b = period.from + Duration::days(days * (k + 1) / n - 1);
            (a, b)
        })
        .collect()
}

/// Reads the appeals received in `from..=to` and their stage runs.
fn read_slice(
    conn: &Connection,
    c: &SliceCtx<'_>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<SliceAcc> {
    let mut acc = SliceAcc::new(c.buckets);
    let mut ids = Vec::new();
    let f = CohortFilter {
        from,
        to,
        ..filter(c.q, c.period)
    };
    for_each_appeal(conn, &f, |a| {
        acc.total += 1;
        ids.push(a.id);
        acc.by_category[pos(Category::ALL, &a.category)] += 1;
        acc.by_channel[pos(Channel::ALL, &a.channel)] += 1;
        acc.by_status[pos(Status::ALL, &a.status)] += 1;
        *acc.by_department.entry(a.department_id).or_default() += 1;
        if let Some(s) = a.satisfaction {
            acc.sat[pos(Satisfaction::ALL, &s)] += 1;
        }
        if a.round > 1 {
            acc.reopened += 1;
        }
        if a.round > 1 || a.status == Status::Closed {
            acc.reopen_base += 1;
        }
        acc.notices += a.supervision_count;
        acc.supervised += i64::from(a.supervision_count > 0);
        acc.escalated += i64::from(a.escalated);
        acc.major += i64::from(a.major);
        if let Some(i) = bucket_index(&c.period, c.g, a.received_on) {
            acc.trend[i] += 1;
        }
    })?;
    if ids.is_empty() {
        return Ok(acc);
    }
    let cohort = IdSet::new(&ids);
    for_each_span_days(conn, cohort.first, cohort.last(), |s| {
        if !cohort.contains(s.appeal_id) {
            return;
        }
        let a = &mut acc.stages[pos(Stage::ALL, &s.stage)];
        a.notices += s.supervised;
        match (s.ended_day, s.due_day) {
            (Some(end), due) => {
                a.finished += 1;
                a.days.add(c.workdays.between_days(s.started_day, end));
                match due {
                    Some(due) if end <= due => a.on_time += 1,
                    Some(_) => a.late += 1,
                    None => {}
                }
            }
            (None, Some(due)) if due < c.today_day => a.running_late += 1,
            (None, _) => a.running += 1,
        }
    })?;
    Ok(acc)
}

/// The statistics of `q` as of `today` (which decides whether a running stage is late already).
///
/// A long period is read in slices at once, one connection each (WAL lets readers run beside
/// each other and beside the window's writes), because a year of a million-appeal file is two
/// million stage runs and one core reads them in about a second. The slices' transactions start
/// a moment apart, so a registration committed in between may be counted by one slice and not
/// another — no worse than pressing 刷新 a moment later.
pub fn statistics(
    conn: &Connection,
    cal: &WorkCalendar,
    q: &StatsQuery,
    today: NaiveDate,
) -> Result<Statistics> {
    let period = q.period;
    let n = slice_count(&period);
    statistics_in_slices(conn, cal, q, today, n)
}

/// [`statistics`] read in `n` slices (at most one per day of the period) rather than as many as
/// this machine has cores for; tests and the benchmark compare splits with it.
pub fn statistics_in_slices(
    conn: &Connection,
    cal: &WorkCalendar,
    q: &StatsQuery,
    today: NaiveDate,
    n: usize,
) -> Result<Statistics> {
    let period = q.period;
    let previous = period.previous();
    let g = q
        .granularity
        .unwrap_or_else(|| Granularity::for_period(&period));
    let buckets = period.buckets(g);
    let prev_buckets = previous.buckets(g);
    let ctx = SliceCtx {
        q,
        period,
        g,
        buckets: buckets.len(),
        // Stages start on or after receipt and end by today; a year of slack covers long runs.
        workdays: WorkdayIndex::new(
            cal,
            period.from - Duration::days(1),
            today.max(period.to) + Duration::days(366),
        ),
        today_day: day_number(today),
    };

    // The first slice is read here through `conn`; the others each through a reader of their
    // own. Without a file to share (in-memory tests) every slice is read here in turn.
    let parts = slices(&period, n);
    let mut readers = Vec::new();
    for _ in 1..parts.len() {
        match open_sibling_reader(conn)? {
            Some(r) => readers.push(r),
            None => break,
        }
    }
    let (here, away) = parts.split_at(parts.len() - readers.len());
    let mut acc = SliceAcc::new(buckets.len());
    std::thread::scope(|scope| -> Result<()> {
        let ctx = &ctx;
        let workers: Vec<_> = away
            .iter()
            .zip(readers)
            .map(|(&(from, to), reader)| scope.spawn(move || read_slice(&reader, ctx, from, to)))
            .collect();
        for &(from, to) in here {
            acc.merge(read_slice(conn, ctx, from, to)?);
        }
        for w in workers {
            let part = w
                .join()
                .map_err(|_| minyi_core::CoreError::storage("统计时出现内部错误，请重试。"))??;
            acc.merge(part);
        }
        Ok(())
    })?;

    let mut previous_total = 0i64;
    let mut prev_trend = vec![0i64; prev_buckets.len()];
    for (day, n) in daily_counts(conn, &filter(q, previous))? {
        previous_total += n;
        if let Some(i) = bucket_index(&previous, g, day) {
            prev_trend[i] += n;
        }
    }

    let stages = stage_figures(acc.stages);

    let names: HashMap<i64, String> = department_names(conn)?.into_iter().collect();
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
        reopened: acc.reopened,
        reopen_rate: rate(acc.reopened, acc.reopen_base),
        supervision_notices: acc.notices,
        supervised_appeals: acc.supervised,
        escalated_appeals: acc.escalated,
        major_appeals: acc.major,
        granularity: g,
        trend: buckets
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
