//! `assessment`: the assessment (考核, §八) of a period — the departments' and the people's
//! component scores, weighted scores and ranks as Chinese tables, or the app's JSON with `--json`.
//! `export assessment` (in export.rs) writes the same figures to a workbook.

use crate::desk::{Desk, Place};
use crate::output::{CliResult, Table, print_json};
use crate::stats::parse_day;
use clap::Args;
use minyi_analysis::assessment::{Assessment, AssessmentRow};
use minyi_analysis::period::Period;
use minyi_core::time::fmt_date_zh;
use minyi_service::commands::assessment::GetAssessment;
use std::io::Write;

/// Options of `assessment`.
#[derive(Debug, Args)]
pub struct AssessmentArgs {
    /// 考核时段开始日期（含），如 2026-01-01 / first day of the period
    #[arg(long, value_name = "YYYY-MM-DD")]
    from: String,
    /// 考核时段结束日期（含），如 2026-12-31 / last day of the period
    #[arg(long, value_name = "YYYY-MM-DD")]
    to: String,
    /// 以 JSON 输出 / print JSON
    #[arg(long)]
    json: bool,
}

/// A score with one decimal, or "—" where there was nothing to assess.
fn score(v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), |v| format!("{v:.1}"))
}

fn ranking(out: &mut impl Write, title: &str, rows: &[AssessmentRow], people: bool) -> CliResult {
    writeln!(out, "\n{title}")?;
    if rows.is_empty() {
        writeln!(out, "（该时段没有可考核的业务。）")?;
        return Ok(());
    }
    let mut headers = vec!["排名", if people { "姓名" } else { "部门" }];
    if people {
        headers.push("所属部门");
    }
    headers.extend([
        "综合得分",
        "受理及时",
        "分流准确",
        "办理效率",
        "办理质量",
        "督办落实",
        "建议采纳",
    ]);
    let mut t = Table::new(&headers);
    for r in rows {
        let s = &r.scores;
        let mut cells = vec![r.rank.to_string(), r.name.clone()];
        if people {
            cells.push(r.department.clone());
        }
        cells.extend([
            score(Some(s.weighted)),
            score(s.intake_timeliness),
            score(s.intake_accuracy),
            score(s.efficiency),
            score(s.quality),
            score(s.supervision),
            score(s.recommendations),
        ]);
        t.row(cells);
    }
    t.print(out)?;
    Ok(())
}

fn print_tables(out: &mut impl Write, a: &Assessment) -> CliResult {
    writeln!(
        out,
        "考核时段：{} 至 {}（按受理时间）",
        fmt_date_zh(a.period.from),
        fmt_date_zh(a.period.to)
    )?;
    let weights: Vec<String> = a
        .weights
        .iter()
        .map(|w| format!("{} {}", w.label, w.weight))
        .collect();
    writeln!(out, "权重：{}（在“设置”中修改）", weights.join("，"))?;
    ranking(out, "部门排名", &a.departments, false)?;
    ranking(out, "人员排名", &a.people, true)?;
    writeln!(
        out,
        "\n各项为0到100分；“—”表示没有可考核的业务，综合得分按其余各项的权重折算。"
    )?;
    Ok(())
}

/// Runs `assessment`.
pub fn run(place: &Place<'_>, args: &AssessmentArgs) -> CliResult {
    let period = Period::new(
        parse_day(&args.from, "开始日期")?,
        parse_day(&args.to, "结束日期")?,
    )?;
    let desk = Desk::open(place)?;
    let a = desk.run(GetAssessment { period })?;
    if let Some(w) = &a.calendar_warning {
        crate::output::warn(w);
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        return print_json(&mut out, &a);
    }
    print_tables(&mut out, &a)
}
