//! `show NUMBER`: one appeal found by its registration number or any archive number (current or
//! superseded): its fields, the appellant, the handling records and the timeline of every event.
//!
//! Personal data is masked unless the global `--personal-data` flag is given; then the core's
//! `PersonalData::Full` returns it in full and writes an access-log line, as for any user.
//!
//! `--history` adds the appellant's other appeals (same phone, ID number, or name and address)
//! with their outcomes, under the core's rule for looking people up: a user without it is told
//! so, and sees nothing of them; each viewing is in the access log.

use crate::desk::{Desk, Place};
use crate::output::{CliResult, print_json, yes_no};
use clap::Args;
use minyi_core::queries::detail::{AppealDetail, PersonalData};
use minyi_core::queries::history::AppellantHistory;
use minyi_core::time::fmt_date;
use minyi_service::commands::appeals::{FindAppeal, GetAppealDetail, GetAppellantHistory};
use std::io::Write;

/// Options of `show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// 登记号或归档编号（含已作废的旧编号），如 20261127-0007 或 TS-2026-000123
    /// / registration or archive number
    #[arg(value_name = "NUMBER")]
    number: String,
    /// 以 JSON 输出 / print JSON
    #[arg(long)]
    json: bool,
    /// 同时列出该诉求人的其他诉求（同一电话、证件号码或姓名和地址）及其结果；与 --json 同用时输出
    /// {"detail", "history"} / also the appellant's other appeals
    #[arg(long)]
    history: bool,
}

fn ts(t: &chrono::DateTime<chrono::FixedOffset>) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

fn opt(v: Option<&str>) -> &str {
    match v {
        Some(s) if !s.trim().is_empty() => s,
        _ => "—",
    }
}

fn review_label(s: &str) -> &str {
    match s {
        "pending" => "待审核",
        "returned" => "已退回",
        "approved" => "已通过",
        "rejected" => "未通过",
        other => other,
    }
}

fn field(out: &mut impl Write, label: &str, value: &str) -> std::io::Result<()> {
    let pad = 14usize.saturating_sub(crate::output::width(label));
    writeln!(out, "  {label}{}{value}", " ".repeat(pad))
}

fn print_appeal(out: &mut impl Write, d: &AppealDetail) -> std::io::Result<()> {
    let a = &d.appeal;
    writeln!(out, "诉求 {}", a.reg_number)?;
    field(out, "登记号", &a.reg_number)?;
    let mut numbers = opt(a.archive_number.as_deref()).to_string();
    let old: Vec<&str> = d
        .archive_numbers
        .iter()
        .filter(|n| n.superseded)
        .map(|n| n.number.as_str())
        .collect();
    if !old.is_empty() {
        numbers.push_str(&format!("（原编号 {}）", old.join("、")));
    }
    field(out, "归档编号", &numbers)?;
    field(out, "渠道", a.channel.label())?;
    let category = if a.category_confirmed {
        a.category.label().to_string()
    } else {
        format!("{}（待初审确认）", a.category.label())
    };
    field(out, "分类", &category)?;
    field(out, "紧急程度", a.urgency.label())?;
    field(out, "重大复杂", yes_no(a.major))?;
    let mut status = a.status.label().to_string();
    if a.round > 1 {
        status.push_str(&format!("（第{}轮办理）", a.round));
    }
    field(out, "状态", &status)?;
    field(out, "承办部门", opt(d.department_name.as_deref()))?;
    if let Some(stage) = a.stage {
        field(out, "当前阶段", stage.label())?;
    }
    let due = match a.due_date {
        None => "—".to_string(),
        Some(day) if d.due.overdue => format!("{}（已逾期）", fmt_date(day)),
        Some(day) => match d.due.remaining_working_days {
            Some(n) if !a.status.is_final() => format!("{}（剩余{n}个工作日）", fmt_date(day)),
            _ => fmt_date(day),
        },
    };
    field(out, "办理期限", &due)?;
    field(out, "收到时间", &ts(&a.received_at))?;
    if let Some(p) = a.postmark_date {
        field(out, "邮戳日期", &fmt_date(p))?;
    }
    if let Some(c) = a.call_time {
        field(out, "来电时间", &ts(&c))?;
    }
    field(
        out,
        "登记",
        &format!("{} {}", ts(&a.registered_at), d.registered_by_name),
    )?;
    field(out, "预计反馈日期", &fmt_date(a.expected_feedback_date))?;
    if a.supervision_count > 0 {
        field(out, "督办次数", &a.supervision_count.to_string())?;
    }
    if a.escalated {
        field(out, "已上报管理层", "是")?;
    }
    if let Some(s) = a.satisfaction {
        field(out, "满意度", s.label())?;
    }
    if let Some(c) = a.closed_at {
        field(out, "办结时间", &ts(&c))?;
    }
    field(out, "标题", &a.subject)?;
    writeln!(out, "  内容")?;
    for line in a.content.lines() {
        writeln!(out, "    {line}")?;
    }
    Ok(())
}

fn print_appellant(out: &mut impl Write, d: &AppealDetail, asked: bool) -> std::io::Result<()> {
    let p = &d.appellant;
    writeln!(out)?;
    writeln!(out, "诉求人")?;
    field(out, "姓名", &p.name)?;
    field(out, "联系电话", opt(p.phone.as_deref()))?;
    field(out, "地址", opt(p.address.as_deref()))?;
    if p.id_number.is_some() {
        field(out, "身份证号", opt(p.id_number.as_deref()))?;
    }
    if p.email.is_some() {
        field(out, "电子邮箱", opt(p.email.as_deref()))?;
    }
    if p.organisation.is_some() {
        field(out, "单位", opt(p.organisation.as_deref()))?;
    }
    if p.anonymous {
        field(out, "匿名", "是")?;
    }
    if d.personal_data_masked && asked {
        writeln!(out, "  （本账号无权查看该诉求人的完整个人信息，已隐去。）")?;
    } else if d.personal_data_masked {
        writeln!(
            out,
            "  （个人信息已隐去。如确需查看，请加 --personal-data，查看将记入访问日志。）"
        )?;
    } else {
        writeln!(out, "  （已显示完整个人信息，本次查看已记入访问日志。）")?;
    }
    Ok(())
}

fn print_records(out: &mut impl Write, d: &AppealDetail) -> std::io::Result<()> {
    if !d.plans.is_empty() {
        writeln!(out)?;
        writeln!(out, "处理方案")?;
        for p in &d.plans {
            writeln!(
                out,
                "  第{}轮  {}  [{}]  {}",
                p.round,
                ts(&p.submitted_at),
                review_label(&p.review_status),
                crate::output::clip(&p.content.summary(), 80)
            )?;
        }
    }
    if !d.feedbacks.is_empty() {
        writeln!(out)?;
        writeln!(out, "反馈")?;
        for f in &d.feedbacks {
            writeln!(
                out,
                "  第{}轮  {}  {}  {}  {}",
                f.round,
                ts(&f.recorded_at),
                f.method.label(),
                f.satisfaction.label(),
                crate::output::clip(&f.content, 60)
            )?;
        }
    }
    if !d.links.is_empty() {
        writeln!(out)?;
        writeln!(out, "关联诉求")?;
        for l in &d.links {
            writeln!(
                out,
                "  {}  {}  {}",
                l.kind.label(),
                l.other_reg_number,
                crate::output::clip(&l.other_subject, 40)
            )?;
        }
    }
    Ok(())
}

fn print_timeline(out: &mut impl Write, d: &AppealDetail) -> std::io::Result<()> {
    writeln!(out)?;
    writeln!(out, "办理过程（共 {} 条记录）", d.timeline.len())?;
    for e in &d.timeline {
        let ev = &e.event;
        let moved = match ev.from_status {
            Some(from) if from != ev.to_status => {
                format!("{} → {}", from.label(), ev.to_status.label())
            }
            Some(_) => ev.to_status.label().to_string(),
            None => format!("→ {}", ev.to_status.label()),
        };
        let mut line = format!(
            "  {}  {}  {}  {}",
            ts(&ev.at),
            e.action_label,
            e.actor_name,
            moved
        );
        if e.on_behalf_department_name.is_some() || ev.on_behalf_person.is_some() {
            line.push_str(&format!(
                "  （代{}{}录入）",
                e.on_behalf_department_name.as_deref().unwrap_or(""),
                ev.on_behalf_person.as_deref().unwrap_or("")
            ));
        }
        if let Some(r) = ev.reason.as_deref().filter(|r| !r.trim().is_empty()) {
            line.push_str(&format!("  理由：{}", crate::output::clip(r, 60)));
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// Runs `show`.
fn print_history(out: &mut impl Write, h: Option<&AppellantHistory>) -> std::io::Result<()> {
    writeln!(out)?;
    let Some(h) = h else {
        writeln!(
            out,
            "诉求人的历次诉求：您的账号没有按诉求人查找诉求的权限（需要查看个人信息的角色和已签署的保密协议）。"
        )?;
        return Ok(());
    };
    writeln!(
        out,
        "诉求人的历次诉求（共 {} 件，从新到旧）",
        h.appeals.len()
    )?;
    if h.appeals.is_empty() {
        writeln!(out, "  该诉求人没有其他诉求。")?;
    }
    for e in &h.appeals {
        let number = e.archive_number.as_deref().unwrap_or(&e.reg_number);
        let matched: Vec<&str> = e.matched_on.iter().map(|m| m.label()).collect();
        let mut line = format!(
            "  {number}  {}（{}）  {}  {}  {}",
            fmt_date(e.received_at.date_naive()),
            if e.earlier { "此前" } else { "此后" },
            crate::output::clip(&e.subject, 30),
            matched.join("、"),
            e.status.label()
        );
        if let Some(r) = &e.closing_result {
            line.push_str(&format!("  办结：{}", crate::output::clip(r, 40)));
        }
        if let Some(s) = e.satisfaction {
            line.push_str(&format!("  满意度：{}", s.label()));
        }
        writeln!(out, "{line}")?;
    }
    if h.truncated {
        writeln!(out, "  （只列出最近的 {} 件。）", h.appeals.len())?;
    }
    Ok(())
}

pub fn run(place: &Place<'_>, personal_data: bool, args: &ShowArgs) -> CliResult {
    let desk = Desk::open(place)?;
    let personal = if personal_data {
        PersonalData::Full
    } else {
        PersonalData::Masked
    };
    let id = desk.run(FindAppeal {
        number: args.number.clone(),
    })?;
    let d = desk.run(GetAppealDetail { id, personal })?;
    let history = if args.history {
        Some(desk.run(GetAppellantHistory { id })?)
    } else {
        None
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        return match history {
            Some(h) => print_json(&mut out, &serde_json::json!({ "detail": d, "history": h })),
            None => print_json(&mut out, &d),
        };
    }
    print_appeal(&mut out, &d)?;
    print_appellant(&mut out, &d, personal_data)?;
    print_records(&mut out, &d)?;
    print_timeline(&mut out, &d)?;
    if let Some(h) = &history {
        print_history(&mut out, h.as_ref())?;
    }
    Ok(())
}
