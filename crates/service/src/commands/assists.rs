//! Co-handling (会办): routing with assisting departments (协办), adding one later, their opinions,
//! the office's override of the lead's wait, the 会办 panel and the assisting department's queue.
//! Each is one call into core, which holds the rules (who may, in which state, one transaction).

use crate::command::{Call, Command, Effect};
use minyi_core::Result;
use minyi_core::queries::assists::{AssistTask, CoHandling, assist_tasks, cohandling};
use minyi_core::usecases::Outcome;
use minyi_core::usecases::add_assist::{AssistInput, add_assist};
use minyi_core::usecases::override_assists::override_assists;
use minyi_core::usecases::route_cohandled::route_cohandled;
use minyi_core::usecases::submit_assist_opinion::submit_assist_opinion;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Routes an accepted appeal to its lead department with assisting departments, in one step.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RouteCohandled {
    pub appeal_id: i64,
    /// The appeal's `version` as the page showed it (see `RouteAppeal`).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub seen: Option<i64>,
    pub department_id: i64,
    pub note: Option<String>,
    pub assists: Vec<AssistInput>,
}

impl Command for RouteCohandled {
    const NAME: &'static str = "route_cohandled";
    const EFFECT: Effect = Effect::Write;
    type Output = Outcome;
    fn run(self, call: &Call<'_>) -> Result<Outcome> {
        call.write_seeing(self.appeal_id, self.seen, |s, c| {
            route_cohandled(
                s,
                c,
                self.appeal_id,
                self.department_id,
                self.note.as_deref(),
                &self.assists,
            )
        })
    }
}

/// Adds an assisting department while the lead department handles the appeal.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AddAssist {
    pub appeal_id: i64,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub seen: Option<i64>,
    pub assist: AssistInput,
}

impl Command for AddAssist {
    const NAME: &'static str = "add_assist";
    const EFFECT: Effect = Effect::Write;
    type Output = Outcome;
    fn run(self, call: &Call<'_>) -> Result<Outcome> {
        call.write_seeing(self.appeal_id, self.seen, |s, c| {
            add_assist(s, c, self.appeal_id, &self.assist)
        })
    }
}

/// An assisting department's opinion (协办意见): by its staff, or typed by the appeals office for
/// `departmentId` (then `person` names who gave it).
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SubmitAssistOpinion {
    pub appeal_id: i64,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub seen: Option<i64>,
    /// The assisting department; the user's own when absent.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub department_id: Option<i64>,
    pub opinion: String,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub person: Option<String>,
}

impl Command for SubmitAssistOpinion {
    const NAME: &'static str = "submit_assist_opinion";
    const EFFECT: Effect = Effect::Write;
    type Output = Outcome;
    fn run(self, call: &Call<'_>) -> Result<Outcome> {
        call.write_seeing(self.appeal_id, self.seen, |s, c| {
            submit_assist_opinion(
                s,
                c,
                self.appeal_id,
                self.department_id,
                &self.opinion,
                self.person.as_deref(),
            )
        })
    }
}

/// The appeals office lets the lead submit its plan without the missing assisting opinions.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OverrideAssists {
    pub appeal_id: i64,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub seen: Option<i64>,
    pub reason: String,
}

impl Command for OverrideAssists {
    const NAME: &'static str = "override_assists";
    const EFFECT: Effect = Effect::Write;
    type Output = Outcome;
    fn run(self, call: &Call<'_>) -> Result<Outcome> {
        call.write_seeing(self.appeal_id, self.seen, |s, c| {
            override_assists(s, c, self.appeal_id, &self.reason)
        })
    }
}

/// The 会办 panel of an appeal: lead, assisting departments with part, deadline, opinion, state.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct GetCoHandling {
    pub appeal_id: i64,
}

impl Command for GetCoHandling {
    const NAME: &'static str = "cohandling";
    const EFFECT: Effect = Effect::Read;
    type Output = CoHandling;
    fn run(self, call: &Call<'_>) -> Result<CoHandling> {
        call.read(|s, c| cohandling(s, c, self.appeal_id))
    }
}

/// The assisting opinions waiting for the user's department (all of them for the appeals office).
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct AssistTasks {
    pub limit: i64,
}

impl Command for AssistTasks {
    const NAME: &'static str = "assist_tasks";
    const EFFECT: Effect = Effect::Read;
    type Output = Vec<AssistTask>;
    fn run(self, call: &Call<'_>) -> Result<Vec<AssistTask>> {
        call.read(|s, c| assist_tasks(s, c, self.limit))
    }
}
