//! `visits list|record`: the return-visit queue (回访, issue 20 §9) as the 回访 screen shows it, and
//! one call recorded — through the same commands (`list_visits`, `record_visit`), so the same
//! rules: the queue is the appeals office's, a call is one event, the third unreached call closes
//! the visit as 未联系上. Names and phones are masked unless `--personal-data` is given (then the
//! viewing is logged, as everywhere).

use crate::desk::{Desk, Place};
use crate::output::{CliError, CliResult, Table, clip, print_json};
use clap::Subcommand;
use minyi_core::model::{Satisfaction, VisitStatus};
use minyi_core::queries::detail::PersonalData;
use minyi_core::queries::visits::{VisitList, VisitQuery};
use minyi_core::usecases::record_visit::VisitCall;
use minyi_service::commands::visits::{ListVisits, RecordVisit};
use std::io::Write;

/// The `visits` subcommands.
#[derive(Debug, Subcommand)]
pub enum VisitsCommand {
    /// 列出回访名单（默认待回访）/ list return visits (open ones by default)
    List {
        /// 状态：open 待回访、completed 已回访、unreached 未联系上 / status
        #[arg(long, value_name = "STATUS")]
        status: Option<String>,
        /// 页码（从 1 开始）/ page, from 1
        #[arg(long, default_value_t = 1)]
        page: i64,
        /// 以 JSON 输出 / print JSON
        #[arg(long)]
        json: bool,
    },
    /// 登记一次回访电话 / record one call of a return visit
    Record {
        /// 回访编号（visits list 的第一列）/ the visit's number (first column of `visits list`)
        #[arg(value_name = "VISIT")]
        visit: i64,
        /// 联系上了诉求人 / the call reached the appellant
        #[arg(
            long,
            conflicts_with = "unreached",
            required_unless_present = "unreached"
        )]
        reached: bool,
        /// 未联系上 / the call reached nobody
        #[arg(long)]
        unreached: bool,
        /// 满意度：满意、基本满意、不满意 / satisfaction when reached
        #[arg(long, value_name = "SATISFACTION")]
        satisfaction: Option<String>,
        /// 备注 / remark
        #[arg(long, value_name = "TEXT")]
        remark: Option<String>,
    },
}

fn print_list(out: &mut impl Write, l: &VisitList, status: VisitStatus) -> CliResult {
    writeln!(out, "回访名单：{}，共 {} 件", status.label(), l.total)?;
    if l.rows.is_empty() {
        writeln!(out, "（没有{}的回访。）", status.label())?;
        return Ok(());
    }
    let mut t = Table::new(&[
        "回访编号",
        "登记编号",
        "分类",
        "标题",
        "承办部门",
        "办结日期",
        "反馈满意度",
        "已回访次数",
        "回访结果",
        "诉求人",
        "电话",
    ]);
    for r in &l.rows {
        t.row(vec![
            r.visit_id.to_string(),
            r.reg_number.clone(),
            r.category.label().into(),
            clip(&r.subject, 24),
            r.department_name.clone().unwrap_or_default(),
            r.closed_at
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            r.feedback_satisfaction
                .map(|s| s.label().to_string())
                .unwrap_or_default(),
            format!("{}（未联系上 {}）", r.attempts, r.unreached_attempts),
            match (r.status, r.satisfaction) {
                (VisitStatus::Completed, Some(s)) => s.label().into(),
                (s, _) => s.label().into(),
            },
            r.appellant_name.clone(),
            r.phone.clone().unwrap_or_default(),
        ]);
    }
    t.print(out)?;
    if !l.personal_data_shown {
        writeln!(
            out,
            "（诉求人姓名和电话已隐去；加 --personal-data 显示完整信息，会记入访问日志。）"
        )?;
    }
    Ok(())
}

pub fn run(place: &Place<'_>, personal_data: bool, cmd: &VisitsCommand) -> CliResult {
    let desk = Desk::open(place)?;
    let mut out = std::io::stdout().lock();
    match cmd {
        VisitsCommand::List { status, page, json } => {
            let status = match status {
                Some(s) => VisitStatus::parse(s, "status")?,
                None => VisitStatus::Open,
            };
            if *page < 1 {
                return Err(CliError::user("页码从 1 开始。"));
            }
            let l = desk.run(ListVisits {
                query: VisitQuery {
                    status: Some(status),
                    personal: if personal_data {
                        PersonalData::Full
                    } else {
                        PersonalData::Masked
                    },
                    page: page - 1,
                    page_size: 50,
                },
            })?;
            if *json {
                return print_json(&mut out, &l);
            }
            print_list(&mut out, &l, status)
        }
        VisitsCommand::Record {
            visit,
            reached,
            unreached: _,
            satisfaction,
            remark,
        } => {
            let satisfaction = satisfaction
                .as_deref()
                .map(|s| Satisfaction::parse(s, "satisfaction"))
                .transpose()?;
            let o = desk.run(RecordVisit {
                visit_id: *visit,
                call: VisitCall {
                    reached: *reached,
                    satisfaction,
                    remark: remark.clone(),
                },
            })?;
            writeln!(
                out,
                "{}（{}，第 {} 次回访）",
                o.message, o.reg_number, o.attempts
            )?;
            Ok(())
        }
    }
}
