// The 考核 page's logic without a canvas or a window: the score columns in the order of the
// weights, score text, the counts behind a score, the bar chart of weighted scores, and the next
// step of a recommendation.
import type { AssessmentFigures } from "../bindings/AssessmentFigures";
import type { AssessmentRow } from "../bindings/AssessmentRow";
import type { AssessmentScores } from "../bindings/AssessmentScores";
import type { RecommendationStatus } from "../bindings/RecommendationStatus";
import { formatNumber } from "./format";

/** The component columns, in the order of `Assessment.weights`. */
export const COMPONENTS: readonly { key: keyof Omit<AssessmentScores, "weighted">; label: string }[] = [
  { key: "intakeTimeliness", label: "受理及时" },
  { key: "intakeAccuracy", label: "分流准确" },
  { key: "efficiency", label: "办理效率" },
  { key: "quality", label: "办理质量" },
  { key: "supervision", label: "督办落实" },
  { key: "recommendations", label: "建议采纳" },
];

/** 87.5, or "—" where the row had nothing to assess. */
export function scoreText(v: number | null | undefined): string {
  return v === null || v === undefined ? "—" : v.toFixed(1);
}

/**
 * The counts behind a component score, for its tooltip, so a score can be checked. Quality counts
 * the appellants reached at feedback (联系上), which are not the return visits (回访) of their own
 * feature.
 */
export function scoreBasis(f: AssessmentFigures, key: (typeof COMPONENTS)[number]["key"]): string {
  switch (key) {
    case "intakeTimeliness":
      return `初审、分流 ${formatNumber(f.intakeMeasured)} 次，按期 ${formatNumber(f.intakeOnTime)} 次`;
    case "intakeAccuracy":
      return `分流 ${formatNumber(f.routed)} 次，被退回 ${formatNumber(f.returned)} 次`;
    case "efficiency":
      return `办理环节 ${formatNumber(f.handlingMeasured)} 个，按期 ${formatNumber(f.handlingOnTime)} 个，平均 ${
        f.averageWorkingDays === null ? "—" : f.averageWorkingDays.toFixed(1)
      } 个工作日${f.assistsMeasured ? `；协办 ${formatNumber(f.assistsMeasured)} 项，按期 ${formatNumber(f.assistsOnTime)} 项` : ""}`;
    case "quality":
      return `反馈时联系上诉求人 ${formatNumber(f.reached)} 件，满意 ${formatNumber(f.satisfied)} 件；办结或重办 ${formatNumber(
        f.closedOrReopened,
      )} 件，重办 ${formatNumber(f.reopened)} 件`;
    case "supervision":
      return `督办 ${formatNumber(f.supervised)} 次，按新期限落实 ${formatNumber(f.followedThrough)} 次`;
    case "recommendations":
      return `采纳建议 ${formatNumber(f.recommendationsAdopted)} 条`;
  }
}

/** Horizontal bars of the weighted scores, best on top (at most `top` rows). */
export function scoreBars(rows: AssessmentRow[], top = 15) {
  const shown = rows.slice(0, top).reverse();
  return {
    color: ["#409eff"],
    tooltip: { trigger: "axis" as const, axisPointer: { type: "shadow" as const } },
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: "value" as const, min: 0, max: 100, name: "得分" },
    yAxis: { type: "category" as const, data: shown.map((r) => r.name) },
    series: [
      {
        type: "bar" as const,
        name: "综合得分",
        data: shown.map((r) => Number(r.scores.weighted.toFixed(1))),
        label: { show: true, position: "right" as const, formatter: "{c}" },
        barMaxWidth: 22,
      },
    ],
  };
}

/** The one move a recommendation may make next, with its button text; none once done. */
export function nextStep(status: RecommendationStatus): { to: RecommendationStatus; label: string } | null {
  switch (status) {
    case "proposed":
      return { to: "adopted", label: "登记采纳" };
    case "adopted":
      return { to: "done", label: "登记落实" };
    case "done":
      return null;
  }
}

export const RECOMMENDATION_STATUS: Record<RecommendationStatus, { label: string; tag: "info" | "warning" | "success" }> = {
  proposed: { label: "已提出", tag: "info" },
  adopted: { label: "已采纳", tag: "warning" },
  done: { label: "已落实", tag: "success" },
};
