//! Disclosure data (信息公开, §七(一)): what the office publishes about a period — how many appeals of
//! which type came through which channel, what became of them, how satisfied the appellants were.
//!
//! It is built from the period's [`Statistics`] alone, so it can carry nothing but counts and
//! fixed labels: no name, phone, address, ID number or free text ever reaches it. Small counts could
//! still point at a person ("one complaint from the walk-in desk"), so every count from 1 to below
//! the `disclosure.threshold` setting is suppressed; and where a group would then have exactly one
//! suppressed cell — which the total minus the others would reveal — the next smallest cell of the
//! group is suppressed with it.

use crate::period::Period;
use crate::stats::{CountRow, Statistics, StatsQuery, statistics};
use chrono::NaiveDate;
use minyi_core::access::{Action, authorize};
use minyi_core::model::{Actor, Status};
use minyi_core::store::settings::SettingKey;
use minyi_core::{Result, Store};
use serde::{Deserialize, Serialize};

/// One published number; `count` is `None` when it is suppressed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct DisclosureCell {
    pub label: String,
    pub count: Option<i64>,
}

/// The disclosure data of a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Disclosure {
    pub period: Period,
    /// Counts from 1 to below this are suppressed.
    pub threshold: i64,
    pub total: Option<i64>,
    pub by_category: Vec<DisclosureCell>,
    pub by_channel: Vec<DisclosureCell>,
    /// 已办结 / 办理中 / 已合并（重复件）.
    pub results: Vec<DisclosureCell>,
    pub satisfaction: Vec<DisclosureCell>,
    /// Published only when the appellants reached number at least the threshold.
    pub satisfaction_rate: Option<f64>,
    /// On time across the stages with deadlines (initial review to feedback).
    pub on_time_rate: Option<f64>,
}

/// Disclosure data for a signed-in user allowed to prepare disclosure.
pub fn disclosure_for(
    store: &Store,
    actor: &Actor,
    period: Period,
    today: NaiveDate,
) -> Result<Disclosure> {
    authorize(actor, Action::Disclosure, None)?;
    disclosure(store, period, today)
}

/// The disclosure data of `period` as of `today`.
pub fn disclosure(store: &Store, period: Period, today: NaiveDate) -> Result<Disclosure> {
    let threshold = store.setting_i64(SettingKey::DisclosureThreshold)?.max(1);
    let q = StatsQuery {
        period,
        category: None,
        channel: None,
        department_id: None,
        granularity: None,
    };
    let s = statistics(store, &q, today)?;
    Ok(build(&s, threshold))
}

fn cells(rows: &[CountRow]) -> Vec<(String, i64)> {
    rows.iter().map(|r| (r.label.clone(), r.count)).collect()
}

/// Suppresses small cells of one group (see the module docs).
pub fn suppress(group: Vec<(String, i64)>, threshold: i64) -> Vec<DisclosureCell> {
    let small = |n: i64| n > 0 && n < threshold;
    let mut hidden: Vec<bool> = group.iter().map(|(_, n)| small(*n)).collect();
    if hidden.iter().filter(|h| **h).count() == 1 {
        // The smallest other non-zero cell goes too, so the hidden one cannot be subtracted out.
        if let Some(i) = group
            .iter()
            .enumerate()
            .filter(|(i, (_, n))| !hidden[*i] && *n > 0)
            .min_by_key(|(_, (_, n))| *n)
            .map(|(i, _)| i)
        {
            hidden[i] = true;
        }
    }
    group
        .into_iter()
        .zip(hidden)
        .map(|((label, n), h)| DisclosureCell {
            label,
            count: (!h).then_some(n),
        })
        .collect()
}

fn build(s: &Statistics, threshold: i64) -> Disclosure {
    let status = |wanted: &dyn Fn(Status) -> bool| -> i64 {
        s.by_status
            .iter()
            .filter(|r| {
                Status::ALL
                    .iter()
                    .any(|st| st.code() == r.key && wanted(*st))
            })
            .map(|r| r.count)
            .sum()
    };
    let results = vec![
        ("已办结".to_string(), status(&|st| st == Status::Closed)),
        ("办理中".to_string(), status(&|st| !st.is_final())),
        (
            "已合并（重复件）".to_string(),
            status(&|st| st == Status::Merged),
        ),
    ];
    let sat = &s.satisfaction;
    let reached = sat.satisfied + sat.basically_satisfied + sat.dissatisfied;
    let satisfaction = vec![
        ("满意".to_string(), sat.satisfied),
        ("基本满意".to_string(), sat.basically_satisfied),
        ("不满意".to_string(), sat.dissatisfied),
        ("未能联系".to_string(), sat.unreachable),
    ];
    let timed = s
        .stages
        .iter()
        .filter(|f| f.on_time_rate.is_some())
        .fold((0, 0), |(on, all), f| {
            (on + f.on_time, all + f.on_time + f.late + f.running_late)
        });
    let satisfaction = suppress(satisfaction, threshold);
    let satisfaction_rate =
        rate_if_nothing_hidden(&satisfaction[..3], sat.rate, reached, threshold);
    Disclosure {
        period: s.query.period,
        threshold,
        total: (s.total == 0 || s.total >= threshold).then_some(s.total),
        by_category: suppress(cells(&s.by_category), threshold),
        by_channel: suppress(cells(&s.by_channel), threshold),
        results: suppress(results, threshold),
        satisfaction,
        satisfaction_rate,
        on_time_rate: (timed.1 >= threshold).then(|| timed.0 as f64 / timed.1 as f64),
    }
}

/// A rate over `cells` is published only when none of them is hidden: with the other counts
/// published, a rate to one decimal lets a reader work the hidden ones out again.
fn rate_if_nothing_hidden(
    cells: &[DisclosureCell],
    rate: Option<f64>,
    base: i64,
    threshold: i64,
) -> Option<f64> {
    let hidden = cells.iter().any(|c| c.count.is_none());
    rate.filter(|_| base >= threshold && !hidden)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(ns: &[i64]) -> Vec<(String, i64)> {
        ns.iter()
            .enumerate()
            .map(|(i, n)| (format!("c{i}"), *n))
            .collect()
    }

    fn shown(cells: &[DisclosureCell]) -> Vec<Option<i64>> {
        cells.iter().map(|c| c.count).collect()
    }

    #[test]
    fn a_rate_over_hidden_cells_is_withheld() {
        // 满意 44, 基本满意 2, 不满意 1: publishing 97.9 % beside 44 would give the two away.
        let hidden = suppress(group(&[44, 2, 1]), 5);
        assert_eq!(
            rate_if_nothing_hidden(&hidden, Some(46.0 / 47.0), 47, 5),
            None
        );
        let open = suppress(group(&[44, 12, 6]), 5);
        assert_eq!(
            rate_if_nothing_hidden(&open, Some(56.0 / 62.0), 62, 5),
            Some(56.0 / 62.0)
        );
        assert_eq!(rate_if_nothing_hidden(&open, Some(1.0), 4, 5), None);
    }

    #[test]
    fn small_cells_are_suppressed_and_zeros_are_not() {
        let out = suppress(group(&[40, 3, 0, 2, 12]), 5);
        assert_eq!(shown(&out), [Some(40), None, Some(0), None, Some(12)]);
    }

    #[test]
    fn a_lone_suppressed_cell_takes_the_next_smallest_with_it() {
        let out = suppress(group(&[40, 3, 0, 7, 12]), 5);
        assert_eq!(shown(&out), [Some(40), None, Some(0), None, Some(12)]);
        let nothing_small = suppress(group(&[40, 5, 0]), 5);
        assert_eq!(shown(&nothing_small), [Some(40), Some(5), Some(0)]);
    }
}
