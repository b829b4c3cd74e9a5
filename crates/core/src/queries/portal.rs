//! What the portal shows a member of the public about an appeal (decision 0012): where it stands
//! in words a citizen understands, by when to expect an answer, and — to the account that
//! submitted it only — its subject and the office's reply. The lookup by registration number and
//! query code answers no personal data at all (no name, phone, content or reply): a code can be
//! passed on or guessed, an account cannot.

use crate::error::{CoreError, Result};
use crate::model::*;
use crate::store::sql;
use crate::store::{Store, appeals, handling, portal};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One appeal as the portal shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PortalStatus {
    pub reg_number: String,
    /// 咨询、投诉、建议、求助、其他.
    pub category: String,
    pub received_on: NaiveDate,
    /// Where it stands, for the public (see [`public_stage`]).
    pub stage: String,
    pub expected_feedback_date: NaiveDate,
    pub closed: bool,
    /// When the office replied (recorded its feedback), if it has.
    pub replied_on: Option<NaiveDate>,
    /// The subject: only for the account that submitted it.
    pub subject: Option<String>,
    /// The office's reply: only for the account that submitted it.
    pub reply: Option<String>,
    /// The reply waits for the account's rating (满意 / 基本满意 / 不满意).
    pub can_rate: bool,
    /// The rating given with the latest reply, if any.
    pub satisfaction: Option<String>,
}

/// The stage of an appeal in the words of the portal: the office's internal steps (routing, plan,
/// review, approval) are one "办理中" to the public.
pub fn public_stage(status: Status) -> &'static str {
    match status {
        Status::Registered => "已收到，等待初审",
        Status::Accepted | Status::Routed | Status::PlanSubmitted | Status::AwaitingApproval => {
            "办理中"
        }
        Status::Rejected => "不予受理，将告知原因",
        Status::AwaitingFeedback => "已办理，等待答复",
        Status::FollowUp | Status::Talked => "已答复，回访沟通中",
        Status::Tracking => "已答复，跟踪落实中",
        Status::Closed => "已办结",
        Status::Merged => "已与相同诉求合并办理",
    }
}

fn status_of(conn: &sql::Connection, appeal_id: i64, own: bool) -> Result<PortalStatus> {
    let a = appeals::get(conn, appeal_id)?;
    let last = handling::feedbacks(conn, appeal_id)?.into_iter().last();
    let can_rate = own && crate::usecases::portal_rate::awaits_rating(a.status, last.as_ref());
    let satisfaction = last
        .as_ref()
        .filter(|f| own && f.satisfaction != Satisfaction::Unreachable)
        .map(|f| f.satisfaction.label().to_string());
    Ok(PortalStatus {
        can_rate,
        satisfaction,
        reg_number: a.reg_number.clone(),
        category: a.category.label().to_string(),
        received_on: a.received_at.date_naive(),
        stage: public_stage(a.status).to_string(),
        expected_feedback_date: a.expected_feedback_date,
        closed: a.status.is_final(),
        replied_on: last.as_ref().map(|f| f.recorded_at.date_naive()),
        subject: own.then(|| a.subject.clone()),
        reply: last.filter(|_| own).map(|f| f.content),
    })
}

/// The appeal with this registration number and query code, without personal data; the same
/// answer whether the number or the code is wrong.
pub fn lookup(store: &Store, reg_number: &str, query_code: &str) -> Result<PortalStatus> {
    let conn = store.conn();
    let id = portal::find_by_code(conn, reg_number, query_code)?
        .ok_or_else(|| CoreError::not_found("登记号或查询码不正确，请对照受理回执重新输入。"))?;
    status_of(conn, id, false)
}

/// The appeals a citizen's account submitted, newest first, with their subjects and replies.
pub fn my_appeals(store: &Store, citizen_id: i64) -> Result<Vec<PortalStatus>> {
    let conn = store.conn();
    portal::appeals_of(conn, citizen_id)?
        .into_iter()
        .map(|id| status_of(conn, id, true))
        .collect()
}

/// The disclosure reports published on the portal, newest period first.
pub fn published_reports(store: &Store) -> Result<Vec<portal::PublishedReport>> {
    portal::published(store.conn())
}

/// The web page of published report `id`.
pub fn published_report(store: &Store, id: i64) -> Result<String> {
    portal::published_html(store.conn(), id)?.ok_or_else(|| {
        CoreError::not_found("找不到这份公开报告，它可能已被更新，请回到列表重新打开。")
    })
}
