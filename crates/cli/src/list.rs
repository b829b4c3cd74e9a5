//! `list`: the appeal list, newest first, optionally filtered by status (code or Chinese label), as
//! a table (number, archive number, category, status, department, due date, subject) or JSON.
//! The list holds no personal data, so nothing is masked or logged here.

use crate::desk::{Desk, Place};
use crate::output::{CliError, CliResult, Table, clip, print_json};
use clap::Args;
use minyi_core::model::Status;
use minyi_core::queries::list::{AppealRow, ListFilter};
use minyi_core::time::fmt_date;
use minyi_service::commands::appeals::ListAppeals;
use serde::Serialize;
use std::io::Write;

/// Options of `list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// 按状态筛选，代码或中文，可重复或用逗号分隔（如 routed 或 办理中）/ status filter
    #[arg(long, value_name = "S", value_delimiter = ',')]
    status: Vec<String>,
    /// 最多显示多少条（默认 50，最多 10000）/ at most this many rows
    #[arg(long, value_name = "N", default_value_t = 50,
          value_parser = clap::value_parser!(i64).range(1..=10_000))]
    limit: i64,
    /// 以 JSON 输出 / print JSON
    #[arg(long)]
    json: bool,
}

/// Parses a status given as code or Chinese label, listing the valid ones on error.
pub fn parse_status(s: &str) -> CliResult<Status> {
    Status::parse(s, "status").map_err(|_| {
        let all: Vec<String> = Status::ALL
            .iter()
            .map(|s| format!("{}（{}）", s.code(), s.label()))
            .collect();
        CliError::user(format!(
            "状态“{}”无效。可选的状态有：{}。",
            clip(s.trim(), 20),
            all.join("、")
        ))
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ListJson<'a> {
    total: Option<i64>,
    has_more: bool,
    rows: &'a [AppealRow],
}

/// "2026-12-03（逾期）" and the like.
fn due_text(r: &AppealRow) -> String {
    match r.due_date {
        None => "—".into(),
        Some(d) if r.due.overdue => format!("{}（逾期）", fmt_date(d)),
        Some(d) if r.due.due_soon => format!("{}（将到期）", fmt_date(d)),
        Some(d) => fmt_date(d),
    }
}

/// Runs `list`.
pub fn run(place: &Place<'_>, args: &ListArgs) -> CliResult {
    let statuses = args
        .status
        .iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| parse_status(s))
        .collect::<CliResult<Vec<_>>>()?;
    let desk = Desk::open(place)?;
    let page_size = args.limit.min(200);
    let mut rows = Vec::new();
    let mut total = None;
    let mut page = 0;
    let mut has_more = loop {
        let filter = ListFilter {
            statuses: statuses.clone(),
            page,
            page_size,
            ..Default::default()
        };
        let p = desk.run(ListAppeals { filter })?;
        if page == 0 {
            total = p.total;
        }
        rows.extend(p.rows);
        if !p.has_more || rows.len() as i64 >= args.limit {
            break p.has_more;
        }
        page += 1;
    };
    if rows.len() as i64 > args.limit {
        rows.truncate(args.limit as usize);
        has_more = true;
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        return print_json(
            &mut out,
            &ListJson {
                total,
                has_more,
                rows: &rows,
            },
        );
    }
    if rows.is_empty() {
        writeln!(out, "没有符合条件的诉求。")?;
        return Ok(());
    }
    let mut t = Table::new(&[
        "登记号",
        "归档编号",
        "分类",
        "状态",
        "承办部门",
        "办理期限",
        "标题",
    ]);
    for r in &rows {
        t.row(vec![
            r.reg_number.clone(),
            r.archive_number.clone().unwrap_or_else(|| "—".into()),
            r.category.label().into(),
            r.status.label().into(),
            r.department_name.clone().unwrap_or_else(|| "—".into()),
            due_text(r),
            clip(&r.subject, 40),
        ]);
    }
    t.print(&mut out)?;
    match total {
        Some(n) if has_more => writeln!(
            out,
            "共 {n} 条，显示最新的 {} 条（用 --limit 显示更多）。",
            rows.len()
        )?,
        Some(n) => writeln!(out, "共 {n} 条。")?,
        None => writeln!(out, "显示 {} 条。", rows.len())?,
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_accepts_code_or_label() {
        assert_eq!(parse_status("routed").unwrap(), Status::Routed);
        assert_eq!(parse_status(" 办理中 ").unwrap(), Status::Routed);
        let CliError::User(m) = parse_status("bogus").unwrap_err() else {
            panic!("expected a user error")
        };
        assert!(m.contains("registered（待初审）"), "{m}");
    }
}
