//! The appeal ledger (诉求台账) for exports: every appeal a list filter matches, one row each with
//! its appellant, streamed to a callback in order of receipt.
//!
//! Shaped for a million rows: the rows come from one SQL cursor (`ORDER BY received_at, id`, which
//! the `appeals_received` index yields without sorting) and are handed to the caller one at a time,
//! so neither this query nor its caller ever holds the result in memory. A text term goes through
//! the list's own search (at most [`super::list::SEARCH_CAP`] matches), whose ids are then read the
//! same way.
//!
//! Personal data: masked through [`crate::mask`] unless the caller asks for it in full; full data
//! needs the same right as on screen (role and signed confidentiality agreement, §七(二)), and the
//! export writes one access-log line naming the filter and the number of appeals — one line per
//! export rather than per appeal, because the export is one act and a million log lines would
//! double the export's cost; the filter (receipt dates are immutable) says which appeals it
//! covered.

use super::detail::PersonalData;
use super::list::{ListFilter, forced_department, list};
use crate::access;
use crate::error::{CoreError, Result};
use crate::mask;
use crate::model::*;
use crate::store::sql;
use crate::store::sql::types::Value as Sql;
use crate::store::{Store, registry, settings};
use crate::time::{fmt_date, fmt_ts, parse_date, parse_ts};
use chrono::{DateTime, FixedOffset, NaiveDate};

/// One line of the appeal ledger.
#[derive(Debug, Clone, PartialEq)]
pub struct AppealLedgerRow {
    pub id: i64,
    pub reg_number: String,
    pub archive_number: Option<String>,
    pub received_at: DateTime<FixedOffset>,
    pub registered_at: DateTime<FixedOffset>,
    pub channel: Channel,
    pub category: Category,
    pub subject: String,
    /// Masked unless the export asked for personal data and may see it.
    pub appellant_name: String,
    pub appellant_phone: Option<String>,
    pub appellant_address: Option<String>,
    pub urgency: Urgency,
    pub major: bool,
    pub status: Status,
    pub department_name: Option<String>,
    pub due_date: Option<NaiveDate>,
    /// Open and past its due date.
    pub overdue: bool,
    pub expected_feedback_date: NaiveDate,
    pub satisfaction: Option<Satisfaction>,
    pub supervision_count: i64,
    pub closed_at: Option<DateTime<FixedOffset>>,
}

const COLS: &str = "a.id, a.reg_number, a.archive_number, a.received_at, a.registered_at, a.channel, \
    a.category, a.subject, p.name, p.phone, p.address, a.urgency, a.major, a.status, d.name, \
    a.due_date, a.expected_feedback_date, a.satisfaction, a.supervision_count, a.closed_at";

const FROM: &str = "appeals a JOIN appellants p ON p.id = a.appellant_id \
    LEFT JOIN departments d ON d.id = a.department_id";

/// What an export needs before it starts: how many rows, and whether they carry full data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LedgerPlan {
    pub total: u64,
    pub full: bool,
}

/// The WHERE clause and its arguments for the structured part of a filter.
fn conditions(
    store: &Store,
    ctx: &Ctx<'_>,
    f: &ListFilter,
    forced: Option<i64>,
) -> Result<Option<(String, Vec<Sql>)>> {
    let mut conds: Vec<String> = Vec::new();
    let mut args: Vec<Sql> = Vec::new();
    let mut arg = |v: Sql| {
        args.push(v);
        format!("?{}", args.len())
    };
    let dept = match (forced, f.department_id) {
        // A handler asking for another department's appeals gets none.
        (Some(own), Some(other)) if own != other => return Ok(None),
        (Some(own), _) => Some(own),
        (None, d) => d,
    };
    if let Some(d) = dept {
        conds.push(format!("a.department_id = {}", arg(Sql::Integer(d))));
    }
    if !f.statuses.is_empty() {
        let ps: Vec<String> = f
            .statuses
            .iter()
            .map(|s| arg(Sql::Text(s.code().into())))
            .collect();
        conds.push(format!("a.status IN ({})", ps.join(", ")));
    }
    if let Some(c) = f.category {
        conds.push(format!("a.category = {}", arg(Sql::Text(c.code().into()))));
    }
    if let Some(c) = f.channel {
        conds.push(format!("a.channel = {}", arg(Sql::Text(c.code().into()))));
    }
    if let Some(d) = f.from {
        conds.push(format!("a.received_at >= {}", arg(Sql::Text(fmt_date(d)))));
    }
    if let Some(d) = f.to {
        let next = fmt_date(d.succ_opt().unwrap_or(d));
        conds.push(format!("a.received_at < {}", arg(Sql::Text(next))));
    }
    if let Some(m) = f.major {
        conds.push(format!("a.major = {}", arg(Sql::Integer(m as i64))));
    }
    let today = ctx.today();
    if f.overdue || f.due_soon {
        conds.push("a.status NOT IN ('closed', 'merged')".into());
    }
    if f.overdue {
        conds.push(format!("a.due_date < {}", arg(Sql::Text(fmt_date(today)))));
    }
    if f.due_soon {
        let soon = settings::due_soon_days(store.conn())?;
        let until = store.calendar().add_working_days(today, soon).value;
        let p1 = arg(Sql::Text(fmt_date(today)));
        let p2 = arg(Sql::Text(fmt_date(until)));
        conds.push(format!("a.due_date >= {p1} AND a.due_date <= {p2}"));
    }
    let sql = if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conds.join(" AND "))
    };
    Ok(Some((sql, args)))
}

fn text_term(f: &ListFilter) -> Option<&str> {
    f.text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// The ids a text filter matches (through the list's search, so the same rules and cap apply).
fn text_ids(store: &Store, ctx: &Ctx<'_>, f: &ListFilter) -> Result<Vec<i64>> {
    let mut page = ListFilter {
        page: 0,
        page_size: 200,
        ..f.clone()
    };
    let mut ids = Vec::new();
    loop {
        let p = list(store, ctx, &page)?;
        ids.extend(p.rows.iter().map(|r| r.id));
        if !p.has_more || ids.len() as i64 >= super::list::SEARCH_CAP {
            break;
        }
        page.page += 1;
    }
    Ok(ids)
}

/// Checks the actor may export the ledger (with full personal data if asked), counts the rows and
/// logs the access to full data. Call [`appeal_ledger_rows`] with the returned plan next.
pub fn plan_appeal_ledger(
    store: &Store,
    ctx: &Ctx<'_>,
    f: &ListFilter,
    personal: PersonalData,
) -> Result<LedgerPlan> {
    let forced = forced_department(ctx.actor)?;
    let full = personal == PersonalData::Full;
    if full && !access::may_see_personal_data(ctx.actor, forced, ctx.today()) {
        return Err(CoreError::forbidden(
            "您没有查看诉求人个人信息的权限，或尚未签署保密协议，不能导出含个人信息的台账。请改为导出隐去个人信息的台账。",
        ));
    }
    let total = if text_term(f).is_some() {
        text_ids(store, ctx, f)?.len() as u64
    } else {
        match conditions(store, ctx, f, forced)? {
            None => 0,
            Some((where_sql, args)) => {
                let n: i64 = store.conn().query_row(
                    &format!("SELECT count(*) FROM appeals a {where_sql}"),
                    sql::params_from_iter(args.iter()),
                    |r| r.get(0),
                )?;
                n as u64
            }
        }
    };
    if full {
        registry::log_access(
            store.conn(),
            &fmt_ts(&ctx.now),
            ctx.actor.user_id,
            None,
            crate::model::AccessKind::AppealLedgerExport,
            &format!("导出诉求台账（含个人信息，{total} 件；{}）", describe(f)),
        )?;
    }
    Ok(LedgerPlan { total, full })
}

/// A short Chinese description of a filter for the access log (no personal data: a text term is
/// not repeated, since it may be a name or a phone number).
pub fn describe(f: &ListFilter) -> String {
    let mut parts = Vec::new();
    match (f.from, f.to) {
        (Some(a), Some(b)) => parts.push(format!("收到日期 {a} 至 {b}")),
        (Some(a), None) => parts.push(format!("收到日期 {a} 起")),
        (None, Some(b)) => parts.push(format!("收到日期至 {b}")),
        (None, None) => parts.push("全部日期".into()),
    }
    if !f.statuses.is_empty() {
        let s: Vec<&str> = f.statuses.iter().map(|s| s.label()).collect();
        parts.push(format!("状态 {}", s.join("、")));
    }
    if let Some(c) = f.category {
        parts.push(format!("分类 {}", c.label()));
    }
    if let Some(c) = f.channel {
        parts.push(format!("渠道 {}", c.label()));
    }
    if let Some(d) = f.department_id {
        parts.push(format!("部门编号 {d}"));
    }
    if f.overdue {
        parts.push("已逾期".into());
    }
    if f.due_soon {
        parts.push("临近期限".into());
    }
    if let Some(m) = f.major {
        parts.push(if m { "重大复杂" } else { "非重大复杂" }.into());
    }
    if text_term(f).is_some() {
        parts.push("按关键词检索".into());
    }
    parts.join("，")
}

fn row_from(r: &sql::Row<'_>, full: bool, today: NaiveDate) -> sql::Result<AppealLedgerRow> {
    let status = Status::from_db(&r.get::<_, String>(13)?);
    let due_date = r
        .get::<_, Option<String>>(15)?
        .as_deref()
        .and_then(parse_date);
    let name: String = r.get(8)?;
    let phone: Option<String> = r.get(9)?;
    let address: Option<String> = r.get(10)?;
    let (name, phone, address) = if full {
        (name, phone, address)
    } else {
        (
            mask::name(&name),
            phone.as_deref().map(mask::phone),
            address.as_deref().map(mask::address),
        )
    };
    Ok(AppealLedgerRow {
        id: r.get(0)?,
        reg_number: r.get(1)?,
        archive_number: r.get(2)?,
        received_at: parse_ts(&r.get::<_, String>(3)?).unwrap_or_default(),
        registered_at: parse_ts(&r.get::<_, String>(4)?).unwrap_or_default(),
        channel: Channel::from_db(&r.get::<_, String>(5)?),
        category: Category::from_db(&r.get::<_, String>(6)?),
        subject: r.get(7)?,
        appellant_name: name,
        appellant_phone: phone,
        appellant_address: address,
        urgency: Urgency::from_db(&r.get::<_, String>(11)?),
        major: r.get(12)?,
        status,
        department_name: r.get(14)?,
        overdue: !status.is_final() && due_date.is_some_and(|d| d < today),
        due_date,
        expected_feedback_date: parse_date(&r.get::<_, String>(16)?).unwrap_or_default(),
        satisfaction: r
            .get::<_, Option<String>>(17)?
            .map(|s| Satisfaction::from_db(&s)),
        supervision_count: r.get(18)?,
        closed_at: r
            .get::<_, Option<String>>(19)?
            .as_deref()
            .and_then(parse_ts),
    })
}

/// Streams the ledger rows of `f` to `each` (by value, so a caller that keeps them need not copy), in order of receipt (text matches: in order of
/// registration); returns how many were sent.
/// `each` may stop the export by returning an error, which is passed on.
pub fn appeal_ledger_rows(
    store: &Store,
    ctx: &Ctx<'_>,
    f: &ListFilter,
    plan: LedgerPlan,
    each: &mut dyn FnMut(AppealLedgerRow) -> Result<()>,
) -> Result<u64> {
    let forced = forced_department(ctx.actor)?;
    let today = ctx.today();
    let conn = store.conn();
    let mut sent = 0u64;
    if text_term(f).is_some() {
        let mut ids = text_ids(store, ctx, f)?;
        ids.sort_unstable();
        let mut stmt =
            conn.prepare_cached(&format!("SELECT {COLS} FROM {FROM} WHERE a.id = ?1"))?;
        for id in ids {
            let row = stmt.query_row([id], |r| row_from(r, plan.full, today))?;
            each(row)?;
            sent += 1;
        }
        return Ok(sent);
    }
    let Some((where_sql, args)) = conditions(store, ctx, f, forced)? else {
        return Ok(0);
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLS} FROM {FROM} {where_sql} ORDER BY a.received_at, a.id"
    ))?;
    let mut rows = stmt.query(sql::params_from_iter(args.iter()))?;
    while let Some(r) = rows.next()? {
        let row = row_from(&r, plan.full, today)?;
        each(row)?;
        sent += 1;
    }
    Ok(sent)
}
