//! The access matrix: which role may take which action, and over which appeals.
//!
//! One table (the `grant` function) decides everything; every use case calls [`authorize`] before
//! it touches data, so the UI hiding a button is a convenience, never the rule. Handlers and
//! department heads act only on appeals routed to their own department. The appeals office may type
//! a department's plan and progress on its behalf (the single-workstation office), which the event
//! records.

use crate::error::{CoreError, Result};
use crate::model::{Actor, Role};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Everything a user can do that the matrix governs.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema,
)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum Action {
    Register,
    Import,
    InitialReview,
    AnswerDirectly,
    Route,
    Reclassify,
    Link,
    RecordFeedback,
    FollowUp,
    Reopen,
    Close,
    SubmitPlan,
    AddProgress,
    ReturnMisrouted,
    Review,
    Approve,
    IssueSupervision,
    Escalate,
    Instruct,
    RequestExtension,
    DecideExtension,
    AddAttachment,
    AddAssist,
    SubmitAssistOpinion,
    OverrideAssists,
    ViewAppeal,
    ViewPersonalData,
    ViewLedger,
    ViewStatistics,
    Disclosure,
    Assessment,
    Recommend,
    ManageUsers,
    ManageSettings,
    ManageCalendar,
    Backup,
    ManageStockTexts,
    ReturnVisit,
    PaperArchive,
}

impl Action {
    /// Every action, in the order of the enum: the permission list of a session is this list
    /// filtered by [`allows`], so an action added here is offered everywhere at once.
    pub const ALL: &'static [Action] = &[
        Action::Register,
        Action::Import,
        Action::InitialReview,
        Action::AnswerDirectly,
        Action::Route,
        Action::Reclassify,
        Action::Link,
        Action::RecordFeedback,
        Action::FollowUp,
        Action::Reopen,
        Action::Close,
        Action::SubmitPlan,
        Action::AddProgress,
        Action::ReturnMisrouted,
        Action::Review,
        Action::Approve,
        Action::IssueSupervision,
        Action::Escalate,
        Action::Instruct,
        Action::RequestExtension,
        Action::DecideExtension,
        Action::AddAttachment,
        Action::AddAssist,
        Action::SubmitAssistOpinion,
        Action::OverrideAssists,
        Action::ViewAppeal,
        Action::ViewPersonalData,
        Action::ViewLedger,
        Action::ViewStatistics,
        Action::Disclosure,
        Action::Assessment,
        Action::Recommend,
        Action::ManageUsers,
        Action::ManageSettings,
        Action::ManageCalendar,
        Action::Backup,
        Action::ManageStockTexts,
        Action::ReturnVisit,
        Action::PaperArchive,
    ];

    /// The Chinese verb phrase used in refusals ("您没有权限{label}").
    pub fn label(self) -> &'static str {
        use Action::*;
        match self {
            Register => "登记诉求",
            Import => "导入诉求",
            InitialReview => "初审",
            AnswerDirectly => "直接答复",
            Route => "分流",
            Reclassify => "变更分类",
            Link => "关联或合并诉求",
            RecordFeedback => "登记反馈结果",
            FollowUp => "登记沟通情况",
            Reopen => "重新办理",
            Close => "办结",
            SubmitPlan => "提交处理方案",
            AddProgress => "填报进展",
            ReturnMisrouted => "退回分流错误的诉求",
            Review => "审核处理方案",
            Approve => "审批",
            IssueSupervision => "发出督办通知",
            Escalate => "上报管理层",
            Instruct => "作出批示",
            RequestExtension => "申请延期",
            DecideExtension => "审批延期申请",
            AddAttachment => "添加附件",
            AddAssist => "安排协办部门",
            SubmitAssistOpinion => "提交协办意见",
            OverrideAssists => "不等协办意见即准许提交处理方案",
            ViewAppeal => "查看诉求",
            ViewPersonalData => "查看诉求人个人信息",
            ViewLedger => "查看跟踪台账",
            ViewStatistics => "查看统计分析",
            Disclosure => "编制信息公开",
            Assessment => "开展考核",
            Recommend => "记录决策参考建议",
            ManageUsers => "管理用户",
            ManageSettings => "修改系统设置",
            ManageCalendar => "维护工作日历",
            Backup => "备份数据",
            ManageStockTexts => "维护常用语",
            ReturnVisit => "登记回访",
            PaperArchive => "登记纸质归档",
        }
    }
}

/// Over which appeals a grant applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    All,
    OwnDepartment,
}

/// The matrix: `Some(scope)` when `role` may take `action`.
pub fn grant(role: Role, action: Action) -> Option<Scope> {
    use Action::*;
    use Scope::*;
    let clerk = matches!(
        action,
        Register
            | Import
            | InitialReview
            | AnswerDirectly
            | Route
            | AddAssist
            | Reclassify
            | Link
            | RecordFeedback
            | AddAttachment
            | ViewAppeal
            | ViewPersonalData
    );
    match role {
        Role::IntakeClerk => clerk.then_some(All),
        Role::AppealsOffice => (clerk
            || matches!(
                action,
                FollowUp
                    | Reopen
                    | Close
                    | SubmitPlan
                    | AddProgress
                    | ReturnMisrouted
                    | IssueSupervision
                    | Escalate
                    | RequestExtension
                    | DecideExtension
                    | SubmitAssistOpinion
                    | OverrideAssists
                    | ViewLedger
                    | ViewStatistics
                    | Disclosure
                    | Assessment
                    | Recommend
                    | ManageStockTexts
                    | ReturnVisit
                    | PaperArchive
            ))
        .then_some(All),
        Role::Handler => matches!(
            action,
            SubmitPlan
                | SubmitAssistOpinion
                | AddProgress
                | ReturnMisrouted
                | RequestExtension
                | RecordFeedback
                | FollowUp
                | AddAttachment
                | ViewAppeal
                | ViewPersonalData
        )
        .then_some(OwnDepartment),
        Role::DepartmentHead => matches!(
            action,
            Review
                | SubmitAssistOpinion
                | SubmitPlan
                | AddProgress
                | ReturnMisrouted
                | RequestExtension
                | RecordFeedback
                | FollowUp
                | AddAttachment
                | ViewAppeal
                | ViewPersonalData
        )
        .then_some(OwnDepartment),
        Role::Management => matches!(
            action,
            Approve
                | Instruct
                | DecideExtension
                | ViewAppeal
                | ViewPersonalData
                | ViewLedger
                | ViewStatistics
                | Disclosure
                | Assessment
                | Recommend
        )
        .then_some(All),
        // The administrator runs the system; appellant data needs another role as well.
        Role::Administrator => matches!(
            action,
            ManageUsers | ManageSettings | ManageCalendar | Backup | ViewAppeal | ManageStockTexts
        )
        .then_some(All),
    }
}

/// The widest scope any of the actor's roles grants for `action`.
pub fn scope(actor: &Actor, action: Action) -> Option<Scope> {
    let grants: Vec<Scope> = actor
        .roles
        .iter()
        .filter_map(|r| grant(*r, action))
        .collect();
    if grants.contains(&Scope::All) {
        Some(Scope::All)
    } else {
        grants.first().copied()
    }
}

/// Checks that `actor` may take `action` on an appeal currently with `department` (`None` for
/// actions not about one appeal, or an appeal not yet routed).
pub fn authorize(actor: &Actor, action: Action, department: Option<i64>) -> Result<()> {
    match scope(actor, action) {
        Some(Scope::All) => Ok(()),
        Some(Scope::OwnDepartment) if department == Some(actor.department_id) => Ok(()),
        Some(Scope::OwnDepartment) => Err(CoreError::forbidden(format!(
            "该诉求不由您所在的部门承办，您不能{}。如需办理，请联系诉求管理员。",
            action.label()
        ))),
        None => Err(CoreError::forbidden(format!(
            "您的角色没有权限{}。如确需办理，请联系系统管理员调整角色。",
            action.label()
        ))),
    }
}

/// Whether a department's staff may take `action` on an appeal their department assists on (协办)
/// rather than leads: see it and give their part's opinion — nothing of the lead's handling, and
/// not the appellant's personal data, which stays with the lead department.
pub fn open_to_assisting(action: Action) -> bool {
    matches!(action, Action::ViewAppeal | Action::SubmitAssistOpinion)
}

/// [`authorize`] for an appeal with the lead department `lead` and the assisting departments
/// `assisting` (co-handling 会办): a department-scoped grant also reaches the appeals the user's
/// department assists on, for the actions [`open_to_assisting`] only. Any other department still
/// gets the refusal of [`authorize`].
pub fn authorize_cohandled(
    actor: &Actor,
    action: Action,
    lead: Option<i64>,
    assisting: &[i64],
) -> Result<()> {
    let as_lead = authorize(actor, action, lead);
    if as_lead.is_ok() {
        return as_lead;
    }
    if open_to_assisting(action)
        && scope(actor, action) == Some(Scope::OwnDepartment)
        && assisting.contains(&actor.department_id)
    {
        return Ok(());
    }
    as_lead
}

/// Whether `actor` may take `action` (no error text).
pub fn allows(actor: &Actor, action: Action, department: Option<i64>) -> bool {
    authorize(actor, action, department).is_ok()
}

/// Full personal data needs both a role that may see it and a signed confidentiality agreement.
pub fn may_see_personal_data(actor: &Actor, department: Option<i64>, today: NaiveDate) -> bool {
    allows(actor, Action::ViewPersonalData, department)
        && actor.agreement_signed_on.is_some_and(|d| d <= today)
}

/// Whether `actor` may find appeals through the people behind them (search by phone, name or
/// address, the registration form's same-phone hints): the personal-data right in any scope (a
/// department's staff then see only their department's appeals) and a signed agreement. Each
/// such lookup that found someone is logged.
pub fn may_look_up_people(actor: &Actor, today: NaiveDate) -> bool {
    scope(actor, Action::ViewPersonalData).is_some()
        && actor.agreement_signed_on.is_some_and(|d| d <= today)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(roles: &[Role], dept: i64, signed: bool) -> Actor {
        Actor {
            user_id: 1,
            display_name: "t".into(),
            department_id: dept,
            roles: roles.to_vec(),
            agreement_signed_on: signed.then(|| NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()),
        }
    }

    #[test]
    fn handlers_act_only_in_their_department() {
        let h = actor(&[Role::Handler], 7, true);
        assert!(authorize(&h, Action::SubmitPlan, Some(7)).is_ok());
        let e = authorize(&h, Action::SubmitPlan, Some(8)).unwrap_err();
        assert!(e.message.contains("不由您所在的部门"));
        assert!(authorize(&h, Action::Route, Some(7)).is_err());
    }

    #[test]
    fn administrator_sees_no_personal_data_by_that_role_alone() {
        let today = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        let admin = actor(&[Role::Administrator], 1, true);
        assert!(!may_see_personal_data(&admin, None, today));
        let clerk_unsigned = actor(&[Role::IntakeClerk], 1, false);
        assert!(!may_see_personal_data(&clerk_unsigned, None, today));
        let clerk = actor(&[Role::IntakeClerk], 1, true);
        assert!(may_see_personal_data(&clerk, None, today));
    }

    #[test]
    fn the_list_of_every_action_has_each_once() {
        // In declaration order, so the n-th entry has discriminant n, and the last variant ends it.
        for (i, a) in Action::ALL.iter().enumerate() {
            assert_eq!(*a as usize, i, "{a:?}");
        }
        assert_eq!(Action::ALL.len(), Action::PaperArchive as usize + 1);
    }

    #[test]
    fn an_assisting_department_sees_the_appeal_and_gives_its_opinion_only() {
        let h = actor(&[Role::Handler], 8, true);
        assert!(authorize_cohandled(&h, Action::ViewAppeal, Some(7), &[8]).is_ok());
        assert!(authorize_cohandled(&h, Action::SubmitAssistOpinion, Some(7), &[8]).is_ok());
        assert!(authorize_cohandled(&h, Action::SubmitPlan, Some(7), &[8]).is_err());
        assert!(authorize_cohandled(&h, Action::ViewPersonalData, Some(7), &[8]).is_err());
        let third = actor(&[Role::Handler, Role::DepartmentHead], 9, true);
        assert!(authorize_cohandled(&third, Action::ViewAppeal, Some(7), &[8]).is_err());
        assert!(authorize_cohandled(&third, Action::SubmitAssistOpinion, Some(7), &[8]).is_err());
        let clerk = actor(&[Role::IntakeClerk], 1, true);
        assert!(authorize_cohandled(&clerk, Action::SubmitAssistOpinion, Some(7), &[8]).is_err());
    }

    #[test]
    fn office_may_type_plans_for_any_department() {
        let o = actor(&[Role::AppealsOffice], 1, true);
        assert!(authorize(&o, Action::SubmitPlan, Some(9)).is_ok());
        assert!(authorize(&o, Action::Approve, Some(9)).is_err());
    }
}
