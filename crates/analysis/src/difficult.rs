//! Difficult issues (难点, §六) of a period: the appeals received in it that are still open
//! longest (in working days), those handled again, those escalated to management, and the
//! appellants who came back with several appeals (by phone number, shown masked).
//!
//! Each list holds the first [`LIMIT`] and says how many there are in all, so the screen can lead
//! to every appeal with one click without loading thousands. The SQL is the core's
//! (`queries::difficult`); this module adds the working days and the serialisable shape.

use crate::period::Period;
use chrono::NaiveDate;
use minyi_core::access::{Action, authorize};
use minyi_core::model::{Actor, Category, Status};
use minyi_core::queries::difficult::{DifficultKind, DifficultRow, difficult, repeat_appellants};
use minyi_core::{Result, Store};
use serde::{Deserialize, Serialize};

/// How many appeals (or appellants) each list shows.
pub const LIMIT: i64 = 20;

/// One appeal of a list, as the screen shows it (no appellant data).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct DifficultAppeal {
    pub appeal_id: i64,
    pub reg_number: String,
    pub archive_number: Option<String>,
    pub subject: String,
    pub category: Category,
    pub status: Status,
    pub department: Option<String>,
    pub received_on: NaiveDate,
    pub round: i64,
    pub supervision_count: i64,
    pub escalated: bool,
    /// Working days from receipt to today (for appeals still open; `None` once closed).
    pub working_days_open: Option<i64>,
}

/// A list and how many belong in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct DifficultList {
    pub total: i64,
    pub appeals: Vec<DifficultAppeal>,
}

/// An appellant with several appeals in the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct RepeatAppellant {
    /// 138****5678: never the full number.
    pub masked_phone: String,
    pub count: i64,
    pub appeals: Vec<DifficultAppeal>,
}

/// The difficult issues of a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct DifficultIssues {
    pub period: Period,
    pub long_running: DifficultList,
    pub reopened: DifficultList,
    pub escalated: DifficultList,
    /// How many phone numbers came back with two or more appeals in all.
    pub repeat_total: i64,
    pub repeat_appellants: Vec<RepeatAppellant>,
}

/// Difficult issues for a signed-in user (the statistics' rule).
pub fn difficult_for(
    store: &Store,
    actor: &Actor,
    period: Period,
    today: NaiveDate,
) -> Result<DifficultIssues> {
    authorize(actor, Action::ViewStatistics, None)?;
    let period = Period::new(period.from, period.to)?;
    difficult_issues(store, period, today)
}

pub fn difficult_issues(
    store: &Store,
    period: Period,
    today: NaiveDate,
) -> Result<DifficultIssues> {
    let cal = store.calendar();
    let shape = |r: DifficultRow| DifficultAppeal {
        working_days_open: (!r.status.is_final())
            .then(|| cal.working_days_between(r.received_on, today).value.max(0)),
        appeal_id: r.appeal_id,
        reg_number: r.reg_number,
        archive_number: r.archive_number,
        subject: r.subject,
        category: r.category,
        status: r.status,
        department: r.department,
        received_on: r.received_on,
        round: r.round,
        supervision_count: r.supervision_count,
        escalated: r.escalated,
    };
    let list = |kind| -> Result<DifficultList> {
        let (rows, total) = difficult(store, kind, period.from, period.to, LIMIT)?;
        Ok(DifficultList {
            total,
            appeals: rows.into_iter().map(shape).collect(),
        })
    };
    let (groups, repeat_total) = repeat_appellants(store, period.from, period.to, LIMIT)?;
    Ok(DifficultIssues {
        period,
        long_running: list(DifficultKind::LongRunning)?,
        reopened: list(DifficultKind::Reopened)?,
        escalated: list(DifficultKind::Escalated)?,
        repeat_total,
        repeat_appellants: groups
            .into_iter()
            .map(|g| RepeatAppellant {
                masked_phone: g.masked_phone,
                count: g.count,
                appeals: g.appeals.into_iter().map(shape).collect(),
            })
            .collect(),
    })
}
