//! A small office with one appeal in (almost) every state, received and handled on different days
//! of November 2026, for the read-side tests (`queries.rs`, `workbench.rs`). "Today" is Wednesday
//! 2026-11-25, so some appeals are overdue, some due soon (today or Thursday) and some not yet.
#![allow(dead_code)]

use crate::common::*;
use chrono::NaiveDate;
use minyi_core::model::*;
use minyi_core::usecases::initial_review::{InitialReviewInput, initial_review};
use minyi_core::usecases::record_feedback::{FeedbackInput, record_feedback};
use minyi_core::usecases::*;

/// Where an appeal is left (with the index of its department).
#[derive(Clone, Copy)]
pub enum Fate {
    Registered,
    Accepted,
    Rejected,
    Direct,
    Routed(usize),
    Plan(usize),
    Approval(usize),
    Feedback(usize),
    Tracking(usize),
    Closed(usize),
}
use Fate::*;

/// (channel, category, day of November received and handled, major, fate, name, content).
pub type Spec = (
    &'static str,
    Category,
    u32,
    bool,
    Fate,
    &'static str,
    &'static str,
);

#[rustfmt::skip]
pub const SPECS: &[Spec] = &[
    ("walk_in", Category::Complaint, 2, false, Closed(0), "张三丰", "翠苑小区夜间施工噪音扰民，影响休息。"),
    ("hotline", Category::Complaint, 5, false, Tracking(0), "李四光", "学院路小区餐馆油烟直排，气味很大。"),
    ("website", Category::Suggestion, 10, false, Routed(1), "王五", "建议在老旧小区推行垃圾分类定时定点投放。"),
    ("wechat", Category::Help, 16, false, Routed(0), "赵六", "家中老人行动不便，请协助办理低保申请。"),
    ("letter", Category::Complaint, 19, false, Routed(0), "钱七", "物业费一年上涨50%，没有公示。"),
    ("portal", Category::Complaint, 18, true, Approval(0), "孙八", "多个小区电梯长期故障，编号A_1的电梯已停运两个月。"),
    ("weibo", Category::Other, 20, false, Plan(0), "周九", "路口信号灯配时不合理，路径C:\\temp 写错了。"),
    ("hotline", Category::Consultation, 23, false, Direct, "吴十", "请问居住证办理需要哪些材料？"),
    ("walk_in", Category::Complaint, 20, false, Registered, "郑一", "菜市场周边占道经营严重。"),
    ("website", Category::Complaint, 24, false, Registered, "冯二", "共享单车乱停放堵塞人行道。"),
    ("hotline", Category::Help, 24, false, Accepted, "陈三", "暴雨后地下室进水，请求帮助抽水。"),
    ("walk_in", Category::Complaint, 23, false, Rejected, "褚四", "邻居家的狗半夜叫。"),
    ("wechat", Category::Suggestion, 20, false, Feedback(1), "卫五", "建议公园延长开放时间。"),
    ("letter", Category::Complaint, 25, true, Registered, "蒋六", "小区消防通道被长期占用，存在重大安全隐患。"),
];

/// "Now" for the queries.
pub const TODAY: &str = "2026-11-25T15:00:00+08:00";

/// A plan that fits the category, with measures to track.
pub fn plan_for(c: Category) -> PlanContent {
    match c {
        Category::Complaint => PlanContent::Complaint {
            facts_found: "情况属实".into(),
            responsible_party: "相关单位".into(),
            measures: "限期整改并复查".into(),
        },
        Category::Suggestion => PlanContent::Suggestion {
            feasibility: "可行".into(),
            value: "有利于群众".into(),
            adopted: true,
            implementation_plan: "下月起试点".into(),
        },
        Category::Help => PlanContent::Help {
            resources_coordinated: "协调社区上门服务".into(),
            measures: String::new(),
        },
        _ => PlanContent::Answer {
            answer: "已答复".into(),
        },
    }
}

/// Builds the office with one appeal per spec (phone 1391234000i); returns the env and the ids in
/// spec order.
pub fn build() -> (Env, Vec<i64>) {
    let mut env = crate::common::env();
    let o = env.office.clone();
    let mut ids = Vec::new();
    for (i, (channel, cat, day, major, fate, name, content)) in SPECS.iter().enumerate() {
        let mut form = input(channel, cat.code(), &format!("1391234{i:04}"), content);
        form.appellant.name = name.to_string();
        form.subject = content.chars().take(12).collect();
        form.received_at = format!("2026-11-{day:02}T09:00:00+08:00");
        form.major = *major;
        let t = at(&format!("2026-11-{day:02}T10:{i:02}:00+08:00"));
        let clerk = Ctx::new(&o.clerk, t);
        let s = &mut env.store;
        let id = register::register(s, &clerk, &form).unwrap().appeal_id;
        ids.push(id);
        let dept = match fate {
            Registered => continue,
            Rejected => {
                let reason = "不属于受理范围".into();
                initial_review(s, &clerk, id, &InitialReviewInput::Reject { reason }).unwrap();
                continue;
            }
            Direct => {
                answer_directly::answer_directly(s, &clerk, id, "身份证和租房合同").unwrap();
                continue;
            }
            Accepted => {
                accept(s, &o.clerk, id, *cat, t);
                continue;
            }
            Routed(d) | Plan(d) | Approval(d) | Feedback(d) | Tracking(d) | Closed(d) => *d,
        };
        accept(s, &o.clerk, id, *cat, t);
        route::route(s, &clerk, id, o.departments[dept].0, None).unwrap();
        if matches!(fate, Routed(_)) {
            continue;
        }
        let handler = Ctx::new(&o.handlers[dept], t);
        let plan = plan_for(*cat);
        submit_plan::submit_plan(s, &handler, id, &plan, &OnBehalf::default()).unwrap();
        if matches!(fate, Plan(_)) {
            continue;
        }
        review::review(s, &Ctx::new(&o.heads[dept], t), id, true, "同意").unwrap();
        if matches!(fate, Approval(_) | Feedback(_)) {
            continue;
        }
        let fb = FeedbackInput {
            method: FeedbackMethod::PhoneCall,
            content: "已电话告知".into(),
            satisfaction: Satisfaction::Satisfied,
            responsible: Some("执法中队".into()),
        };
        record_feedback(s, &handler, id, &fb).unwrap();
        if matches!(fate, Closed(_)) {
            close::close(s, &Ctx::new(&o.office, t), id, "已整改到位").unwrap();
        }
    }
    (env, ids)
}

/// The stored appeals, in spec order.
pub fn all(env: &Env, ids: &[i64]) -> Vec<Appeal> {
    ids.iter()
        .map(|id| minyi_core::testing::appeal(&env.store, *id).unwrap())
        .collect()
}

pub fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

/// Open and due before today.
pub fn overdue(a: &Appeal) -> bool {
    !a.status.is_final() && a.due_date.is_some_and(|d| d < day(11, 25))
}

/// Open and due today or on the next working day (Thursday 26th): the default due-soon window.
pub fn due_soon(a: &Appeal) -> bool {
    !a.status.is_final()
        && a.due_date
            .is_some_and(|d| d >= day(11, 25) && d <= day(11, 26))
}
