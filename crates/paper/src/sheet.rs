//! 民意诉求登记表 — the archive sheet of one appeal: its numbers, the appellant in full, channel,
//! times, category, subject, content, attachments, and the handling record so far with a
//! signature and date box for every stage (routing, plan, review, approval, feedback, satisfaction,
//! tracking, close). Stages not reached yet print empty boxes to be filled in by hand. Once the
//! appeal is filed (纸质归档), the sheet names where: 卷号, 盒号, 保管期限, 归档日期.
//!
//! A batch of many sheets in one PDF is [`crate::batch`].

use crate::PaperError;
use crate::common::{cn_date, cn_datetime, opt_date, or_dash};
use crate::layout::{Align, Doc, Margins, SIZE_FORM, mm};
use crate::table::{Row, Table};
use minyi_core::model::{EventAction, PlanContent};
use minyi_core::queries::detail::{AppealDetail, TimelineEntry};

pub(crate) const TITLE: &str = "民意诉求登记表";
const SIZE_SHEET_TITLE: f32 = 18.0;

/// The archive sheet of one appeal (pass the detail with personal data in full).
pub fn archive_sheet(org: &str, d: &AppealDetail) -> Result<Vec<u8>, PaperError> {
    let mut doc = Doc::new(TITLE, Margins::form())?;
    draw(&mut doc, org, d)?;
    doc.finish()
}

/// Draws the sheet of `d` as a section of its own (so a batch can put many in one PDF).
pub(crate) fn draw(doc: &mut Doc, org: &str, d: &AppealDetail) -> Result<(), PaperError> {
    let a = &d.appeal;
    doc.begin_section(Some(&a.reg_number));
    doc.running_head(&format!("{TITLE}（续）"));
    let (l, r) = (doc.left(), doc.right());
    let top = doc.y;
    doc.line_in(org, SIZE_FORM + 1.5, (l, r), top, Align::Center)?;
    doc.gap(SIZE_FORM * 2.0);
    let top = doc.y;
    doc.line_in(TITLE, SIZE_SHEET_TITLE, (l, r), top, Align::Center)?;
    doc.gap(SIZE_SHEET_TITLE * 1.8);

    let pairs = Table {
        cols: vec![0.14, 0.36, 0.14, 0.36],
        header: None,
        size: SIZE_FORM,
    };
    pairs.draw(doc, &fact_rows(d))?;

    let wide = Table {
        cols: vec![0.14, 0.86],
        header: None,
        size: SIZE_FORM,
    };
    wide.draw(doc, &text_rows(d))?;

    doc.gap(SIZE_FORM * 1.2);
    doc.ensure(SIZE_FORM * 8.0);
    let top = doc.y;
    doc.line_in("办理记录", SIZE_FORM + 2.0, (l, r), top, Align::Left)?;
    doc.gap(SIZE_FORM * 2.0);
    let record = Table {
        cols: vec![0.12, 0.42, 0.14, 0.14, 0.18],
        header: Some(
            ["环节", "办理情况", "经办人", "签名", "日期"]
                .map(String::from)
                .to_vec(),
        ),
        size: SIZE_FORM,
    };
    record.draw(doc, &stage_rows(d))?;
    Ok(())
}

/// The sheet's facts two by two: numbers, the appellant in full, channel, times, category,
/// department, dates, and where the paper file is once filed.
fn fact_rows(d: &AppealDetail) -> Vec<Row> {
    let a = &d.appeal;
    let p = &d.appellant;
    let name = if p.anonymous {
        format!("{}（匿名）", p.name)
    } else {
        p.name.clone()
    };
    let category = if a.category_confirmed {
        a.category.label().to_string()
    } else {
        format!("{}（待初审确认）", a.category.label())
    };
    let urgency = format!(
        "{}{}",
        a.urgency.label(),
        if a.major { "，重大复杂" } else { "" }
    );
    let mut rows = vec![
        [
            "登记号",
            &a.reg_number,
            "归档编号",
            &or_dash(a.archive_number.as_deref()),
        ],
        ["诉求人", &name, "联系电话", &or_dash(p.phone.as_deref())],
        [
            "身份证号",
            &or_dash(p.id_number.as_deref()),
            "电子邮箱",
            &or_dash(p.email.as_deref()),
        ],
        [
            "工作单位",
            &or_dash(p.organisation.as_deref()),
            "联系地址",
            &or_dash(p.address.as_deref()),
        ],
        [
            "诉求渠道",
            a.channel.label(),
            "收到时间",
            &cn_datetime(&a.received_at),
        ],
        [
            "登记时间",
            &cn_datetime(&a.registered_at),
            "登记人",
            &d.registered_by_name,
        ],
        ["诉求分类", &category, "紧急程度", &urgency],
        [
            "办理部门",
            &or_dash(d.department_name.as_deref()),
            "当前状态",
            a.status.label(),
        ],
        [
            "办理期限",
            &opt_date(a.due_date),
            "预计反馈",
            &cn_date(a.expected_feedback_date),
        ],
    ]
    .into_iter()
    .map(|cells| Row::pairs(cells.iter().map(|s| s.to_string()).collect()))
    .collect::<Vec<_>>();
    if let Some(pm) = a.postmark_date {
        rows.push(Row::pairs(vec![
            "邮戳日期".into(),
            cn_date(pm),
            "督办次数".into(),
            a.supervision_count.to_string(),
        ]));
    }
    if let Some(pa) = &d.paper_archive {
        rows.push(Row::pairs(vec![
            "卷号".into(),
            pa.volume.clone(),
            "盒号".into(),
            or_dash(pa.r#box.as_deref()),
        ]));
        rows.push(Row::pairs(vec![
            "保管期限".into(),
            pa.retention.label().into(),
            "归档日期".into(),
            cn_date(pa.archived_on),
        ]));
    }
    rows
}

/// Subject, content and the list of attachments, each across the sheet.
fn text_rows(d: &AppealDetail) -> Vec<Row> {
    let a = &d.appeal;
    let attachments = if d.attachments.is_empty() {
        "无".to_string()
    } else {
        d.attachments
            .iter()
            .enumerate()
            .map(|(i, f)| format!("{}. {}（{}）", i + 1, f.file_name, size_label(f.size)))
            .collect::<Vec<_>>()
            .join("\n")
    };
    vec![
        Row::pairs(vec!["诉求事项".into(), a.subject.clone()]),
        Row::pairs(vec!["诉求内容".into(), a.content.clone()]).min_height(mm(30.0)),
        Row::pairs(vec!["附件".into(), attachments]),
    ]
}

fn size_label(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / 1024.0 / 1024.0)
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

/// The stages of the handling record and the event actions that belong to each.
const STAGES: &[(&str, &[EventAction])] = &[
    (
        "初审受理",
        &[
            EventAction::InitialReview,
            EventAction::Reject,
            EventAction::AnswerDirectly,
        ],
    ),
    (
        "分流交办",
        &[
            EventAction::Route,
            EventAction::ReturnMisrouted,
            EventAction::Reclassify,
        ],
    ),
    ("处理方案", &[EventAction::SubmitPlan]),
    (
        "审核",
        &[EventAction::ReviewPass, EventAction::ReviewReturn],
    ),
    ("审批", &[EventAction::Approve, EventAction::ApprovalReturn]),
    (
        "反馈",
        &[EventAction::RecordFeedback, EventAction::FollowUp],
    ),
    ("满意度", &[]),
    ("跟踪", &[EventAction::AddProgress]),
    ("办结", &[EventAction::Close, EventAction::Reopen]),
];

fn describe(d: &AppealDetail, e: &TimelineEntry) -> String {
    let mut s = e.action_label.clone();
    // The department is known for the latest routing only (earlier ones may have been returned).
    let last_route = d
        .timeline
        .iter()
        .rev()
        .find(|t| t.event.action == EventAction::Route);
    if let (true, Some(dep)) = (
        last_route.is_some_and(|t| t.event.id == e.event.id),
        &d.department_name,
    ) {
        s.push_str(&format!("：{dep}"));
    }
    if let Some(reason) = e.event.reason.as_deref().filter(|r| !r.trim().is_empty()) {
        s.push_str(&format!("。{reason}"));
    }
    if let Some(dep) = &e.on_behalf_department_name {
        s.push_str(&format!("（代{dep}录入）"));
    }
    s
}

fn stage_rows(d: &AppealDetail) -> Vec<Row> {
    let sign = mm(11.0);
    let mut rows = Vec::new();
    for (label, actions) in STAGES {
        let mut lines: Vec<(String, String, String)> = d
            .timeline
            .iter()
            .filter(|e| actions.contains(&e.event.action))
            .map(|e| {
                (
                    describe(d, e),
                    e.actor_name.clone(),
                    cn_date(e.event.at.date_naive()),
                )
            })
            .collect();
        match *label {
            "处理方案" => {
                for (line, plan) in lines.iter_mut().zip(&d.plans) {
                    let text = plan_text(&plan.content);
                    if !text.is_empty() {
                        line.0.push_str(&format!("：{text}"));
                    }
                }
            }
            "满意度" => {
                lines = d
                    .feedbacks
                    .iter()
                    .map(|f| {
                        (
                            format!("{}（{}）", f.satisfaction.label(), f.method.label()),
                            String::new(),
                            cn_date(f.recorded_at.date_naive()),
                        )
                    })
                    .collect();
            }
            "跟踪" => {
                if let Some(t) = &d.tracking {
                    lines.insert(
                        0,
                        (
                            format!("跟踪措施：{}", t.measures),
                            or_dash(t.responsible.as_deref()),
                            cn_date(t.started_at.date_naive()),
                        ),
                    );
                }
            }
            _ => {}
        }
        if lines.is_empty() {
            lines.push((String::new(), String::new(), String::new()));
        }
        let cell = |f: &dyn Fn(&(String, String, String)) -> &String| {
            lines
                .iter()
                .map(|x| f(x).as_str())
                .collect::<Vec<_>>()
                .join("\n")
        };
        rows.push(Row {
            cells: vec![
                label.to_string(),
                cell(&|x| &x.0),
                cell(&|x| &x.1),
                String::new(),
                cell(&|x| &x.2),
            ],
            min_height: sign,
            labels: vec![true],
        });
    }
    rows
}

fn plan_text(p: &PlanContent) -> String {
    match p {
        PlanContent::Complaint {
            facts_found,
            measures,
            ..
        } => format!("查明：{facts_found}；措施：{measures}"),
        PlanContent::Suggestion {
            feasibility,
            adopted,
            ..
        } => format!(
            "{}；{feasibility}",
            if *adopted { "采纳" } else { "不采纳" }
        ),
        PlanContent::Help { .. } => p.measures(),
        PlanContent::Answer { answer } => answer.clone(),
    }
}
