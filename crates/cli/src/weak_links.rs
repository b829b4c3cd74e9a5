//! `weak-links`: the weak links (薄弱环节, §六(二)1) of a period — the departments and the stages
//! whose stage runs overran their deadlines most, with the reasons in words — as the 统计分析
//! screen's panel and the workbook's sheet show them, or the app's JSON with `--json`. Without
//! dates it covers this year up to today. Nothing personal is in it, so nothing is masked or logged.

use crate::desk::{Desk, Place};
use crate::output::{CliResult, Table, print_json};
use crate::stats::{parse_day, percent, thousands};
use chrono::Datelike;
use clap::Args;
use minyi_analysis::period::Period;
use minyi_analysis::stats::StatsQuery;
use minyi_analysis::weak_links::{WeakLinks, reasons_text};
use minyi_core::time::{fmt_date_zh, now_cst};
use minyi_service::commands::analysis::GetWeakLinks;
use std::io::Write;

/// Options of `weak-links`.
#[derive(Debug, Args)]
pub struct WeakLinksArgs {
    /// 时段开始日期（含），默认今年 1 月 1 日 / first day of the period (default: 1 January)
    #[arg(long, value_name = "YYYY-MM-DD")]
    from: Option<String>,
    /// 时段结束日期（含），默认今天 / last day of the period (default: today)
    #[arg(long, value_name = "YYYY-MM-DD")]
    to: Option<String>,
    /// 以 JSON 输出 / print JSON
    #[arg(long)]
    json: bool,
}

fn period(args: &WeakLinksArgs) -> CliResult<Period> {
    let today = now_cst().date_naive();
    let to = match &args.to {
        Some(t) => parse_day(t, "结束日期")?,
        None => today,
    };
    let from = match &args.from {
        Some(f) => parse_day(f, "开始日期")?,
        None => to.with_ordinal(1).unwrap_or(to),
    };
    Ok(Period::new(from, to)?)
}

fn print_tables(out: &mut impl Write, w: &WeakLinks) -> CliResult {
    let p = w.query.period;
    writeln!(
        out,
        "薄弱环节：{} 至 {}（按受理时间）",
        fmt_date_zh(p.from),
        fmt_date_zh(p.to)
    )?;
    writeln!(out, "{}", w.rule)?;
    writeln!(out, "全办各环节超期率：{}", percent(w.overdue_rate))?;

    writeln!(out, "\n承办部门（最薄弱的在前）")?;
    if w.departments.is_empty() {
        writeln!(out, "（该时段没有交办到部门的诉求。）")?;
    } else {
        let mut t = Table::new(&[
            "排名",
            "部门",
            "计入环节",
            "超期",
            "超期率",
            "不满意率",
            "督办",
            "原因",
        ]);
        for (i, d) in w.departments.iter().enumerate() {
            t.row(vec![
                (i + 1).to_string(),
                d.department.clone(),
                thousands(d.measured),
                thousands(d.overdue),
                percent(d.overdue_rate),
                percent(d.dissatisfaction_rate),
                thousands(d.supervision_notices),
                reasons_text(&d.reasons),
            ]);
        }
        t.print(out)?;
    }

    writeln!(out, "\n办理环节（最薄弱的在前）")?;
    let mut t = Table::new(&["排名", "环节", "计入环节", "超期", "超期率", "督办", "原因"]);
    for (i, s) in w.stages.iter().enumerate() {
        t.row(vec![
            (i + 1).to_string(),
            s.label.clone(),
            thousands(s.measured),
            thousands(s.overdue),
            percent(s.overdue_rate),
            thousands(s.supervision_notices),
            reasons_text(&s.reasons),
        ]);
    }
    t.print(out)?;
    Ok(())
}

/// Runs `weak-links`.
pub fn run(place: &Place<'_>, args: &WeakLinksArgs) -> CliResult {
    let period = period(args)?;
    let desk = Desk::open(place)?;
    let w = desk.run(GetWeakLinks {
        query: StatsQuery {
            period,
            category: None,
            channel: None,
            department_id: None,
            granularity: None,
        },
    })?;
    let mut out = std::io::stdout().lock();
    if args.json {
        return print_json(&mut out, &w);
    }
    print_tables(&mut out, &w)
}
