//! The lifecycle actions of the detail page: each one call into its use case, which checks the
//! user's role, department and the appeal's state, and writes in one transaction.

use crate::command::{Call, Command, Effect};
use chrono::NaiveDate;
use minyi_core::Result;
use minyi_core::model::{Category, LinkKind, PlanContent};
use minyi_core::usecases::initial_review::InitialReviewInput;
use minyi_core::usecases::record_feedback::FeedbackInput;
use minyi_core::usecases::*;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// 初审: accept (confirming the category), reject, or answer directly.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct InitialReview {
    pub appeal_id: i64,
    /// The appeal's `version` as the page showed it: the action is refused, naming who changed
    /// the appeal meanwhile, if it is no longer the latest.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub seen: Option<i64>,
    pub input: InitialReviewInput,
}

impl Command for InitialReview {
    const NAME: &'static str = "initial_review";
    const EFFECT: Effect = Effect::Write;
    type Output = Outcome;
    fn run(self, call: &Call<'_>) -> Result<Outcome> {
        call.write_seeing(self.appeal_id, self.seen, |s, c| {
            initial_review::initial_review(s, c, self.appeal_id, &self.input)
        })
    }
}

/// Answers a consultation directly.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AnswerDirectly {
    pub appeal_id: i64,
    /// The appeal's `version` as the page showed it: the action is refused, naming who changed
    /// the appeal meanwhile, if it is no longer the latest.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub seen: Option<i64>,
    pub answer: String,
}

impl Command for AnswerDirectly {
    const NAME: &'static str = "answer_directly";
    const EFFECT: Effect = Effect::Write;
    type Output = Outcome;
    fn run(self, call: &Call<'_>) -> Result<Outcome> {
        call.write_seeing(self.appeal_id, self.seen, |s, c| {
            answer_directly::answer_directly(s, c, self.appeal_id, &self.answer)
        })
    }
}

/// Routes an accepted appeal to a department.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RouteAppeal {
    pub appeal_id: i64,
    /// The appeal's `version` as the page showed it: the action is refused, naming who changed
    /// the appeal meanwhile, if it is no longer the latest.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub seen: Option<i64>,
    pub department_id: i64,
    pub note: Option<String>,
}

impl Command for RouteAppeal {
    const NAME: &'static str = "route_appeal";
    const EFFECT: Effect = Effect::Write;
    type Output = Outcome;
    fn run(self, call: &Call<'_>) -> Result<Outcome> {
        call.write_seeing(self.appeal_id, self.seen, |s, c| {
            route::route(
                s,
                c,
                self.appeal_id,
                self.department_id,
                self.note.as_deref(),
            )
        })
    }
}

/// A department returns an appeal that is not theirs.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReturnMisrouted {
    pub appeal_id: i64,
    /// The appeal's `version` as the page showed it: the action is refused, naming who changed
    /// the appeal meanwhile, if it is no longer the latest.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub seen: Option<i64>,
    pub reason: String,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub on_behalf: Option<OnBehalf>,
}

impl Command for ReturnMisrouted {
    const NAME: &'static str = "return_misrouted";
    const EFFECT: Effect = Effect::Write;
    type Output = Outcome;
    fn run(self, call: &Call<'_>) -> Result<Outcome> {
        call.write_seeing(self.appeal_id, self.seen, |s, c| {
            return_misrouted::return_misrouted(
                s,
                c,
                self.appeal_id,
                &self.reason,
                &self.on_behalf.unwrap_or_default(),
            )
        })
    }
}

/// Submits the handling plan.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SubmitPlan {
    pub appeal_id: i64,
    /// The appeal's `version` as the page showed it: the action is refused, naming who changed
    /// the appeal meanwhile, if it is no longer the latest.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub seen: Option<i64>,
    pub plan: PlanContent,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub on_behalf: Option<OnBehalf>,
}

impl Command for SubmitPlan {
    const NAME: &'static str = "submit_plan";
    const EFFECT: Effect = Effect::Write;
    type Output = Outcome;
    fn run(self, call: &Call<'_>) -> Result<Outcome> {
        call.write_seeing(self.appeal_id, self.seen, |s, c| {
            submit_plan::submit_plan(
                s,
                c,
                self.appeal_id,
                &self.plan,
                &self.on_behalf.unwrap_or_default(),
            )
        })
    }
}

/// The department head's review of a plan.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReviewPlan {
    pub appeal_id: i64,
    /// The appeal's `version` as the page showed it: the action is refused, naming who changed
    /// the appeal meanwhile, if it is no longer the latest.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub seen: Option<i64>,
    pub approve: bool,
    pub opinion: String,
}

impl Command for ReviewPlan {
    const NAME: &'static str = "review_plan";
    const EFFECT: Effect = Effect::Write;
    type Output = Outcome;
    fn run(self, call: &Call<'_>) -> Result<Outcome> {
        call.write_seeing(self.appeal_id, self.seen, |s, c| {
            review::review(s, c, self.appeal_id, self.approve, &self.opinion)
        })
    }
}

/// Management's approval of a major or complex appeal's plan.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ApprovePlan {
    pub appeal_id: i64,
    /// The appeal's `version` as the page showed it: the action is refused, naming who changed
    /// the appeal meanwhile, if it is no longer the latest.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub seen: Option<i64>,
    pub approve: bool,
    pub opinion: String,
}

impl Command for ApprovePlan {
    const NAME: &'static str = "approve_plan";
    const EFFECT: Effect = Effect::Write;
    type Output = Outcome;
    fn run(self, call: &Call<'_>) -> Result<Outcome> {
        call.write_seeing(self.appeal_id, self.seen, |s, c| {
            approve::approve(s, c, self.appeal_id, self.approve, &self.opinion)
        })
    }
}

/// Records the feedback given to the appellant, with their satisfaction.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RecordFeedback {
    pub appeal_id: i64,
    /// The appeal's `version` as the page showed it: the action is refused, naming who changed
    /// the appeal meanwhile, if it is no longer the latest.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub seen: Option<i64>,
    pub input: FeedbackInput,
}

impl Command for RecordFeedback {
    const NAME: &'static str = "record_feedback";
    const EFFECT: Effect = Effect::Write;
    type Output = Outcome;
    fn run(self, call: &Call<'_>) -> Result<Outcome> {
        call.write_seeing(self.appeal_id, self.seen, |s, c| {
            record_feedback::record_feedback(s, c, self.appeal_id, &self.input)
        })
    }
}

/// Records the follow-up talk with a dissatisfied appellant.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FollowUp {
    pub appeal_id: i64,
    /// The appeal's `version` as the page showed it: the action is refused, naming who changed
    /// the appeal meanwhile, if it is no longer the latest.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub seen: Option<i64>,
    pub reason: String,
    pub talk: String,
}

impl Command for FollowUp {
    const NAME: &'static str = "follow_up";
    const EFFECT: Effect = Effect::Write;
    type Output = Outcome;
    fn run(self, call: &Call<'_>) -> Result<Outcome> {
        call.write_seeing(self.appeal_id, self.seen, |s, c| {
            follow_up::follow_up(s, c, self.appeal_id, &self.reason, &self.talk)
        })
    }
}

/// Starts a new round of handling.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReopenAppeal {
    pub appeal_id: i64,
    /// The appeal's `version` as the page showed it: the action is refused, naming who changed
    /// the appeal meanwhile, if it is no longer the latest.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub seen: Option<i64>,
    pub department_id: Option<i64>,
    pub reason: String,
}

impl Command for ReopenAppeal {
    const NAME: &'static str = "reopen_appeal";
    const EFFECT: Effect = Effect::Write;
    type Output = Outcome;
    fn run(self, call: &Call<'_>) -> Result<Outcome> {
        call.write_seeing(self.appeal_id, self.seen, |s, c| {
            reopen::reopen(s, c, self.appeal_id, self.department_id, &self.reason)
        })
    }
}

/// Closes an appeal (办结).
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CloseAppeal {
    pub appeal_id: i64,
    /// The appeal's `version` as the page showed it: the action is refused, naming who changed
    /// the appeal meanwhile, if it is no longer the latest.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub seen: Option<i64>,
    pub summary: String,
}

impl Command for CloseAppeal {
    const NAME: &'static str = "close_appeal";
    const EFFECT: Effect = Effect::Write;
    type Output = Outcome;
    fn run(self, call: &Call<'_>) -> Result<Outcome> {
        call.write_seeing(self.appeal_id, self.seen, |s, c| {
            close::close(s, c, self.appeal_id, &self.summary)
        })
    }
}

/// A progress report of the handling department.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AddProgress {
    pub appeal_id: i64,
    /// The appeal's `version` as the page showed it: the action is refused, naming who changed
    /// the appeal meanwhile, if it is no longer the latest.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub seen: Option<i64>,
    pub content: String,
    pub next_check: Option<NaiveDate>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub on_behalf: Option<OnBehalf>,
}

impl Command for AddProgress {
    const NAME: &'static str = "add_progress";
    const EFFECT: Effect = Effect::Write;
    type Output = Outcome;
    fn run(self, call: &Call<'_>) -> Result<Outcome> {
        call.write_seeing(self.appeal_id, self.seen, |s, c| {
            add_progress::add_progress(
                s,
                c,
                self.appeal_id,
                &self.content,
                self.next_check,
                &self.on_behalf.unwrap_or_default(),
            )
        })
    }
}

/// Issues a numbered supervision notice with a new due date.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct IssueSupervision {
    pub appeal_id: i64,
    /// The appeal's `version` as the page showed it: the action is refused, naming who changed
    /// the appeal meanwhile, if it is no longer the latest.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub seen: Option<i64>,
    pub reason: String,
    pub new_due: NaiveDate,
}

impl Command for IssueSupervision {
    const NAME: &'static str = "issue_supervision";
    const EFFECT: Effect = Effect::Write;
    type Output = Outcome;
    fn run(self, call: &Call<'_>) -> Result<Outcome> {
        call.write_seeing(self.appeal_id, self.seen, |s, c| {
            issue_supervision::issue_supervision(s, c, self.appeal_id, &self.reason, self.new_due)
        })
    }
}

/// Escalates an appeal to management.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Escalate {
    pub appeal_id: i64,
    /// The appeal's `version` as the page showed it: the action is refused, naming who changed
    /// the appeal meanwhile, if it is no longer the latest.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub seen: Option<i64>,
    pub reason: String,
}

impl Command for Escalate {
    const NAME: &'static str = "escalate";
    const EFFECT: Effect = Effect::Write;
    type Output = Outcome;
    fn run(self, call: &Call<'_>) -> Result<Outcome> {
        call.write_seeing(self.appeal_id, self.seen, |s, c| {
            escalate::escalate(s, c, self.appeal_id, &self.reason)
        })
    }
}

/// Management's instruction (批示) on an escalated appeal.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Instruct {
    pub appeal_id: i64,
    /// The appeal's `version` as the page showed it: the action is refused, naming who changed
    /// the appeal meanwhile, if it is no longer the latest.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub seen: Option<i64>,
    pub instruction: String,
}

impl Command for Instruct {
    const NAME: &'static str = "instruct";
    const EFFECT: Effect = Effect::Write;
    type Output = Outcome;
    fn run(self, call: &Call<'_>) -> Result<Outcome> {
        call.write_seeing(self.appeal_id, self.seen, |s, c| {
            instruct::instruct(s, c, self.appeal_id, &self.instruction)
        })
    }
}

/// Asks for more working days for the current stage.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RequestExtension {
    pub appeal_id: i64,
    /// The appeal's `version` as the page showed it: the action is refused, naming who changed
    /// the appeal meanwhile, if it is no longer the latest.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub seen: Option<i64>,
    pub days: i64,
    pub reason: String,
}

impl Command for RequestExtension {
    const NAME: &'static str = "request_extension";
    const EFFECT: Effect = Effect::Write;
    type Output = Outcome;
    fn run(self, call: &Call<'_>) -> Result<Outcome> {
        call.write_seeing(self.appeal_id, self.seen, |s, c| {
            extend_deadline::request_extension(s, c, self.appeal_id, self.days, &self.reason)
        })
    }
}

/// Approves or refuses a pending extension request.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DecideExtension {
    pub appeal_id: i64,
    /// The appeal's `version` as the page showed it: the action is refused, naming who changed
    /// the appeal meanwhile, if it is no longer the latest.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub seen: Option<i64>,
    pub approve: bool,
    pub note: Option<String>,
}

impl Command for DecideExtension {
    const NAME: &'static str = "decide_extension";
    const EFFECT: Effect = Effect::Write;
    type Output = Outcome;
    fn run(self, call: &Call<'_>) -> Result<Outcome> {
        call.write_seeing(self.appeal_id, self.seen, |s, c| {
            extend_deadline::decide_extension(
                s,
                c,
                self.appeal_id,
                self.approve,
                self.note.as_deref(),
            )
        })
    }
}

/// Changes the category, which issues a new archive number.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Reclassify {
    pub appeal_id: i64,
    /// The appeal's `version` as the page showed it: the action is refused, naming who changed
    /// the appeal meanwhile, if it is no longer the latest.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub seen: Option<i64>,
    pub category: Category,
    pub reason: String,
}

impl Command for Reclassify {
    const NAME: &'static str = "reclassify";
    const EFFECT: Effect = Effect::Write;
    type Output = Outcome;
    fn run(self, call: &Call<'_>) -> Result<Outcome> {
        call.write_seeing(self.appeal_id, self.seen, |s, c| {
            reclassify::reclassify(s, c, self.appeal_id, self.category, &self.reason)
        })
    }
}

/// Links two related appeals.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LinkAppeals {
    pub appeal_id: i64,
    /// The appeal's `version` as the page showed it: the action is refused, naming who changed
    /// the appeal meanwhile, if it is no longer the latest.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub seen: Option<i64>,
    pub other_id: i64,
    pub kind: LinkKind,
}

impl Command for LinkAppeals {
    const NAME: &'static str = "link_appeals";
    const EFFECT: Effect = Effect::Write;
    type Output = Outcome;
    fn run(self, call: &Call<'_>) -> Result<Outcome> {
        call.write_seeing(self.appeal_id, self.seen, |s, c| {
            link::link(s, c, self.appeal_id, self.other_id, self.kind)
        })
    }
}

/// Merges an appeal into another (the merged one stays readable).
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MergeAppeals {
    pub appeal_id: i64,
    /// The appeal's `version` as the page showed it: the action is refused, naming who changed
    /// the appeal meanwhile, if it is no longer the latest.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub seen: Option<i64>,
    pub into_id: i64,
    pub reason: String,
}

impl Command for MergeAppeals {
    const NAME: &'static str = "merge_appeals";
    const EFFECT: Effect = Effect::Write;
    type Output = Outcome;
    fn run(self, call: &Call<'_>) -> Result<Outcome> {
        call.write_seeing(self.appeal_id, self.seen, |s, c| {
            link::merge(s, c, self.appeal_id, self.into_id, &self.reason)
        })
    }
}
