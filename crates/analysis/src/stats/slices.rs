//! The reading side of the statistics: a period cut into slices, each slice's appeals and stage
//! runs added up into a [`SliceAcc`], and the slices read at once on readers of their own
//! ([`Store::sibling_reader`]: a connection each).
//!
//! Why it is shaped so: a year of a million-appeal file is two million stage runs, which one
//! core reads in about a second; everything a slice counts is a sum (histograms included), so
//! slices merge by adding and any split gives the same figures (tested). The slices'
//! transactions start a moment apart, so a registration committed in between may be counted by
//! one slice and not another — no worse than pressing 刷新 a moment later.

use super::cohort::IdSet;
use super::{StatsQuery, filter, pos, rate};
use crate::period::Period;
use crate::workdays::WorkdayIndex;
use minyi_core::model::{Category, Channel, Satisfaction, Stage, Status};
use minyi_core::queries::stats::{CohortRow, RunDays, fold_appeals, fold_run_days, fold_span_days};
use minyi_core::{CoreError, Result, Store};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

/// Whole working days per run, counted by value: average and median without storing every run.
#[derive(Default)]
pub(super) struct Histogram {
    pub(super) counts: Vec<i64>,
    pub(super) n: i64,
    pub(super) sum: i64,
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
    pub(super) fn average(&self) -> Option<f64> {
        rate(self.sum, self.n)
    }
    /// The median; for an even count, the mean of the two middle values.
    pub(super) fn median(&self) -> Option<f64> {
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
pub(super) struct StageAcc {
    pub(super) finished: i64,
    pub(super) on_time: i64,
    pub(super) late: i64,
    pub(super) running_late: i64,
    pub(super) running: i64,
    pub(super) notices: i64,
    pub(super) days: Histogram,
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
pub(super) struct SliceAcc {
    pub(super) total: i64,
    pub(super) by_category: [i64; 5],
    pub(super) by_channel: [i64; 7],
    pub(super) by_status: Vec<i64>,
    pub(super) by_department: HashMap<Option<i64>, i64>,
    pub(super) sat: [i64; 4],
    pub(super) reopened: i64,
    pub(super) reopen_base: i64,
    pub(super) notices: i64,
    pub(super) supervised: i64,
    pub(super) escalated: i64,
    pub(super) major: i64,
    pub(super) trend: Vec<i64>,
    pub(super) stages: Vec<StageAcc>,
}

impl SliceAcc {
    pub(super) fn new(buckets: usize) -> Self {
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
pub(super) struct SliceCtx<'a> {
    pub(super) q: &'a StatsQuery,
    pub(super) buckets: Vec<Period>,
    pub(super) workdays: Arc<WorkdayIndex>,
    pub(super) today_day: i64,
}

/// The longest a slice of the period gets before the work is split across connections: below
/// this a period is one scan (a month takes a few tens of milliseconds).
const MIN_SLICE_DAYS: i64 = 45;
/// At most this many scans at once (each holds its own connection and page cache).
const MAX_SLICES: usize = 4;

/// How many slices `period` is read in on this machine.
pub(super) fn slice_count(period: &Period) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let by_length = (((period.to - period.from).num_days() + 1) / MIN_SLICE_DAYS).max(1) as usize;
    cores.min(MAX_SLICES).min(by_length)
}

/// `buckets` trend buckets cut into `n` runs of consecutive buckets (at most one slice per
/// bucket), as even as whole buckets allow.
pub(super) fn slices(buckets: usize, n: usize) -> Vec<Range<usize>> {
    let n = n.clamp(1, buckets.max(1));
    (0..n)
        .map(|k| buckets * k / n..buckets * (k + 1) / n)
        .collect()
}

/// Reads the appeals received in the trend buckets `part` and their stage runs, folded inside
/// SQLite's scans. The appeals are read one bucket at a time, so a bucket's count is the number
/// of rows its scan gave and no date is read per row. When the cohort is every appeal of its id
/// range (a period without filters, as a rule), the runs are folded without appeal ids;
/// otherwise with them, and those of strangers are skipped.
fn read_slice(store: &Store, c: &SliceCtx<'_>, part: Range<usize>) -> Result<SliceAcc> {
    let mut state = (SliceAcc::new(c.buckets.len()), Vec::new());
    for i in part {
        let before = state.0.total;
        let f = filter(c.q, c.buckets[i]);
        state = fold_appeals(store, &f, state, |(acc, ids), a| {
            ids.push(a.id);
            count_appeal(acc, a);
        })?;
        state.0.trend[i] = state.0.total - before;
    }
    let (mut acc, ids) = state;
    if ids.is_empty() {
        return Ok(acc);
    }
    let cohort = IdSet::new(&ids);
    let fold = RunFold {
        stages: std::mem::take(&mut acc.stages),
        workdays: Arc::clone(&c.workdays),
        today_day: c.today_day,
    };
    acc.stages = if cohort.is_whole_range() {
        let (first, last) = (cohort.first, cohort.last());
        fold_run_days(store, first, last, fold, |f, run| {
            count_run(&mut f.stages, &f.workdays, f.today_day, run)
        })?
        .stages
    } else {
        let (first, last) = (cohort.first, cohort.last());
        let (_, fold) = fold_span_days(
            store,
            first,
            last,
            (cohort, fold),
            |(cohort, f), (id, run)| {
                if cohort.contains(*id) {
                    count_run(&mut f.stages, &f.workdays, f.today_day, run);
                }
            },
        )?;
        fold.stages
    };
    Ok(acc)
}

/// Counts one appeal of the cohort into the slice's figures.
fn count_appeal(acc: &mut SliceAcc, a: &CohortRow) {
    acc.total += 1;
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
}

/// What the fold of a slice's stage runs inside SQLite carries (owned: it is handed over).
struct RunFold {
    stages: Vec<StageAcc>,
    workdays: Arc<WorkdayIndex>,
    today_day: i64,
}

/// Counts one stage run into its stage's figures.
fn count_run(stages: &mut [StageAcc], workdays: &WorkdayIndex, today_day: i64, s: &RunDays) {
    let a = &mut stages[pos(Stage::ALL, &s.stage)];
    a.notices += s.supervised;
    match (s.ended_day, s.due_day) {
        (Some(end), due) => {
            a.finished += 1;
            a.days.add(workdays.between_days(s.started_day, end));
            match due {
                Some(due) if end <= due => a.on_time += 1,
                Some(_) => a.late += 1,
                None => {}
            }
        }
        (None, Some(due)) if due < today_day => a.running_late += 1,
        (None, _) => a.running += 1,
    }
}

/// Reads every slice of `parts` and adds them up: the first through `store`, the others each
/// through a reader of its own ([`Store::sibling_reader`]) on a thread of its own. Without a file to share
/// (in-memory tests) every slice is read through `store` in turn.
pub(super) fn read_all(
    store: &Store,
    ctx: &SliceCtx<'_>,
    parts: &[Range<usize>],
) -> Result<SliceAcc> {
    let mut readers = Vec::new();
    for _ in 1..parts.len() {
        match store.sibling_reader()? {
            Some(r) => readers.push(r),
            None => break,
        }
    }
    let (here, away) = parts.split_at(parts.len() - readers.len());
    let mut acc = SliceAcc::new(ctx.buckets.len());
    std::thread::scope(|scope| -> Result<()> {
        let workers: Vec<_> = away
            .iter()
            .zip(readers)
            .map(|(part, reader)| scope.spawn(move || read_slice(&reader, ctx, part.clone())))
            .collect();
        for part in here {
            acc.merge(read_slice(store, ctx, part.clone())?);
        }
        for w in workers {
            let part = w
                .join()
                .map_err(|_| CoreError::storage("统计时出现内部错误，请重试。"))??;
            acc.merge(part);
        }
        Ok(())
    })?;
    Ok(acc)
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
}
