//! Calendar administration: importing a year's State Council notice (holiday-cn JSON) and editing
//! single days. Either edit recomputes the due dates of open appeals whose deadline follows the
//! calendar (not those fixed by supervision, not closed ones), each with a `recompute_deadline`
//! event, in the same transaction as the edit, and is recorded in the security log.

use crate::access::{Action, authorize};
use crate::calendar::parse_holiday_file;
use crate::error::{CoreError, Result};
use crate::lifecycle;
use crate::model::{Ctx, EventAction, SecurityAction};
use crate::store::sql::Transaction;
use crate::store::{Store, appeals, calendar, events};
use crate::time::fmt_date;
use crate::usecases::audit;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// What a calendar edit did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct CalendarChange {
    pub days_written: usize,
    pub deadlines_recomputed: usize,
    pub message: String,
}

fn recompute(tx: &Transaction<'_>, ctx: &Ctx<'_>) -> Result<usize> {
    let cal = calendar::load(tx)?;
    let mut changed = 0;
    for before in appeals::open_with_computed_due(tx)? {
        let (Some(start), Some(days)) = (before.stage_started_on, before.stage_days) else {
            continue;
        };
        let due = cal.add_working_days(start, days).value;
        if before.due_date == Some(due) {
            continue;
        }
        let mut a = before.clone();
        a.due_date = Some(due);
        a.updated_at = ctx.now;
        appeals::update_state(tx, &a)?;
        events::append(
            tx,
            &events::NewEvent {
                appeal_id: a.id,
                at: ctx.now,
                actor_id: ctx.actor.user_id,
                action: EventAction::RecomputeDeadline,
                from_status: Some(before.status),
                to_status: a.status,
                reason: Some("工作日历调整"),
                payload: lifecycle::payload(
                    Some(&before),
                    &a,
                    serde_json::json!({"oldDueDate": before.due_date.map(fmt_date)}),
                ),
                on_behalf_department: None,
                on_behalf_person: None,
            },
        )?;
        changed += 1;
    }
    Ok(changed)
}

/// Imports a holiday-cn JSON file for a year; its days become administrator rows.
pub fn import_year(store: &mut Store, ctx: &Ctx<'_>, json: &str) -> Result<CalendarChange> {
    authorize(ctx.actor, Action::ManageCalendar, None)?;
    let (year, rows) = parse_holiday_file(json)?;
    let year = year
        .or_else(|| rows.first().map(|r| r.0.year()))
        .ok_or_else(|| {
            CoreError::field("file", "节假日文件中没有任何日期，请检查是否选错了文件。")
        })?;
    let out = store.write(|tx, _| {
        for (date, off, name) in &rows {
            calendar::set_admin_day(tx, *date, *off, name)?;
        }
        calendar::mark_year_known(tx, year)?;
        let n = recompute(tx, ctx)?;
        audit::record(
            tx,
            ctx,
            SecurityAction::CalendarImport,
            Some(&format!("year:{year}")),
            serde_json::json!({"days": rows.len(), "deadlinesRecomputed": n}),
        )?;
        Ok(CalendarChange {
            days_written: rows.len(),
            deadlines_recomputed: n,
            message: format!(
                "已导入{year}年节假日安排（{}天），重新计算了{n}条在办诉求的期限。",
                rows.len()
            ),
        })
    })?;
    store.reload_calendar()?;
    Ok(out)
}

/// Marks one day as a day off or a working day (administrator override).
pub fn set_day(
    store: &mut Store,
    ctx: &Ctx<'_>,
    date: NaiveDate,
    is_off_day: bool,
    name: &str,
) -> Result<CalendarChange> {
    authorize(ctx.actor, Action::ManageCalendar, None)?;
    let name = crate::validate::optional("name", "说明", Some(name), 50)?.unwrap_or_else(|| {
        if is_off_day {
            "休息日".into()
        } else {
            "调休上班".into()
        }
    });
    let out = store.write(|tx, _| {
        calendar::set_admin_day(tx, date, is_off_day, &name)?;
        let n = recompute(tx, ctx)?;
        audit::record(
            tx,
            ctx,
            SecurityAction::CalendarSetDay,
            Some(&format!("date:{}", fmt_date(date))),
            serde_json::json!({"offDay": is_off_day, "name": name, "deadlinesRecomputed": n}),
        )?;
        Ok(CalendarChange {
            days_written: 1,
            deadlines_recomputed: n,
            message: format!(
                "已将{}设为{}，重新计算了{n}条在办诉求的期限。",
                fmt_date(date),
                if is_off_day { "休息日" } else { "工作日" }
            ),
        })
    })?;
    store.reload_calendar()?;
    Ok(out)
}

/// Removes an administrator's override of one day.
pub fn clear_day(store: &mut Store, ctx: &Ctx<'_>, date: NaiveDate) -> Result<CalendarChange> {
    authorize(ctx.actor, Action::ManageCalendar, None)?;
    let out = store.write(|tx, _| {
        if !calendar::clear_admin_day(tx, date)? {
            return Err(CoreError::field("date", "这一天没有手工调整过。"));
        }
        calendar::seed_rows(tx)?;
        let n = recompute(tx, ctx)?;
        audit::record(
            tx,
            ctx,
            SecurityAction::CalendarClearDay,
            Some(&format!("date:{}", fmt_date(date))),
            serde_json::json!({"deadlinesRecomputed": n}),
        )?;
        Ok(CalendarChange {
            days_written: 1,
            deadlines_recomputed: n,
            message: format!("已恢复{}的默认安排。", fmt_date(date)),
        })
    })?;
    store.reload_calendar()?;
    Ok(out)
}
