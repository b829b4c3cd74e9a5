//! `todo`: 待我处理 — the decisions waiting for the account the command runs as (on the file the
//! built-in `system` account, i.e. the appeals office; on a server the `--user`), each with its
//! count and earliest due date, then the workbench's 待办 / 已超期 / 临期 counts; with `--slow`
//! also 进度缓慢, the appeals not yet overdue but slow (§五(二)1). The numbers are the window's:
//! the same `my_tasks` and `slow_appeals` commands. No personal data is printed.

use crate::desk::{Desk, Place};
use crate::output::{CliResult, Table, clip, print_json};
use crate::stats::thousands;
use clap::Args;
use minyi_core::queries::queues::SlowPage;
use minyi_core::queries::tasks::Workbench;
use minyi_core::time::fmt_date;
use minyi_service::commands::queues::SlowAppeals;
use minyi_service::commands::work::MyTasks;
use serde::Serialize;
use std::io::Write;

/// Options of `todo`.
#[derive(Debug, Args)]
pub struct TodoArgs {
    /// 同时列出进度缓慢的诉求（最多 200 件）/ also list the slow appeals (at most 200)
    #[arg(long)]
    slow: bool,
    /// 以 JSON 输出 / print JSON
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TodoJson<'a> {
    queues: &'a [minyi_core::queries::queues::DecisionQueue],
    total: i64,
    overdue: i64,
    due_soon: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    slow: Option<&'a SlowPage>,
}

fn print_text(out: &mut impl Write, wb: &Workbench, slow: Option<&SlowPage>) -> CliResult {
    writeln!(out, "待我处理")?;
    if wb.queues.is_empty() {
        writeln!(out, "（当前账号的角色没有需要作出的决定。）")?;
    } else {
        let mut t = Table::new(&["事项", "件数", "最早期限"]);
        for q in &wb.queues {
            t.row(vec![
                q.label.clone(),
                thousands(q.count),
                q.earliest_due.map(fmt_date).unwrap_or_else(|| "—".into()),
            ]);
        }
        t.print(out)?;
    }
    writeln!(
        out,
        "\n待办 {} 件，已超期 {} 件，临期 {} 件。",
        thousands(wb.total),
        thousands(wb.overdue),
        thousands(wb.due_soon)
    )?;
    if let Some(s) = slow {
        writeln!(
            out,
            "\n进度缓慢：本阶段期限已用去 {}% 以上、尚未逾期、本阶段内承办部门还没有报告过进展的诉求，共 {} 件。",
            s.share_percent,
            thousands(s.total)
        )?;
        let mut t = Table::new(&[
            "编号",
            "承办部门",
            "阶段",
            "已用/期限（工作日）",
            "办理期限",
            "最近进展",
            "诉求事项",
        ]);
        for r in &s.rows {
            t.row(vec![
                r.appeal.reg_number.clone(),
                r.appeal.department_name.clone().unwrap_or_default(),
                r.stage.label().into(),
                format!("{} / {}", r.days_used, r.days_allowed),
                r.appeal.due_date.map(fmt_date).unwrap_or_default(),
                r.last_progress_at
                    .map(|t| format!("{}（本阶段前）", fmt_date(t.date_naive())))
                    .unwrap_or_else(|| "从未报告".into()),
                clip(&r.appeal.subject, 24),
            ]);
        }
        t.print(out)?;
    }
    Ok(())
}

/// Runs `todo`.
pub fn run(place: &Place<'_>, args: &TodoArgs) -> CliResult {
    let desk = Desk::open(place)?;
    // The counts and the queues; the task rows are the window's, not printed here.
    let wb = desk.run(MyTasks { limit: 0 })?;
    let slow = if args.slow {
        Some(desk.run(SlowAppeals {
            page: 0,
            page_size: 200,
        })?)
    } else {
        None
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        return print_json(
            &mut out,
            &TodoJson {
                queues: &wb.queues,
                total: wb.total,
                overdue: wb.overdue,
                due_soon: wb.due_soon,
                slow: slow.as_ref(),
            },
        );
    }
    print_text(&mut out, &wb, slow.as_ref())
}
