//! `stats`: the statistics of a period (the 统计分析 screen's operation) as readable Chinese
//! tables, or as the same JSON the app receives. Statistics hold no personal data, so nothing is
//! masked or logged.

use crate::desk::{Desk, Place};
use crate::output::{CliError, CliResult, Table, print_json};
use clap::Args;
use minyi_analysis::period::{Granularity, Period};
use minyi_analysis::stats::{CountRow, Statistics, StatsQuery};
use minyi_core::model::{Category, Channel, Stage};
use minyi_core::time::{fmt_date_zh, parse_date};
use minyi_service::commands::admin::GetDepartments;
use minyi_service::commands::analysis::GetStatistics;
use std::io::Write;

/// The period and filter of `stats` and `export stats`.
#[derive(Debug, Args)]
pub struct StatsFilter {
    /// 统计时段开始日期（含），如 2026-01-01 / first day of the period
    #[arg(long, value_name = "YYYY-MM-DD")]
    from: String,
    /// 统计时段结束日期（含），如 2026-12-31 / last day of the period
    #[arg(long, value_name = "YYYY-MM-DD")]
    to: String,
    /// 只统计某一分类，代码或中文（如 complaint 或 投诉）/ one category only
    #[arg(long, value_name = "C")]
    category: Option<String>,
    /// 只统计某一渠道，代码或中文（如 hotline 或 客服热线）/ one channel only
    #[arg(long, value_name = "C")]
    channel: Option<String>,
    /// 只统计某一承办部门，部门名称或编号 / one department only (name or id)
    #[arg(long, value_name = "D")]
    department: Option<String>,
    /// 趋势按周（week）或按月（month）；默认一季度以内按周，更长按月 / trend buckets
    #[arg(long, value_name = "G", value_parser = ["week", "month"])]
    by: Option<String>,
}

/// Options of `stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    filter: StatsFilter,
    /// 以 JSON 输出 / print JSON
    #[arg(long)]
    json: bool,
}

pub fn parse_day(s: &str, what: &str) -> CliResult<chrono::NaiveDate> {
    parse_date(s).ok_or_else(|| {
        CliError::user(format!(
            "{what}“{}”不是有效日期，请写成 YYYY-MM-DD，如 2026-01-01。",
            crate::output::clip(s.trim(), 20)
        ))
    })
}

/// 12,345
pub fn thousands(n: i64) -> String {
    let digits = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// 87.5% (one decimal), or "—" when there was nothing to measure.
pub fn percent(r: Option<f64>) -> String {
    r.map_or_else(|| "—".into(), |r| format!("{:.1}%", r * 100.0))
}

fn days(v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), |v| format!("{v:.1}"))
}

fn change(now: i64, before: i64) -> String {
    if before == 0 {
        return "—".into();
    }
    let pct = (now - before) as f64 / before as f64 * 100.0;
    format!("{pct:+.1}%")
}

/// The statistics query of `args`, the department looked up by name or number.
pub fn query(desk: &Desk, args: &StatsFilter) -> CliResult<StatsQuery> {
    let from = parse_day(&args.from, "开始日期")?;
    let to = parse_day(&args.to, "结束日期")?;
    let period = Period::new(from, to)?;
    let category = args
        .category
        .as_deref()
        .map(|c| Category::parse(c, "category"))
        .transpose()?;
    let channel = args
        .channel
        .as_deref()
        .map(|c| Channel::parse(c, "channel"))
        .transpose()?;
    let department_id = match args.department.as_deref().map(str::trim) {
        None => None,
        Some(d) => {
            let all = desk.run(GetDepartments {})?;
            let found = all
                .iter()
                .find(|dept| dept.name == d || dept.id.to_string() == d)
                .map(|dept| dept.id);
            Some(found.ok_or_else(|| {
                let names: Vec<&str> = all.iter().map(|dept| dept.name.as_str()).collect();
                CliError::user(format!(
                    "找不到承办部门“{}”。现有部门：{}。",
                    crate::output::clip(d, 20),
                    names.join("、")
                ))
            })?)
        }
    };
    let granularity = args.by.as_deref().map(|g| match g {
        "week" => Granularity::Week,
        _ => Granularity::Month,
    });
    Ok(StatsQuery {
        period,
        category,
        channel,
        department_id,
        granularity,
    })
}

/// Runs `stats`.
pub fn run(place: &Place<'_>, args: &StatsArgs) -> CliResult {
    let desk = Desk::open(place)?;
    let q = query(&desk, &args.filter)?;
    let st = desk.run(GetStatistics { query: q })?;
    if let Some(w) = &st.calendar_warning {
        crate::output::warn(w);
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        return print_json(&mut out, &st);
    }
    print_tables(&mut out, &st)?;
    Ok(())
}

fn breakdown(out: &mut impl Write, title: &str, rows: &[CountRow], total: i64) -> CliResult {
    writeln!(out, "\n{title}")?;
    let mut t = Table::new(&["项目", "件数", "占比"]);
    for r in rows.iter().filter(|r| r.count > 0) {
        let share = (total > 0).then(|| r.count as f64 / total as f64);
        t.row(vec![r.label.clone(), thousands(r.count), percent(share)]);
    }
    t.print(out)?;
    Ok(())
}

fn print_tables(out: &mut impl Write, st: &Statistics) -> CliResult {
    let p = st.query.period;
    let prev = st.previous_period;
    writeln!(
        out,
        "统计时段：{} 至 {}（按受理时间；对比上期 {} 至 {}）",
        fmt_date_zh(p.from),
        fmt_date_zh(p.to),
        fmt_date_zh(prev.from),
        fmt_date_zh(prev.to)
    )?;
    writeln!(
        out,
        "诉求总数：{} 件（上期 {} 件，变化 {}）",
        thousands(st.total),
        thousands(st.previous_total),
        change(st.total, st.previous_total)
    )?;
    if st.total == 0 {
        writeln!(out, "该时段没有符合条件的诉求。")?;
        return Ok(());
    }
    breakdown(out, "按分类", &st.by_category, st.total)?;
    breakdown(out, "按渠道", &st.by_channel, st.total)?;
    breakdown(out, "按承办部门", &st.by_department, st.total)?;
    breakdown(out, "按状态", &st.by_status, st.total)?;

    writeln!(out, "\n各阶段办理情况（工作日）")?;
    let mut t = Table::new(&[
        "阶段",
        "已完成",
        "按期",
        "超期",
        "在办已超期",
        "按期率",
        "平均",
        "中位数",
        "督办",
    ]);
    for f in &st.stages {
        // Tracking has check dates, not a deadline to finish by: on time / late mean nothing there.
        let timed = |n: i64| {
            if f.stage == Stage::Tracking {
                "—".to_string()
            } else {
                thousands(n)
            }
        };
        t.row(vec![
            f.label.clone(),
            thousands(f.finished),
            timed(f.on_time),
            timed(f.late),
            timed(f.running_late),
            percent(f.on_time_rate),
            days(f.average_working_days),
            days(f.median_working_days),
            thousands(f.supervision_notices),
        ]);
    }
    t.print(out)?;
    writeln!(out, "（跟踪检查阶段的期限是下次检查日期，不计按期率。）")?;

    let sat = &st.satisfaction;
    writeln!(
        out,
        "\n满意度：满意 {}，基本满意 {}，不满意 {}，未能联系 {}；满意率 {}（满意与基本满意占已联系到的比例）",
        thousands(sat.satisfied),
        thousands(sat.basically_satisfied),
        thousands(sat.dissatisfied),
        thousands(sat.unreachable),
        percent(sat.rate)
    )?;
    let v = &st.return_visits;
    writeln!(
        out,
        "回访：{} 件，已回访 {}，未联系上 {}，待回访 {}；联系上率 {}；回访满意 {}，基本满意 {}，不满意 {}，回访满意率 {}",
        thousands(v.visits),
        thousands(v.completed),
        thousands(v.unreached),
        thousands(v.open),
        percent(v.reached_rate),
        thousands(v.satisfied),
        thousands(v.basically_satisfied),
        thousands(v.dissatisfied),
        percent(v.satisfaction_rate)
    )?;
    writeln!(
        out,
        "重新办理：{} 件，重办率 {}；督办通知 {} 份，涉及 {} 件；上报管理层 {} 件；重大复杂 {} 件",
        thousands(st.reopened),
        percent(st.reopen_rate),
        thousands(st.supervision_notices),
        thousands(st.supervised_appeals),
        thousands(st.escalated_appeals),
        thousands(st.major_appeals)
    )?;

    writeln!(
        out,
        "\n趋势（按{}，与上期同位置对比）",
        st.granularity.label()
    )?;
    let mut t = Table::new(&["时段", "本期", "上期", "变化"]);
    for pt in &st.trend {
        t.row(vec![
            pt.label.clone(),
            thousands(pt.count),
            pt.previous_count.map_or_else(|| "—".into(), thousands),
            pt.previous_count
                .map_or_else(|| "—".into(), |b| change(pt.count, b)),
        ]);
    }
    t.print(out)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_the_chinese_office_way() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands(-4500), "-4,500");
        assert_eq!(percent(Some(0.8766)), "87.7%");
        assert_eq!(percent(None), "—");
        assert_eq!(change(110, 100), "+10.0%");
        assert_eq!(change(5, 0), "—");
    }
}
