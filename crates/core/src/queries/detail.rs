//! The appeal detail page: every field (personal data masked unless this user may see it and asked
//! to), the timeline of every event with names, the handling records, and the actions this user
//! may take now.
//!
//! Asking for full personal data is itself logged (§七(二)): [`PersonalData::Full`] writes an
//! access-log line when — and only when — the data is actually returned unmasked.

use super::{DueFlags, due_flags};
use crate::access::{self, Action};
use crate::error::{CoreError, Result};
use crate::mask;
use crate::model::*;
use crate::store::events::{self, EventRecord};
use crate::store::handling::{self, FeedbackRecord, PlanRecord, ProgressRecord, TrackingRecord};
use crate::store::oversight::{self, EscalationRecord, ExtensionRecord, SupervisionRecord};
use crate::store::registry::{self, ArchiveNumberRecord, AttachmentRecord, LinkRecord};
use crate::store::{Store, appeals, settings, users};
use crate::time::fmt_ts;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Whether the caller asks for personal data in full.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    Serialize,
    Deserialize,
    ts_rs::TS,
    schemars::JsonSchema,
)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum PersonalData {
    #[default]
    Masked,
    Full,
}

/// One line of the timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct TimelineEntry {
    #[serde(flatten)]
    pub event: EventRecord,
    pub action_label: String,
    pub actor_name: String,
    pub on_behalf_department_name: Option<String>,
}

/// Everything the detail page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct AppealDetail {
    pub appeal: Appeal,
    pub appellant: Appellant,
    pub personal_data_masked: bool,
    /// Whether this user could see the data in full on request.
    pub may_reveal: bool,
    pub department_name: Option<String>,
    pub registered_by_name: String,
    pub due: DueFlags,
    pub timeline: Vec<TimelineEntry>,
    pub plans: Vec<PlanRecord>,
    pub feedbacks: Vec<FeedbackRecord>,
    pub tracking: Option<TrackingRecord>,
    pub progress: Vec<ProgressRecord>,
    pub supervisions: Vec<SupervisionRecord>,
    pub escalations: Vec<EscalationRecord>,
    pub extensions: Vec<ExtensionRecord>,
    pub links: Vec<LinkRecord>,
    pub attachments: Vec<AttachmentRecord>,
    pub archive_numbers: Vec<ArchiveNumberRecord>,
    /// Where the paper file is kept (纸质归档), once the appeal is filed; the archive sheet prints
    /// it.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub paper_archive: Option<super::archive::ArchiveRecord>,
    pub allowed_actions: Vec<Action>,
    /// The id of the appeal's latest event: an action taken from this page sends it back, and is
    /// refused if someone changed the appeal meanwhile.
    pub version: i64,
}

/// The lifecycle actions an appeal's status allows, before access rules.
fn actions_for(a: &Appeal, has_pending_extension: bool, has_open_escalation: bool) -> Vec<Action> {
    use Action::*;
    let mut v = match a.status {
        Status::Registered => vec![InitialReview, AnswerDirectly],
        Status::Accepted => vec![Route, AnswerDirectly, Reclassify],
        Status::Rejected => vec![RecordFeedback],
        Status::Routed => vec![SubmitPlan, ReturnMisrouted, AddProgress, Reclassify],
        Status::PlanSubmitted => vec![Review, AddProgress],
        Status::AwaitingApproval => vec![Approve, AddProgress],
        Status::AwaitingFeedback => vec![RecordFeedback, AddProgress],
        Status::FollowUp => vec![FollowUp],
        Status::Talked => vec![Reopen, Close, Route],
        Status::Tracking => vec![AddProgress, Close],
        Status::Closed => vec![Reopen],
        Status::Merged => vec![],
    };
    if a.department_id.is_some() && !a.status.is_final() && a.status != Status::Accepted {
        v.push(IssueSupervision);
        if a.supervision_count > 0 && !has_open_escalation {
            v.push(Escalate);
        }
    }
    if has_open_escalation {
        v.push(Instruct);
    }
    if a.due_date.is_some() && !a.status.is_final() {
        v.push(if has_pending_extension {
            DecideExtension
        } else {
            RequestExtension
        });
    }
    if !a.status.is_final() {
        v.push(Link);
        v.push(AddAttachment);
    }
    v
}

/// Loads the detail of one appeal for `ctx.actor`.
pub fn detail(
    store: &Store,
    ctx: &Ctx<'_>,
    appeal_id: i64,
    personal: PersonalData,
) -> Result<AppealDetail> {
    let conn = store.conn();
    let a = appeals::get(conn, appeal_id)?;
    // An assisting department (会办) sees the appeal too (see `queries::assists`).
    let assisting = super::assists::assisting(store, &a)?;
    if access::authorize_cohandled(ctx.actor, Action::ViewAppeal, a.department_id, &assisting)
        .is_err()
    {
        return Err(CoreError::not_found(
            "找不到该诉求，或它不在您的办理范围内。",
        ));
    }
    let may_reveal = access::may_see_personal_data(ctx.actor, a.department_id, ctx.today());
    let full = may_reveal && personal == PersonalData::Full;
    let raw = appeals::get_appellant(conn, a.appellant_id)?;
    if full {
        registry::log_access(
            conn,
            &fmt_ts(&ctx.now),
            ctx.actor.user_id,
            Some(a.id),
            crate::model::AccessKind::Appellant,
            "查看诉求详情",
        )?;
    }
    let appellant = mask::appellant_for(&raw, full);
    let names: HashMap<i64, String> = users::list(conn)?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let depts: HashMap<i64, String> = users::departments(conn)?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let timeline: Vec<TimelineEntry> = events::for_appeal(conn, a.id)?
        .into_iter()
        .map(|e| TimelineEntry {
            action_label: e.action.label().to_string(),
            actor_name: names
                .get(&e.actor_id)
                .cloned()
                .unwrap_or_else(|| "（已删除用户）".into()),
            on_behalf_department_name: e.on_behalf_department.and_then(|d| depts.get(&d).cloned()),
            event: e,
        })
        .collect();
    let version = timeline.last().map_or(0, |t| t.event.id);
    let extensions = oversight::extensions(conn, a.id)?;
    let escalations = oversight::escalations(conn, a.id)?;
    let pending_ext = extensions.iter().any(|e| e.status == "pending");
    let open_esc = escalations.iter().any(|e| e.instruction.is_none());
    let allowed_actions = actions_for(&a, pending_ext, open_esc)
        .into_iter()
        .filter(|act| access::allows(ctx.actor, *act, a.department_id))
        .collect();
    let soon = settings::due_soon_days(conn)?;
    let due = if a.status.is_final() {
        DueFlags::default()
    } else {
        due_flags(store.calendar(), a.due_date, ctx.today(), soon)
    };
    Ok(AppealDetail {
        personal_data_masked: !full,
        may_reveal,
        department_name: a.department_id.and_then(|d| depts.get(&d).cloned()),
        registered_by_name: names.get(&a.registered_by).cloned().unwrap_or_default(),
        due,
        timeline,
        plans: handling::plans(conn, a.id)?,
        feedbacks: handling::feedbacks(conn, a.id)?,
        tracking: handling::tracking(conn, a.id)?,
        progress: handling::progress(conn, a.id)?,
        supervisions: oversight::supervisions(conn, a.id)?,
        escalations,
        extensions,
        links: registry::links(conn, a.id)?,
        attachments: registry::attachments(conn, a.id)?,
        archive_numbers: registry::archive_numbers(conn, a.id)?,
        paper_archive: crate::store::paper_archive::get(conn, a.id)?,
        allowed_actions,
        version,
        appellant,
        appeal: a,
    })
}

/// Finds an appeal by either number and returns its detail.
pub fn detail_by_number(
    store: &Store,
    ctx: &Ctx<'_>,
    number: &str,
    personal: PersonalData,
) -> Result<AppealDetail> {
    let id = appeals::find_by_number(store.conn(), number)?
        .ok_or_else(|| CoreError::not_found("没有找到该编号的诉求，请核对登记号或归档编号。"))?;
    detail(store, ctx, id, personal)
}
