//! The vocabulary of the domain: channels, categories, statuses, stages, roles and the records the
//! use cases read and write.
//!
//! Each enum has a stable snake_case code (stored in the database and used in JSON/CLI input, as in
//! the SPEC) and a Chinese label for the screen and paper. One small macro generates those three
//! mappings so that a code and its label can never drift apart between places. The records built
//! from them (the acting user, appellants, appeals, plan contents) are in [`records`].

use crate::error::{CoreError, Result};
use serde::{Deserialize, Serialize};

mod records;
pub use records::*;

macro_rules! coded_enum {
    ($(#[$m:meta])* $name:ident, $what:literal { $($variant:ident = $code:literal, $label:literal;)+ }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
        #[serde(rename_all = "snake_case")]
        #[ts(export)]
        pub enum $name { $($variant,)+ }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];
            /// Stable code stored in the database.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }
            /// Chinese label for screens and paper.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }
            /// Parses a code (or the Chinese label); `field` names the input for the error.
            pub fn parse(s: &str, field: &str) -> Result<Self> {
                let s = s.trim();
                $(if s == $code || s == $label { return Ok($name::$variant); })+
                // The typed value is not echoed: in an import a shifted column may hold personal data.
                Err(CoreError::field(field, format!("{}无效，请从列表中选择：{}。", $what, [$($label),+].join("、"))))
            }
            /// The value of an exact stored code (no trimming, no labels: this runs for every row
            /// of a year's statistics).
            pub fn from_code(s: &str) -> Option<Self> {
                match s { $($code => Some($name::$variant),)+ _ => None }
            }
            /// Parses a code stored by this program; stored data is trusted to be valid.
            pub(crate) fn from_db(s: &str) -> Self {
                Self::from_code(s).unwrap_or_else(|| Self::parse(s, "").unwrap_or($name::ALL[0]))
            }
            /// [`Self::from_db`] of the raw bytes of a stored code: statistics read these for
            /// millions of rows, and skip checking that ASCII codes are valid UTF-8. (Generated
            /// for every coded enum; only those read in bulk use it.)
            #[allow(dead_code)]
            pub(crate) fn from_db_bytes(b: &[u8]) -> Self {
                $(if b == $code.as_bytes() { return $name::$variant; })+
                Self::from_db(&String::from_utf8_lossy(b))
            }
        }
    };
}

/// Keeps an echoed invalid value short (only for values that are never personal data).
pub(crate) fn clip(s: &str) -> String {
    s.chars().take(20).collect()
}

coded_enum!(
    /// How an appeal reached the office (§二(一)).
    Channel, "渠道" {
        Website = "website", "官网留言";
        Wechat = "wechat", "微信";
        Weibo = "weibo", "微博";
        Portal = "portal", "线上平台";
        Hotline = "hotline", "客服热线";
        Letter = "letter", "书信";
        WalkIn = "walk_in", "现场接待";
    }
);

impl Channel {
    /// Website, WeChat, Weibo and the portal are online; the rest offline.
    pub fn is_online(self) -> bool {
        matches!(
            self,
            Channel::Website | Channel::Wechat | Channel::Weibo | Channel::Portal
        )
    }
}

coded_enum!(
    /// The five categories of §三, each with its archive code.
    Category, "分类" {
        Consultation = "consultation", "咨询";
        Complaint = "complaint", "投诉";
        Suggestion = "suggestion", "建议";
        Help = "help", "求助";
        Other = "other", "其他";
    }
);

impl Category {
    /// The prefix of the classified archive number.
    pub fn archive_code(self) -> &'static str {
        match self {
            Category::Consultation => "ZX",
            Category::Complaint => "TS",
            Category::Suggestion => "JY",
            Category::Help => "QZ",
            Category::Other => "QT",
        }
    }
}

coded_enum!(
    /// Where an appeal stands in its lifecycle.
    Status, "状态" {
        Registered = "registered", "待初审";
        Accepted = "accepted", "待分流";
        Rejected = "rejected", "不予受理待告知";
        Routed = "routed", "办理中";
        PlanSubmitted = "plan_submitted", "待审核";
        AwaitingApproval = "awaiting_approval", "待审批";
        AwaitingFeedback = "awaiting_feedback", "待反馈";
        FollowUp = "follow_up", "待沟通";
        Talked = "talked", "已沟通待定";
        Tracking = "tracking", "跟踪落实";
        Closed = "closed", "已办结";
        Merged = "merged", "已合并";
    }
);

impl Status {
    /// Closed and merged appeals take no more lifecycle actions (except reopen).
    pub fn is_final(self) -> bool {
        matches!(self, Status::Closed | Status::Merged)
    }
    /// The stage whose deadline runs while an appeal is in this status.
    pub fn stage(self) -> Option<Stage> {
        match self {
            Status::Registered => Some(Stage::InitialReview),
            Status::Accepted | Status::Talked => Some(Stage::Routing),
            Status::Routed => Some(Stage::Plan),
            Status::PlanSubmitted | Status::AwaitingApproval => Some(Stage::Review),
            Status::AwaitingFeedback | Status::Rejected | Status::FollowUp => Some(Stage::Feedback),
            Status::Tracking => Some(Stage::Tracking),
            Status::Closed | Status::Merged => None,
        }
    }
}

coded_enum!(
    /// A stage with its own deadline (§二(二)2, §四(一)).
    Stage, "阶段" {
        InitialReview = "initial_review", "初审";
        Routing = "routing", "分流";
        Plan = "plan", "制定方案";
        Review = "review", "审核审批";
        Feedback = "feedback", "反馈";
        Tracking = "tracking", "跟踪检查";
    }
);

coded_enum!(
    /// What an entry of the event log records: the lifecycle action (or the system's own step,
    /// such as recomputing deadlines) that wrote it. The code is what `events.action` stores and
    /// what the event's hash covers, so a code never changes once written.
    EventAction, "事件类型" {
        Register = "register", "登记";
        InitialReview = "initial_review", "初审受理";
        Reject = "reject", "不予受理";
        AnswerDirectly = "answer_directly", "直接答复";
        Route = "route", "分流";
        ReturnMisrouted = "return_misrouted", "退回（分流有误）";
        SubmitPlan = "submit_plan", "提交处理方案";
        ReviewPass = "review_pass", "审核通过";
        ReviewReturn = "review_return", "审核退回";
        Approve = "approve", "审批同意";
        ApprovalReturn = "approval_return", "审批退回";
        RecordFeedback = "record_feedback", "反馈诉求人";
        FollowUp = "follow_up", "沟通";
        Reopen = "reopen", "重新办理";
        Close = "close", "办结";
        AddProgress = "add_progress", "进展反馈";
        IssueSupervision = "issue_supervision", "督办";
        Escalate = "escalate", "上报管理层";
        Instruct = "instruct", "管理层批示";
        RequestExtension = "request_extension", "申请延期";
        ApproveExtension = "approve_extension", "同意延期";
        RefuseExtension = "refuse_extension", "不同意延期";
        Reclassify = "reclassify", "变更分类";
        Link = "link", "关联诉求";
        Merge = "merge", "合并";
        AddAttachment = "add_attachment", "添加附件";
        AddAssist = "add_assist", "安排协办";
        SubmitAssistOpinion = "submit_assist_opinion", "提交协办意见";
        OverrideAssists = "override_assists", "未等协办意见提交方案";
        RecomputeDeadline = "recompute_deadline", "期限重算";
        ReturnVisit = "return_visit", "回访";
        PaperArchive = "paper_archive", "纸质归档";
    }
);

coded_enum!(
    /// What an entry of the security log records: an administrative or security act (accounts,
    /// roles, agreements, passwords, settings, the calendar, imports, signing in). The code is what
    /// `security_log.action` stores and what the entry's hash covers, so a code never changes once
    /// written.
    SecurityAction, "操作类型" {
        Bootstrap = "bootstrap", "初始设置";
        UserCreate = "user_create", "新建账号";
        UserUpdate = "user_update", "修改账号";
        RoleChange = "role_change", "变更角色";
        UserDeactivate = "user_deactivate", "停用账号";
        UserReactivate = "user_reactivate", "启用账号";
        AgreementRecord = "agreement_record", "登记保密协议";
        AgreementClear = "agreement_clear", "清除保密协议";
        PasswordReset = "password_reset", "重置密码";
        PasswordChange = "password_change", "修改本人密码";
        DepartmentAdd = "department_add", "新增部门";
        DepartmentUpdate = "department_update", "修改部门";
        SettingChange = "setting_change", "修改设置";
        CalendarImport = "calendar_import", "导入节假日安排";
        CalendarSetDay = "calendar_set_day", "调整日历";
        CalendarClearDay = "calendar_clear_day", "恢复日历默认";
        Import = "import", "批量导入";
        SignIn = "sign_in", "登录";
        SignInFailed = "sign_in_failed", "登录失败";
        Lockout = "lockout", "账号锁定";
        AddressLockout = "address_lockout", "暂停某台电脑登录";
        Backup = "backup", "备份";
        BackupFailed = "backup_failed", "备份失败";
        Restore = "restore", "从备份恢复";
        GrantRequest = "grant_request", "申请授予个人信息权限";
        GrantConfirm = "grant_confirm", "确认授予个人信息权限";
        GrantReject = "grant_reject", "驳回授予个人信息权限";
        GrantVoid = "grant_void", "授权申请作废";
        PasswordChangeFailed = "password_change_failed", "修改密码时原密码错误";
        WindowLock = "window_lock", "窗口自动锁定";
        WindowUnlock = "window_unlock", "解锁窗口";
        WindowUnlockFailed = "window_unlock_failed", "解锁窗口失败";
    }
);

coded_enum!(
    /// What a line of the personal-data access log records: which personal data was seen or
    /// taken out, and how. The code is what `access_log.what` stores and what the line's hash
    /// covers, so a code never changes once written.
    AccessKind, "访问内容" {
        Appellant = "appellant", "诉求人个人信息";
        Attachment = "attachment", "附件";
        ImportReport = "import_report", "导入错误报告";
        AppealLedgerExport = "appeal_ledger_export", "导出台账（含个人信息）";
        PhoneOrNameSearch = "phone_or_name_search", "按姓名或电话检索";
        AddressSearch = "address_search", "按地址检索";
        DuplicateHint = "duplicate_hint", "登记时同一电话或证件号码的诉求提示";
        AppellantHistory = "appellant_history", "查看诉求人的历次诉求";
        ReturnVisitList = "return_visit_list", "查看回访名单中的电话";
    }
);

coded_enum!(
    /// Where a personal-data grant stands (`access_grants.status`): it waits for another
    /// administrator, who confirms or rejects it; it is void when its account changed meanwhile.
    GrantStatus, "授权状态" {
        Pending = "pending", "待确认";
        Confirmed = "confirmed", "已确认";
        Rejected = "rejected", "已驳回";
        Void = "void", "已作废";
    }
);

coded_enum!(
    /// A role a user may hold (SPEC "Who uses it"); one person may hold several.
    Role, "角色" {
        IntakeClerk = "intake_clerk", "接收登记员";
        AppealsOffice = "appeals_office", "诉求管理员";
        Handler = "handler", "承办人";
        DepartmentHead = "department_head", "部门负责人";
        Management = "management", "管理层";
        Administrator = "administrator", "系统管理员";
    }
);

coded_enum!(
    /// How urgent the appeal is.
    Urgency, "紧急程度" {
        Normal = "normal", "一般";
        Urgent = "urgent", "紧急";
        VeryUrgent = "very_urgent", "特急";
    }
);

coded_enum!(
    /// The appellant's satisfaction with the feedback (§四(一)4).
    Satisfaction, "满意度" {
        Satisfied = "satisfied", "满意";
        BasicallySatisfied = "basically_satisfied", "基本满意";
        Dissatisfied = "dissatisfied", "不满意";
        Unreachable = "unreachable", "未能联系";
    }
);

coded_enum!(
    /// How the result was given to the appellant.
    FeedbackMethod, "反馈方式" {
        PhoneCall = "phone_call", "电话";
        ReplyLetter = "reply_letter", "书面答复";
        Message = "message", "网络留言回复";
        InPerson = "in_person", "当面答复";
    }
);

coded_enum!(
    /// Why two appeals are linked.
    LinkKind, "关联类型" {
        Duplicate = "duplicate", "重复件";
        Repeat = "repeat", "重复诉求";
        Related = "related", "相关诉求";
    }
);

coded_enum!(
    /// Where an improvement recommendation (决策参考) stands; it only moves forward.
    RecommendationStatus, "建议状态" {
        Proposed = "proposed", "已提出";
        Adopted = "adopted", "已采纳";
        Done = "done", "已落实";
    }
);

coded_enum!(
    /// A reward or a penalty of the assessment (§八(二)(三)).
    RewardKind, "奖惩类别" {
        Reward = "reward", "奖励";
        Penalty = "penalty", "惩罚";
    }
);

coded_enum!(
    /// What a stock text (常用语, issue 20 §11) is written for: the dialogs offer the texts of the
    /// kind of the field beside which the picker sits.
    StockTextKind, "常用语类型" {
        Plan = "plan", "处理方案";
        Reply = "reply", "答复与反馈";
        Opinion = "opinion", "审核审批意见";
        Closing = "closing", "办结说明";
        Other = "other", "其他说明";
    }
);

coded_enum!(
    /// Where a return visit (回访, issue 20 §9) stands: open while calls are due, completed when a
    /// call reached the appellant and they gave their satisfaction, unreached (未联系上) after the
    /// third call that reached nobody.
    VisitStatus, "回访状态" {
        Open = "open", "待回访";
        Completed = "completed", "已回访";
        Unreached = "unreached", "未联系上";
    }
);

coded_enum!(
    /// How long a paper file is kept (保管期限). The regulation does not name the periods; these
    /// are the ones of the national rule for an organisation's files (《机关文件材料归档范围和文书
    /// 档案保管期限规定》, 2006: 永久、定期30年、定期10年), which archive staff know.
    Retention, "保管期限" {
        Permanent = "permanent", "永久";
        Years30 = "years30", "定期30年";
        Years10 = "years10", "定期10年";
    }
);
