//! The assessment screens (考核, 决策参考, and the difficult issues of 统计分析): calls into
//! minyi-analysis and minyi-core, which check the permissions themselves.

use crate::command::{Call, Command, Effect};
use minyi_analysis::assessment::{Assessment, assessment_for};
use minyi_analysis::difficult::{DifficultIssues, difficult_for};
use minyi_analysis::period::Period;
use minyi_core::Result;
use minyi_core::model::RecommendationStatus;
use minyi_core::queries::assessment_records::{self as records, AssessmentTargets};
use minyi_core::store::recommendations::RecommendationRecord;
use minyi_core::store::rewards::RewardPenaltyRecord;
use minyi_core::usecases::advance_recommendation::advance_recommendation;
use minyi_core::usecases::record_recommendation::{NewRecommendation, record_recommendation};
use minyi_core::usecases::record_reward_penalty::{NewRewardPenalty, record_reward_penalty};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The assessment of a period, as of today.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct GetAssessment {
    pub period: Period,
}

impl Command for GetAssessment {
    const NAME: &'static str = "assessment";
    const EFFECT: Effect = Effect::Read;
    type Output = Assessment;
    fn run(self, call: &Call<'_>) -> Result<Assessment> {
        call.read(|s, c| assessment_for(s, c.actor, self.period, c.today()))
    }
}

/// The difficult issues of a period.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct GetDifficultIssues {
    pub period: Period,
}

impl Command for GetDifficultIssues {
    const NAME: &'static str = "difficult_issues";
    const EFFECT: Effect = Effect::Read;
    type Output = DifficultIssues;
    fn run(self, call: &Call<'_>) -> Result<DifficultIssues> {
        call.read(|s, c| difficult_for(s, c.actor, self.period, c.today()))
    }
}

/// The departments and people the assessment forms may name.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct GetAssessmentTargets {}

impl Command for GetAssessmentTargets {
    const NAME: &'static str = "assessment_targets";
    const EFFECT: Effect = Effect::Read;
    type Output = AssessmentTargets;
    fn run(self, call: &Call<'_>) -> Result<AssessmentTargets> {
        call.read(|s, c| records::assessment_targets(s, c.actor))
    }
}

/// The improvement recommendations (决策参考), optionally of one status.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct GetRecommendations {
    pub status: Option<RecommendationStatus>,
}

impl Command for GetRecommendations {
    const NAME: &'static str = "recommendations";
    const EFFECT: Effect = Effect::Read;
    type Output = Vec<RecommendationRecord>;
    fn run(self, call: &Call<'_>) -> Result<Vec<RecommendationRecord>> {
        call.read(|s, c| records::recommendations(s, c.actor, self.status))
    }
}

/// Records an improvement recommendation.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct RecordRecommendation {
    pub input: NewRecommendation,
}

impl Command for RecordRecommendation {
    const NAME: &'static str = "record_recommendation";
    const EFFECT: Effect = Effect::Write;
    type Output = RecommendationRecord;
    fn run(self, call: &Call<'_>) -> Result<RecommendationRecord> {
        call.write(|s, c| record_recommendation(s, c, &self.input))
    }
}

/// Moves a recommendation on (proposed → adopted → done).
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct AdvanceRecommendation {
    pub id: i64,
    pub to: RecommendationStatus,
}

impl Command for AdvanceRecommendation {
    const NAME: &'static str = "advance_recommendation";
    const EFFECT: Effect = Effect::Write;
    type Output = RecommendationRecord;
    fn run(self, call: &Call<'_>) -> Result<RecommendationRecord> {
        call.write(|s, c| advance_recommendation(s, c, self.id, self.to))
    }
}

/// The rewards and penalties recorded for a period.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct GetRewardsPenalties {
    pub period: Period,
}

impl Command for GetRewardsPenalties {
    const NAME: &'static str = "rewards_penalties";
    const EFFECT: Effect = Effect::Read;
    type Output = Vec<RewardPenaltyRecord>;
    fn run(self, call: &Call<'_>) -> Result<Vec<RewardPenaltyRecord>> {
        call.read(|s, c| records::rewards_penalties(s, c.actor, self.period.from, self.period.to))
    }
}

/// Records a reward or a penalty.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct RecordRewardPenalty {
    pub input: NewRewardPenalty,
}

impl Command for RecordRewardPenalty {
    const NAME: &'static str = "record_reward_penalty";
    const EFFECT: Effect = Effect::Write;
    type Output = RewardPenaltyRecord;
    fn run(self, call: &Call<'_>) -> Result<RewardPenaltyRecord> {
        call.write(|s, c| record_reward_penalty(s, c, &self.input))
    }
}
