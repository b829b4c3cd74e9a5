//! The letters and notices about one appeal, in GB/T 9704 layout (margins 37/35/28/26 mm, title
//! 2号, body 3号 with 二字缩进): 受理回执 for the appellant, 交办单 for the handling department,
//! 答复意见书 with the handling result, and the numbered 督办通知单. Every date printed is a
//! recorded date of the appeal (registration, routing, feedback, supervision), so printing the same
//! document twice gives the same text.

use crate::PaperError;
use crate::common::{
    LETTER_LH, LETTER_LH_TIGHT, body, body_at, cn_date, letter_head, opt_date, or_dash, plain,
    plain_at, sign_off, sign_off_at,
};
use crate::layout::{Doc, SIZE_BODY};
use crate::table::{Row, Table};
use minyi_core::model::{Category, EventAction};
use minyi_core::queries::detail::AppealDetail;
use minyi_core::store::print_settings::ReceiptContact;

fn salutation(d: &AppealDetail) -> String {
    if d.appellant.anonymous || d.appellant.name.trim().is_empty() {
        "诉求人：".into()
    } else {
        format!("{}：", d.appellant.name)
    }
}

/// How the appellant asks about progress: the office's telephone, reception address and hours
/// from settings, one labelled line each so they can be read at a glance; with none set, one
/// general sentence (the channel they used, or the reception window).
fn how_to_ask(reg_number: &str, c: &ReceiptContact) -> Vec<String> {
    if c.is_empty() {
        return vec![format!(
            "查询办理进度：请凭登记号{reg_number}，通过您提出诉求的渠道或到我单位接待窗口查询。"
        )];
    }
    let mut lines = vec![format!(
        "查询办理进度：请凭登记号{reg_number}，通过下列方式或您提出诉求的渠道查询。"
    )];
    for (label, value) in [
        ("咨询电话", &c.phone),
        ("接待地址", &c.address),
        ("接待时间", &c.hours),
    ] {
        if !value.is_empty() {
            lines.push(format!("{label}：{value}"));
        }
    }
    lines
}

/// What a receipt says about one appeal.
#[derive(Debug, Clone)]
pub struct ReceiptFacts<'a> {
    pub reg_number: &'a str,
    pub received_on: chrono::NaiveDate,
    pub channel: &'a str,
    pub subject: &'a str,
    pub registered_on: chrono::NaiveDate,
    pub expected_feedback_date: chrono::NaiveDate,
}

/// The paragraphs of the 受理回执 after the salutation, one string each: the printed receipt and
/// the portal's receipt page say the same words.
pub fn receipt_paragraphs(f: &ReceiptFacts<'_>, contact: &ReceiptContact) -> Vec<String> {
    let mut out = vec![
        format!(
            "您于{}通过{}提出的“{}”诉求，我单位已于{}登记，登记号为{}。",
            cn_date(f.received_on),
            f.channel,
            f.subject,
            cn_date(f.registered_on),
            f.reg_number
        ),
        "办理流程：我单位先对诉求进行初审，符合受理条件的，交有关部门办理；办理部门查明情况、制定处理方案，经审核、审批后，由我单位向您反馈办理结果，并听取您对办理结果的意见。".to_string(),
        format!(
            "预计反馈日期：{}。情况复杂需要延长办理期限的，我们将及时告知您。",
            cn_date(f.expected_feedback_date)
        ),
    ];
    out.extend(how_to_ask(f.reg_number, contact));
    out.push("您的个人信息仅用于办理本诉求，未经您同意不会对外提供。".to_string());
    out
}

/// 受理回执: tells the appellant the registration number, how the appeal will be handled, when to
/// expect an answer and how to ask about progress (`contact`, from settings). It is handed over as
/// one sheet: when the standard line spacing would push the signature onto a second page, it is
/// laid out again with the tighter spacing GB/T 9704 allows for that.
pub fn receipt(
    org: &str,
    d: &AppealDetail,
    contact: &ReceiptContact,
) -> Result<Vec<u8>, PaperError> {
    let doc = receipt_doc(org, d, contact, LETTER_LH)?;
    if doc.page_count() == 1 {
        return doc.finish();
    }
    receipt_doc(org, d, contact, LETTER_LH_TIGHT)?.finish()
}

fn receipt_doc(
    org: &str,
    d: &AppealDetail,
    contact: &ReceiptContact,
    lh: f32,
) -> Result<Doc, PaperError> {
    let a = &d.appeal;
    let mut doc = Doc::letter("受理回执")?;
    doc.begin_section(Some(&a.reg_number));
    letter_head(
        &mut doc,
        org,
        "受理回执",
        Some(&format!("登记号：{}", a.reg_number)),
    )?;
    plain_at(&mut doc, &salutation(d), lh)?;
    let facts = ReceiptFacts {
        reg_number: &a.reg_number,
        received_on: a.received_at.date_naive(),
        channel: a.channel.label(),
        subject: &a.subject,
        registered_on: a.registered_at.date_naive(),
        expected_feedback_date: a.expected_feedback_date,
    };
    for p in receipt_paragraphs(&facts, contact) {
        body_at(&mut doc, &p, lh)?;
    }
    sign_off_at(&mut doc, org, a.registered_at.date_naive(), lh)?;
    Ok(doc)
}

fn requirement(category: Category) -> &'static str {
    match category {
        Category::Complaint => "查明事实，明确责任方，提出整改措施",
        Category::Suggestion => "评估建议的可行性和价值，决定是否采纳；采纳的，提出实施方案",
        Category::Help => "协调资源，提出帮助措施",
        _ => "研究诉求，拟定答复意见",
    }
}

/// 交办单: sends the appeal to the handling department with what to do and by when.
pub fn transfer_slip(org: &str, d: &AppealDetail) -> Result<Vec<u8>, PaperError> {
    let a = &d.appeal;
    let route = d
        .timeline
        .iter()
        .rev()
        .find(|e| e.event.action == EventAction::Route);
    let date = route.map_or(a.registered_at.date_naive(), |e| e.event.at.date_naive());
    let mut doc = Doc::letter("交办单")?;
    doc.begin_section(Some(&a.reg_number));
    letter_head(
        &mut doc,
        org,
        "民意诉求交办单",
        Some(&format!("登记号：{}", a.reg_number)),
    )?;
    plain(
        &mut doc,
        &format!("{}：", or_dash(d.department_name.as_deref())),
    )?;
    body(
        &mut doc,
        &format!(
            "现将{}“{}”交你单位办理。请{}，于{}前提交处理方案；处理方案经审核、审批后，由我单位向诉求人反馈。逾期未办理的，将予以督办。",
            a.category.label(),
            a.subject,
            requirement(a.category),
            opt_date(a.due_date)
        ),
    )?;
    doc.gap(SIZE_BODY * 0.5);
    let table = Table {
        cols: vec![0.22, 0.78],
        header: None,
        size: 12.0,
    };
    let mut rows = vec![
        Row::pairs(vec!["诉求人".into(), d.appellant.name.clone()]),
        Row::pairs(vec!["诉求渠道".into(), a.channel.label().into()]),
        Row::pairs(vec!["紧急程度".into(), a.urgency.label().into()]),
        Row::pairs(vec!["诉求内容".into(), a.content.clone()]),
        Row::pairs(vec!["办理期限".into(), opt_date(a.due_date)]),
    ];
    let assisting = assisting_departments(d);
    if !assisting.is_empty() {
        rows.push(Row::pairs(vec!["协办部门".into(), assisting.join("；")]));
    }
    rows.extend([
        Row::pairs(vec![
            "交办人".into(),
            route.map_or_else(|| d.registered_by_name.clone(), |e| e.actor_name.clone()),
        ]),
        Row::pairs(vec!["签收人".into(), String::new()]).min_height(LETTER_LH),
        Row::pairs(vec!["签收日期".into(), "        年    月    日".into()]),
    ]);
    table.draw(&mut doc, &rows)?;
    sign_off(&mut doc, org, date)?;
    doc.finish()
}

/// The assisting departments (会办 协办) asked for since the latest routing, one line each with
/// their part and deadline, from the timeline's `add_assist` events.
fn assisting_departments(d: &AppealDetail) -> Vec<String> {
    let since = d
        .timeline
        .iter()
        .rposition(|e| e.event.action == EventAction::Route)
        .unwrap_or(0);
    d.timeline[since..]
        .iter()
        .filter(|e| e.event.action == EventAction::AddAssist)
        .map(|e| {
            let p = &e.event.payload;
            let s = |k: &str| p.get(k).and_then(|v| v.as_str()).unwrap_or("");
            let due = s("dueDate")
                .parse()
                .map(cn_date)
                .unwrap_or_else(|_| s("dueDate").to_string());
            format!(
                "{}：{}（{}前提出协办意见）",
                s("departmentName"),
                s("part"),
                due
            )
        })
        .collect()
}

/// 答复意见书: the handling result, for the appellant (the latest feedback, else the approved
/// plan's answer or measures).
pub fn reply(org: &str, d: &AppealDetail) -> Result<Vec<u8>, PaperError> {
    let a = &d.appeal;
    let (result, date) = if let Some(f) = d.feedbacks.last() {
        (f.content.clone(), f.recorded_at.date_naive())
    } else if let Some(p) = d.plans.iter().rev().find(|p| p.review_status == "approved") {
        let text = match &p.content {
            minyi_core::model::PlanContent::Answer { answer } => answer.clone(),
            c => c.measures(),
        };
        (text, p.submitted_at.date_naive())
    } else {
        return Err(PaperError::NoResult);
    };
    if result.trim().is_empty() {
        return Err(PaperError::NoResult);
    }
    let mut doc = Doc::letter("答复意见书")?;
    doc.begin_section(Some(&a.reg_number));
    letter_head(
        &mut doc,
        org,
        "答复意见书",
        Some(&format!("登记号：{}", a.reg_number)),
    )?;
    plain(&mut doc, &salutation(d))?;
    let dept = d
        .department_name
        .as_deref()
        .map(|n| format!("经{n}办理，"))
        .unwrap_or_default();
    body(
        &mut doc,
        &format!(
            "您于{}提出的“{}”诉求（登记号{}）收悉。{}现答复如下：",
            cn_date(a.received_at.date_naive()),
            a.subject,
            a.reg_number,
            dept
        ),
    )?;
    body(&mut doc, &result)?;
    body(
        &mut doc,
        &format!(
            "如对本答复有意见，可凭登记号{}向我单位反映。感谢您对我们工作的关心和支持。",
            a.reg_number
        ),
    )?;
    sign_off(&mut doc, org, date)?;
    doc.finish()
}

/// 督办通知单: the supervision with number `number` (or the latest one) — which appeal, what is
/// overdue, the new due date.
pub fn supervision_notice(
    org: &str,
    d: &AppealDetail,
    number: Option<&str>,
) -> Result<Vec<u8>, PaperError> {
    let a = &d.appeal;
    let s = match number {
        Some(n) => d.supervisions.iter().find(|s| s.number == n),
        None => d.supervisions.last(),
    }
    .ok_or(PaperError::NoSupervision)?;
    let mut doc = Doc::letter("督办通知单")?;
    doc.begin_section(Some(&a.reg_number));
    letter_head(
        &mut doc,
        org,
        "督办通知单",
        Some(&format!("督办编号：{}", s.number)),
    )?;
    plain(
        &mut doc,
        &format!("{}：", or_dash(d.department_name.as_deref())),
    )?;
    let stage = s
        .stage
        .map(|st| format!("{}环节", st.label()))
        .unwrap_or_default();
    let old = s
        .old_due_date
        .map(|o| format!("原定于{}前完成的", cn_date(o)))
        .unwrap_or_default();
    body(
        &mut doc,
        &format!(
            "你单位承办的“{}”诉求（登记号{}），{}{}工作未按期完成。督办事由：{}",
            a.subject, a.reg_number, old, stage, s.reason
        ),
    )?;
    body(
        &mut doc,
        &format!(
            "请于{}前办结并报送办理情况。本件为第{}次督办，逾期仍未办理的，将上报管理层。",
            cn_date(s.new_due_date),
            d.supervisions
                .iter()
                .position(|x| x.number == s.number)
                .map_or(1, |i| i + 1)
        ),
    )?;
    sign_off(&mut doc, org, s.issued_at.date_naive())?;
    doc.finish()
}
