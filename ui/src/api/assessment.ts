// Assessment (考核), recommendations (决策参考) and the difficult issues of 统计分析
// (minyi-service, commands/assessment.rs).
import { call } from "./core";
import type { Assessment } from "../bindings/Assessment";
import type { AssessmentTargets } from "../bindings/AssessmentTargets";
import type { DifficultIssues } from "../bindings/DifficultIssues";
import type { ExportOutcome } from "../bindings/ExportOutcome";
import type { NewRecommendation } from "../bindings/NewRecommendation";
import type { NewRewardPenalty } from "../bindings/NewRewardPenalty";
import type { Period } from "../bindings/Period";
import type { RecommendationRecord } from "../bindings/RecommendationRecord";
import type { RecommendationStatus } from "../bindings/RecommendationStatus";
import type { RewardPenaltyRecord } from "../bindings/RewardPenaltyRecord";

export function assessment(period: Period): Promise<Assessment> {
  return call("assessment", { period });
}

export function difficultIssues(period: Period): Promise<DifficultIssues> {
  return call("difficult_issues", { period });
}

export function assessmentTargets(): Promise<AssessmentTargets> {
  return call("assessment_targets", {});
}

export function recommendations(status: RecommendationStatus | null = null): Promise<RecommendationRecord[]> {
  return call("recommendations", { status });
}

export function recordRecommendation(input: NewRecommendation): Promise<RecommendationRecord> {
  return call("record_recommendation", { input });
}

export function advanceRecommendation(id: number, to: RecommendationStatus): Promise<RecommendationRecord> {
  return call("advance_recommendation", { id, to });
}

export function rewardsPenalties(period: Period): Promise<RewardPenaltyRecord[]> {
  return call("rewards_penalties", { period });
}

export function recordRewardPenalty(input: NewRewardPenalty): Promise<RewardPenaltyRecord> {
  return call("record_reward_penalty", { input });
}

/** The ranking workbook of `period`; with `saveTo` saved there, otherwise into exports/ and opened. */
export function exportAssessment(period: Period, saveTo: string | null = null): Promise<ExportOutcome> {
  return call("export_assessment", { period }, saveTo);
}
