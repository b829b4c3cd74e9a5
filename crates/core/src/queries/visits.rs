//! The return-visit list (回访名单) and the return-visit figures of the statistics (issue 20 §9).
//!
//! The list is the office's work: whoever may record a visit ([`Action::ReturnVisit`]) sees it.
//! It names whom to call, so it carries the appellant's name and phone — in full only when asked
//! for ([`PersonalData::Full`]: the 回访 screen does, the command line only with
//! `--personal-data`) and only for staff who may see personal data (role and signed agreement,
//! [`access::may_see_personal_data`]); masked ([`crate::mask`]) otherwise. A page that showed anyone's phone in full is logged
//! in the access log ([`AccessKind::ReturnVisitList`]) with the number of rows, no personal data.
//!
//! The figures count the visits of the statistics' cohort (the appeals received in the period
//! that pass its filter), so they sit beside the feedback satisfaction of the same appeals.

use super::detail::PersonalData;
use super::stats::{CohortFilter, cohort_params};
use crate::access::{self, Action};
use crate::error::Result;
use crate::mask;
use crate::model::{AccessKind, Category, Ctx, Satisfaction, VisitStatus};
use crate::store::sql::params;
use crate::store::{Store, registry};
use crate::time::{fmt_ts, parse_ts};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// Which visits to list: one status (open by default), a page.
#[derive(
    Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema,
)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct VisitQuery {
    pub status: Option<VisitStatus>,
    /// Names and phones in full (when the user may see them) or masked.
    pub personal: PersonalData,
    pub page: i64,
    pub page_size: i64,
}

/// One visit of the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct VisitRow {
    pub visit_id: i64,
    pub appeal_id: i64,
    pub reg_number: String,
    pub archive_number: Option<String>,
    pub subject: String,
    pub category: Category,
    pub department_name: Option<String>,
    pub closed_at: Option<DateTime<FixedOffset>>,
    /// What the appellant said at the feedback, for comparison.
    pub feedback_satisfaction: Option<Satisfaction>,
    pub queued_at: DateTime<FixedOffset>,
    pub status: VisitStatus,
    /// The satisfaction the visit got, when completed.
    pub satisfaction: Option<Satisfaction>,
    pub attempts: i64,
    pub unreached_attempts: i64,
    pub last_attempt_at: Option<DateTime<FixedOffset>>,
    pub last_remark: Option<String>,
    /// The appellant's name and phone, masked unless [`VisitList::personal_data_shown`].
    pub appellant_name: String,
    pub phone: Option<String>,
}

/// A page of the return-visit list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct VisitList {
    pub rows: Vec<VisitRow>,
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
    /// Names and phones are in full (and the viewing was logged); else masked.
    pub personal_data_shown: bool,
}

const LIST_SQL: &str = "
    SELECT v.id, a.id, a.reg_number, a.archive_number, a.subject, a.category, d.name, a.closed_at,
           a.satisfaction, v.queued_at, v.status, v.satisfaction,
           (SELECT count(*) FROM return_visit_attempts t WHERE t.visit_id = v.id),
           (SELECT count(*) FROM return_visit_attempts t WHERE t.visit_id = v.id AND t.reached = 0),
           (SELECT max(t.at) FROM return_visit_attempts t WHERE t.visit_id = v.id),
           (SELECT t.remark FROM return_visit_attempts t WHERE t.visit_id = v.id
             ORDER BY t.id DESC LIMIT 1),
           p.name, p.phone
    FROM return_visits v
    JOIN appeals a ON a.id = v.appeal_id
    JOIN appellants p ON p.id = a.appellant_id
    LEFT JOIN departments d ON d.id = a.department_id
    WHERE v.status = ?1 AND (v.status <> 'open' OR a.closed_at IS NOT NULL)
    ORDER BY CASE WHEN ?1 = 'open' THEN v.queued_at END ASC,
             coalesce(v.finished_at, v.queued_at) DESC, v.id
    LIMIT ?2 OFFSET ?3";

/// The visits of one status, oldest first while open, latest finished first otherwise.
pub fn list_visits(store: &Store, ctx: &Ctx<'_>, q: &VisitQuery) -> Result<VisitList> {
    access::authorize(ctx.actor, Action::ReturnVisit, None)?;
    let conn = store.conn();
    let status = q.status.unwrap_or(VisitStatus::Open);
    let w = super::window(q.page, q.page_size, 50, 200)?;
    let full = q.personal == PersonalData::Full
        && access::may_see_personal_data(ctx.actor, None, ctx.today());
    let total: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM return_visits v JOIN appeals a ON a.id = v.appeal_id
             WHERE v.status = ?1 AND (v.status <> 'open' OR a.closed_at IS NOT NULL)",
        )?
        .query_row([status], |r| r.get(0))?;
    let ts = |s: Option<String>| s.as_deref().and_then(parse_ts);
    let mut rows = Vec::new();
    let mut st = conn.prepare_cached(LIST_SQL)?;
    let mut it = st.query(params![status, w.size, w.offset])?;
    while let Some(r) = it.next()? {
        let name: String = r.get(16)?;
        let phone: Option<String> = r.get(17)?;
        rows.push(VisitRow {
            visit_id: r.get(0)?,
            appeal_id: r.get(1)?,
            reg_number: r.get(2)?,
            archive_number: r.get(3)?,
            subject: r.get(4)?,
            category: Category::from_db(&r.get::<_, String>(5)?),
            department_name: r.get(6)?,
            closed_at: ts(r.get(7)?),
            feedback_satisfaction: r
                .get::<_, Option<String>>(8)?
                .map(|s| Satisfaction::from_db(&s)),
            queued_at: ts(Some(r.get(9)?)).unwrap_or(ctx.now),
            status: VisitStatus::from_db(&r.get::<_, String>(10)?),
            satisfaction: r
                .get::<_, Option<String>>(11)?
                .map(|s| Satisfaction::from_db(&s)),
            attempts: r.get(12)?,
            unreached_attempts: r.get(13)?,
            last_attempt_at: ts(r.get(14)?),
            last_remark: r.get(15)?,
            appellant_name: if full { name } else { mask::name(&name) },
            phone: phone
                .filter(|p| !p.trim().is_empty())
                .map(|p| if full { p } else { mask::phone(&p) }),
        });
    }
    if full && !rows.is_empty() {
        registry::log_access(
            conn,
            &fmt_ts(&ctx.now),
            ctx.actor.user_id,
            None,
            AccessKind::ReturnVisitList,
            &format!("查看回访名单（{} 件）", rows.len()),
        )?;
    }
    Ok(VisitList {
        rows,
        total,
        page: w.page,
        page_size: w.size,
        personal_data_shown: full,
    })
}

/// The return visits of a cohort: how many, how they ended, what the reached appellants said.
#[derive(
    Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema,
)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct VisitFigures {
    /// Visits queued (one per closed round that was sampled).
    pub visits: i64,
    pub open: i64,
    pub completed: i64,
    /// Closed as 未联系上.
    pub unreached: i64,
    /// Calls made.
    pub attempts: i64,
    pub satisfied: i64,
    pub basically_satisfied: i64,
    pub dissatisfied: i64,
    /// completed ÷ (completed + unreached): the finished visits that reached the appellant.
    pub reached_rate: Option<f64>,
    /// (satisfied + basically satisfied) ÷ completed.
    pub satisfaction_rate: Option<f64>,
}

const FIGURES_SQL: &str = "
    SELECT v.status, v.satisfaction, count(*),
           sum((SELECT count(*) FROM return_visit_attempts t WHERE t.visit_id = v.id))
    FROM return_visits v JOIN appeals a ON a.id = v.appeal_id
    WHERE a.received_at >= ?1 AND a.received_at < ?2
      AND (CAST(?3 AS TEXT) IS NULL OR a.category = ?3)
      AND (CAST(?4 AS TEXT) IS NULL OR a.channel = ?4)
      AND (CAST(?5 AS BIGINT) IS NULL OR a.department_id = ?5)
    GROUP BY v.status, v.satisfaction";

/// The visit figures of the appeals `f` covers.
pub fn visit_figures(store: &Store, f: &CohortFilter) -> Result<VisitFigures> {
    let conn = store.conn();
    let mut out = VisitFigures::default();
    let mut st = conn.prepare_cached(FIGURES_SQL)?;
    let mut rows = st.query(cohort_params(f))?;
    while let Some(r) = rows.next()? {
        let status = VisitStatus::from_db(&r.get::<_, String>(0)?);
        let sat = r
            .get::<_, Option<String>>(1)?
            .map(|s| Satisfaction::from_db(&s));
        let n: i64 = r.get(2)?;
        out.visits += n;
        out.attempts += r.get::<_, Option<i64>>(3)?.unwrap_or(0);
        match status {
            VisitStatus::Open => out.open += n,
            VisitStatus::Unreached => out.unreached += n,
            VisitStatus::Completed => {
                out.completed += n;
                match sat {
                    Some(Satisfaction::Satisfied) => out.satisfied += n,
                    Some(Satisfaction::BasicallySatisfied) => out.basically_satisfied += n,
                    Some(Satisfaction::Dissatisfied) => out.dissatisfied += n,
                    _ => {}
                }
            }
        }
    }
    let rate = |part: i64, whole: i64| (whole > 0).then(|| part as f64 / whole as f64);
    out.reached_rate = rate(out.completed, out.completed + out.unreached);
    out.satisfaction_rate = rate(out.satisfied + out.basically_satisfied, out.completed);
    Ok(out)
}
