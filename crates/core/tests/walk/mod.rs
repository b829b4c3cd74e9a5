//! The step language of the lifecycle property test (`properties.rs`): who acts, what they do,
//! how steps are generated, and the natural next move for an appeal in each status. Steps are
//! plain data interpreted against the current state ([`world`]), so a failing walk shrinks to a
//! short sequence that proptest prints.

pub mod world;

use minyi_core::model::*;
use proptest::prelude::*;

/// Departments the walks route to (a handler and a head each).
pub const DEPTS: usize = 3;

#[derive(Debug, Clone)]
pub enum Who {
    Natural,
    Clerk,
    Office,
    Management,
    Admin,
    Unsigned,
    Handler(usize),
    Head(usize),
}

/// One user action. `appeal`/`other` pick among the registered appeals (250 and up: a missing id);
/// `dept` indexes the walk's departments (`DEPTS`: a missing department); day offsets count from
/// the step's date.
#[rustfmt::skip]
#[derive(Debug, Clone)]
pub enum Op {
    /// Whatever would normally come next for the appeal ([`natural_next`]).
    Next { appeal: u8, choice: u8 },
    /// Registration; `bad` gives an invalid phone number.
    Register { category: usize, channel: usize, phone: usize, back_days: i64, bad: bool },
    Accept { appeal: u8, category: usize, major: Option<bool> },
    Reject { appeal: u8 },
    AnswerDirectly { appeal: u8 },
    Route { appeal: u8, dept: usize },
    ReturnMisrouted { appeal: u8 },
    /// `kind`: 0 complaint, 1 suggestion, 2 help, 3 answer; `None` the kind that fits.
    SubmitPlan { appeal: u8, kind: Option<usize>, adopted: bool, blank: bool },
    Review { appeal: u8, pass: bool },
    Approve { appeal: u8, pass: bool },
    Feedback { appeal: u8, satisfaction: usize },
    FollowUp { appeal: u8 },
    Reopen { appeal: u8, dept: Option<usize> },
    Close { appeal: u8 },
    Progress { appeal: u8, next_check: Option<i64> },
    Supervise { appeal: u8, days: i64 },
    Escalate { appeal: u8 },
    Instruct { appeal: u8 },
    RequestExtension { appeal: u8, days: i64 },
    DecideExtension { appeal: u8, approve: bool },
    Reclassify { appeal: u8, category: usize },
    Link { appeal: u8, other: u8, kind: usize },
    Merge { appeal: u8, other: u8 },
    /// Administrator: a day off or a working day, `days` from today.
    SetDay { days: i64, off: bool },
    /// Administrator: clears one of the days set so far.
    ClearDay { pick: usize },
    /// The detail page, with personal data in full or masked.
    View { appeal: u8, full: bool },
    Search { term: usize },
}

#[derive(Debug, Clone)]
pub struct Step {
    pub who: Who,
    pub op: Op,
    /// Minutes that pass before the step.
    pub minutes: i64,
}

pub const CONTENTS: &[&str] = &[
    "翠苑小区旁工地每天夜里十一点以后还在施工，噪音很大，影响休息。",
    "学院路的路灯坏了三个月没人修，晚上出行很不方便。",
    "建议在老旧小区加装电梯，方便老年人上下楼。",
    "请问办理居住证需要准备哪些材料？",
];
pub const PHONES: &[&str] = &["13812340001", "13812340002", "0571-86123456"];
pub const TERMS: &[&str] = &[
    "小区",
    "夜里十一点",
    "%",
    "_",
    "\\",
    "\"",
    "13812340001",
    "TS-2026-000001",
    "'; DROP TABLE appeals; --",
    "张三丰",
    "NEAR(小区 施工)",
];

pub fn who() -> impl Strategy<Value = Who> {
    prop_oneof![
        12 => Just(Who::Natural),
        1 => Just(Who::Clerk),
        1 => Just(Who::Office),
        1 => Just(Who::Management),
        1 => Just(Who::Admin),
        1 => Just(Who::Unsigned),
        1 => (0..DEPTS).prop_map(Who::Handler),
        1 => (0..DEPTS).prop_map(Who::Head),
    ]
}

pub fn register_op() -> impl Strategy<Value = Op> {
    (
        0..5usize,
        0..7usize,
        0..PHONES.len(),
        0..4i64,
        prop::bool::weighted(0.1),
    )
        .prop_map(|(category, channel, phone, back_days, bad)| Op::Register {
            category,
            channel,
            phone,
            back_days,
            bad,
        })
}

pub fn op() -> impl Strategy<Value = Op> {
    let a = || any::<u8>();
    prop_oneof![
        30 => (a(), any::<u8>()).prop_map(|(appeal, choice)| Op::Next { appeal, choice }),
        2 => register_op(),
        1 => (a(), 0..5usize, prop::option::of(any::<bool>()))
            .prop_map(|(appeal, category, major)| Op::Accept { appeal, category, major }),
        1 => a().prop_map(|appeal| Op::Reject { appeal }),
        1 => a().prop_map(|appeal| Op::AnswerDirectly { appeal }),
        1 => (a(), 0..=DEPTS).prop_map(|(appeal, dept)| Op::Route { appeal, dept }),
        1 => a().prop_map(|appeal| Op::ReturnMisrouted { appeal }),
        1 => (a(), prop::option::of(0..4usize), any::<bool>(), prop::bool::weighted(0.1))
            .prop_map(|(appeal, kind, adopted, blank)| Op::SubmitPlan { appeal, kind, adopted, blank }),
        1 => (a(), any::<bool>()).prop_map(|(appeal, pass)| Op::Review { appeal, pass }),
        1 => (a(), any::<bool>()).prop_map(|(appeal, pass)| Op::Approve { appeal, pass }),
        1 => (a(), 0..4usize).prop_map(|(appeal, satisfaction)| Op::Feedback { appeal, satisfaction }),
        1 => a().prop_map(|appeal| Op::FollowUp { appeal }),
        1 => (a(), prop::option::of(0..=DEPTS)).prop_map(|(appeal, dept)| Op::Reopen { appeal, dept }),
        1 => a().prop_map(|appeal| Op::Close { appeal }),
        1 => (a(), prop::option::of(-2..15i64))
            .prop_map(|(appeal, next_check)| Op::Progress { appeal, next_check }),
        2 => (a(), -2..15i64).prop_map(|(appeal, days)| Op::Supervise { appeal, days }),
        1 => a().prop_map(|appeal| Op::Escalate { appeal }),
        1 => a().prop_map(|appeal| Op::Instruct { appeal }),
        1 => (a(), 0..35i64).prop_map(|(appeal, days)| Op::RequestExtension { appeal, days }),
        1 => (a(), any::<bool>()).prop_map(|(appeal, approve)| Op::DecideExtension { appeal, approve }),
        1 => (a(), 0..5usize).prop_map(|(appeal, category)| Op::Reclassify { appeal, category }),
        1 => (a(), a(), 0..3usize).prop_map(|(appeal, other, kind)| Op::Link { appeal, other, kind }),
        1 => (a(), a()).prop_map(|(appeal, other)| Op::Merge { appeal, other }),
        1 => (0..20i64, any::<bool>()).prop_map(|(days, off)| Op::SetDay { days, off }),
        1 => any::<usize>().prop_map(|pick| Op::ClearDay { pick }),
        2 => (a(), any::<bool>()).prop_map(|(appeal, full)| Op::View { appeal, full }),
        1 => (0..TERMS.len()).prop_map(|term| Op::Search { term }),
    ]
}

pub fn step() -> impl Strategy<Value = Step> {
    (who(), op(), 0..2880i64).prop_map(|(who, op, minutes)| Step { who, op, minutes })
}

/// The move that would normally come next for an appeal in its status; `c` picks among the
/// variations (decisions, satisfactions, departments, oversight).
pub fn natural_next(a: &Appeal, c: u8, pending_extension: bool, open_escalation: bool) -> Op {
    let (appeal, ci) = (0, c as usize); // `appeal` is replaced by the caller
    // One move in four is oversight: decide, instruct, escalate, supervise or ask for time.
    if !a.status.is_final() && c % 4 == 3 {
        return if pending_extension {
            Op::DecideExtension {
                appeal,
                approve: c < 160,
            }
        } else if open_escalation {
            Op::Instruct { appeal }
        } else if a.supervision_count > 0 && c.is_multiple_of(3) {
            Op::Escalate { appeal }
        } else if c % 2 == 1 {
            Op::Supervise {
                appeal,
                days: 1 + i64::from(c / 48),
            }
        } else {
            Op::RequestExtension { appeal, days: 2 }
        };
    }
    match a.status {
        Status::Registered => match c % 8 {
            0 => Op::Reject { appeal },
            1 => Op::AnswerDirectly { appeal },
            _ => Op::Accept {
                appeal,
                category: if c.is_multiple_of(3) {
                    ci / 8 % 5
                } else {
                    Category::ALL
                        .iter()
                        .position(|x| *x == a.category)
                        .unwrap_or(0)
                },
                major: Some(c.is_multiple_of(5)),
            },
        },
        Status::Accepted => match c % 6 {
            0 => Op::AnswerDirectly { appeal },
            1 => Op::Reclassify {
                appeal,
                category: ci / 6 % 5,
            },
            _ => Op::Route {
                appeal,
                dept: ci % DEPTS,
            },
        },
        Status::Rejected | Status::AwaitingFeedback => Op::Feedback {
            appeal,
            satisfaction: ci % 4,
        },
        Status::Routed => match c % 8 {
            0 => Op::ReturnMisrouted { appeal },
            1 => Op::SubmitPlan {
                appeal,
                kind: Some(ci / 8 % 4),
                adopted: true,
                blank: false,
            },
            2 => Op::Progress {
                appeal,
                next_check: None,
            },
            _ => Op::SubmitPlan {
                appeal,
                kind: None,
                adopted: c.is_multiple_of(2),
                blank: false,
            },
        },
        Status::PlanSubmitted => Op::Review {
            appeal,
            pass: !c.is_multiple_of(4),
        },
        Status::AwaitingApproval => Op::Approve {
            appeal,
            pass: !c.is_multiple_of(4),
        },
        Status::FollowUp => Op::FollowUp { appeal },
        Status::Talked => match c % 3 {
            0 => Op::Reopen { appeal, dept: None },
            1 => Op::Close { appeal },
            _ => Op::Route {
                appeal,
                dept: ci % DEPTS,
            },
        },
        Status::Tracking => match c % 4 {
            0 => Op::Progress {
                appeal,
                next_check: Some(5),
            },
            1 => Op::Merge {
                appeal,
                other: c / 4,
            },
            _ => Op::Close { appeal },
        },
        Status::Closed if c.is_multiple_of(4) => Op::Reopen {
            appeal,
            dept: Some(ci % DEPTS),
        },
        Status::Closed | Status::Merged => Op::View { appeal, full: true },
    }
}

/// The appeal an operation is about, if any.
pub fn appeal_slot(op: &mut Op) -> Option<&mut u8> {
    use Op::*;
    match op {
        Accept { appeal, .. }
        | Reject { appeal }
        | AnswerDirectly { appeal }
        | Route { appeal, .. }
        | ReturnMisrouted { appeal }
        | SubmitPlan { appeal, .. }
        | Review { appeal, .. }
        | Approve { appeal, .. }
        | Feedback { appeal, .. }
        | FollowUp { appeal }
        | Reopen { appeal, .. }
        | Close { appeal }
        | Progress { appeal, .. }
        | Supervise { appeal, .. }
        | Escalate { appeal }
        | Instruct { appeal }
        | RequestExtension { appeal, .. }
        | DecideExtension { appeal, .. }
        | Reclassify { appeal, .. }
        | Link { appeal, .. }
        | Merge { appeal, .. }
        | View { appeal, .. }
        | Next { appeal, .. } => Some(appeal),
        Register { .. } | SetDay { .. } | ClearDay { .. } | Search { .. } => None,
    }
}

pub fn appeal_of(op: &Op) -> Option<u8> {
    appeal_slot(&mut op.clone()).copied()
}

pub fn set_appeal(op: &mut Op, pick: u8) {
    if let Some(slot) = appeal_slot(op) {
        *slot = pick;
    }
}

/// A plan of `kind` (0 complaint, 1 suggestion, 2 help, 3 answer), or the kind that fits the
/// category; `blank` leaves a required field empty.
pub fn plan(kind: Option<usize>, category: Category, adopted: bool, blank: bool) -> PlanContent {
    let fitting = match category {
        Category::Complaint => 0,
        Category::Suggestion => 1,
        Category::Help => 2,
        Category::Consultation | Category::Other => 3,
    };
    let t = |s: &str| {
        if blank {
            " ".to_string()
        } else {
            s.to_string()
        }
    };
    match kind.unwrap_or(fitting) {
        0 => PlanContent::Complaint {
            facts_found: t("情况属实"),
            responsible_party: "施工单位".into(),
            measures: "责令整改".into(),
        },
        1 => PlanContent::Suggestion {
            feasibility: t("可行"),
            value: "有价值".into(),
            adopted,
            implementation_plan: if adopted {
                "明年实施".into()
            } else {
                String::new()
            },
        },
        2 => PlanContent::Help {
            resources_coordinated: t("社区上门帮扶"),
            measures: String::new(),
        },
        _ => PlanContent::Answer {
            answer: t("已答复"),
        },
    }
}
