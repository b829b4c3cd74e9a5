//! The assessment's own records for the screens: recommendations (决策参考), rewards and penalties,
//! and the departments and people they may name.
//!
//! Recommendations are read by whoever may record them or see statistics (they are drawn from the
//! statistics); rewards and penalties and the list of staff only by those who carry out
//! assessment. Staff names are not appellant data and are shown unmasked.

use crate::access::{Action, allows, authorize};
use crate::error::{CoreError, Result};
use crate::model::{Actor, RecommendationStatus};
use crate::store::recommendations::{self, RecommendationRecord};
use crate::store::rewards::{self, RewardPenaltyRecord};
use crate::store::{Store, users};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub fn recommendations(
    store: &Store,
    actor: &Actor,
    status: Option<RecommendationStatus>,
) -> Result<Vec<RecommendationRecord>> {
    if !allows(actor, Action::ViewStatistics, None) {
        authorize(actor, Action::Recommend, None)?;
    }
    recommendations::list(store.conn(), status)
}

pub fn rewards_penalties(
    store: &Store,
    actor: &Actor,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<RewardPenaltyRecord>> {
    authorize(actor, Action::Assessment, None)?;
    if to < from {
        return Err(CoreError::field(
            "to",
            "结束日期早于开始日期，请重新选择考核时段。",
        ));
    }
    rewards::list(store.conn(), from, to)
}

/// A person a recommendation or a reward may name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct StaffMember {
    pub user_id: i64,
    pub name: String,
    pub department_id: i64,
    pub department: String,
}

/// The active departments and people, for the pickers of the assessment forms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct AssessmentTargets {
    pub departments: Vec<users::Department>,
    pub staff: Vec<StaffMember>,
}

pub fn assessment_targets(store: &Store, actor: &Actor) -> Result<AssessmentTargets> {
    if !allows(actor, Action::Assessment, None) {
        authorize(actor, Action::Recommend, None)?;
    }
    let conn = store.conn();
    let system = users::system_user_id(conn)?;
    let departments = users::departments(conn)?
        .into_iter()
        .filter(|d| d.active)
        .collect();
    let staff = users::list(conn)?
        .into_iter()
        .filter(|u| u.active && Some(u.id) != system)
        .map(|u| StaffMember {
            user_id: u.id,
            name: u.display_name,
            department_id: u.department_id,
            department: u.department_name,
        })
        .collect();
    Ok(AssessmentTargets { departments, staff })
}
