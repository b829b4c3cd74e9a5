//! `hotspots`: the problems most distinctive for the appeals of a period (with a representative
//! subject each) and the fastest growing ones
//! (the 热点问题 screen's operation), as Chinese tables or JSON (with every topic's appeal ids). Topics are words,
//! never an appellant's data, so nothing is masked or logged.

use crate::desk::{Desk, Place};
use crate::output::{CliResult, Table, print_json};
use crate::stats::{parse_day, thousands};
use clap::Args;
use minyi_analysis::hotspots::{HotspotQuery, Topic};
use minyi_analysis::period::Period;
use minyi_core::model::{Category, Channel};
use minyi_core::time::fmt_date_zh;
use minyi_service::commands::analysis::GetHotspots;
use std::io::Write;

/// Options of `hotspots`.
#[derive(Debug, Args)]
pub struct HotspotsArgs {
    /// 时段开始日期（含），如 2026-11-01 / first day of the period
    #[arg(long, value_name = "YYYY-MM-DD")]
    from: String,
    /// 时段结束日期（含），如 2026-11-30 / last day of the period
    #[arg(long, value_name = "YYYY-MM-DD")]
    to: String,
    /// 只看某一分类，代码或中文 / one category only
    #[arg(long, value_name = "C")]
    category: Option<String>,
    /// 只看某一渠道，代码或中文 / one channel only
    #[arg(long, value_name = "C")]
    channel: Option<String>,
    /// 每个榜单显示多少个热点（默认 20）/ topics per list
    #[arg(long, value_name = "N", default_value_t = 20,
          value_parser = clap::value_parser!(u16).range(1..=200))]
    limit: u16,
    /// 以 JSON 输出（含每个热点涉及的诉求编号）/ print JSON
    #[arg(long)]
    json: bool,
}

fn table(out: &mut impl Write, topics: &[Topic]) -> CliResult {
    let mut t = Table::new(&["热点", "诉求数", "上期", "增长", "主要来源", "代表诉求"]);
    for x in topics {
        let mut sources: Vec<_> = x.by_channel.iter().collect();
        sources.sort_by_key(|c| std::cmp::Reverse(c.count));
        let src: Vec<String> = sources
            .iter()
            .take(3)
            .map(|c| format!("{} {}", c.label, c.count))
            .collect();
        t.row(vec![
            x.word.clone(),
            thousands(x.appeals),
            thousands(x.previous_appeals),
            x.growth
                .map_or_else(|| "新出现".into(), |g| format!("{:+.1}%", g * 100.0)),
            src.join("、"),
            x.subjects.first().cloned().unwrap_or_default(),
        ]);
    }
    t.print(out)?;
    Ok(())
}

/// Runs `hotspots`.
pub fn run(place: &Place<'_>, args: &HotspotsArgs) -> CliResult {
    let desk = Desk::open(place)?;
    let q = HotspotQuery {
        period: Period::new(
            parse_day(&args.from, "开始日期")?,
            parse_day(&args.to, "结束日期")?,
        )?,
        category: args
            .category
            .as_deref()
            .map(|c| Category::parse(c, "category"))
            .transpose()?,
        channel: args
            .channel
            .as_deref()
            .map(|c| Channel::parse(c, "channel"))
            .transpose()?,
        department_id: None,
        limit: Some(usize::from(args.limit)),
    };
    let h = desk.run(GetHotspots { query: q })?;
    let mut out = std::io::stdout().lock();
    if args.json {
        return print_json(&mut out, &h);
    }
    let p = h.query.period;
    writeln!(
        out,
        "热点时段：{} 至 {}，诉求 {} 件（上期 {} 至 {}，{} 件）",
        fmt_date_zh(p.from),
        fmt_date_zh(p.to),
        thousands(h.appeals),
        fmt_date_zh(h.previous_period.from),
        fmt_date_zh(h.previous_period.to),
        thousands(h.previous_appeals)
    )?;
    if h.top.is_empty() {
        writeln!(out, "该时段没有可分析的诉求。")?;
        return Ok(());
    }
    writeln!(
        out,
        "\n本期突出的问题（本期提及件数 × 在此前一年诉求中的稀少程度；标题中点名的短语优先，几乎每件诉求都有的词不计）"
    )?;
    table(&mut out, &h.top)?;
    writeln!(
        out,
        "\n增长最快的热点（本期至少 {} 件诉求提及）",
        h.rising_min_appeals
    )?;
    if h.rising.is_empty() {
        writeln!(out, "没有比上期增长的热点。")?;
    } else {
        table(&mut out, &h.rising)?;
    }
    writeln!(
        out,
        "\n用 --json 可得到每个热点涉及的诉求编号；本地地名和术语可在设置“热点分析自定义词典”中添加。"
    )?;
    Ok(())
}
