// Pure helpers of the detail page: plan content as labelled lines, review and extension state
// labels, the extra facts of a timeline event, who typed for whom, and form defaults.
import type { Appeal } from "../../bindings/Appeal";
import type { Category } from "../../bindings/Category";
import type { Channel } from "../../bindings/Channel";
import type { FeedbackMethod } from "../../bindings/FeedbackMethod";
import type { PlanContent } from "../../bindings/PlanContent";
import type { SessionInfo } from "../../bindings/SessionInfo";
import type { TimelineEntry } from "../../bindings/TimelineEntry";

export type PlanKind = PlanContent["kind"];
export type Line = { label: string; value: string };

/** The plan a category needs: consultation and other are answered. */
export function planKindFor(category: Category): PlanKind {
  if (category === "complaint" || category === "suggestion" || category === "help") return category;
  return "answer";
}

/** An empty plan of the category's kind. */
export function emptyPlan(category: Category): PlanContent {
  switch (planKindFor(category)) {
    case "complaint":
      return { kind: "complaint", factsFound: "", responsibleParty: "", measures: "" };
    case "suggestion":
      return { kind: "suggestion", feasibility: "", value: "", adopted: false, implementationPlan: "" };
    case "help":
      return { kind: "help", resourcesCoordinated: "", measures: "" };
    default:
      return { kind: "answer", answer: "" };
  }
}

/** Labels of the plan fields (also the form labels). */
export const PLAN_LABELS: Record<string, string> = {
  factsFound: "调查核实的事实",
  responsibleParty: "责任主体",
  measures: "处理措施",
  feasibility: "可行性评估",
  value: "价值评估",
  adopted: "是否采纳",
  implementationPlan: "实施计划",
  resourcesCoordinated: "协调的资源和帮助",
  helpMeasures: "帮扶措施",
  answer: "答复内容",
};

/** A plan's content as labelled lines, in the order of the paper form; empty optional lines left out. */
export function planLines(p: PlanContent): Line[] {
  const L = PLAN_LABELS;
  switch (p.kind) {
    case "complaint":
      return [
        { label: L.factsFound, value: p.factsFound },
        { label: L.responsibleParty, value: p.responsibleParty },
        { label: L.measures, value: p.measures },
      ];
    case "suggestion":
      return [
        { label: L.feasibility, value: p.feasibility },
        { label: L.value, value: p.value },
        { label: L.adopted, value: p.adopted ? "采纳" : "不采纳" },
        ...(p.implementationPlan.trim() ? [{ label: L.implementationPlan, value: p.implementationPlan }] : []),
      ];
    case "help":
      return [
        { label: L.resourcesCoordinated, value: p.resourcesCoordinated },
        ...(p.measures.trim() ? [{ label: L.helpMeasures, value: p.measures }] : []),
      ];
    case "answer":
      return [{ label: L.answer, value: p.answer }];
  }
}

/** Trims every text of a plan before it is sent. */
export function trimPlan(p: PlanContent): PlanContent {
  switch (p.kind) {
    case "complaint":
      return { ...p, factsFound: p.factsFound.trim(), responsibleParty: p.responsibleParty.trim(), measures: p.measures.trim() };
    case "suggestion":
      return { ...p, feasibility: p.feasibility.trim(), value: p.value.trim(), implementationPlan: p.implementationPlan.trim() };
    case "help":
      return { ...p, resourcesCoordinated: p.resourcesCoordinated.trim(), measures: p.measures.trim() };
    case "answer":
      return { ...p, answer: p.answer.trim() };
  }
}

const PLAN_REVIEW: Record<string, { text: string; tone: "info" | "warning" | "success" | "danger" }> = {
  pending: { text: "待审核", tone: "warning" },
  reviewed: { text: "审核通过，待审批", tone: "warning" },
  approved: { text: "已通过", tone: "success" },
  returned: { text: "已退回修改", tone: "danger" },
  rejected: { text: "未通过", tone: "danger" },
};

/** The review state of a plan as a label and a tag tone. */
export function planReview(status: string): { text: string; tone: "info" | "warning" | "success" | "danger" } {
  return PLAN_REVIEW[status] ?? { text: status, tone: "info" };
}

const EXTENSION_STATUS: Record<string, string> = { pending: "待审批", approved: "已同意", refused: "不同意" };

export function extensionStatus(status: string): string {
  return EXTENSION_STATUS[status] ?? status;
}

/** Facts an event carries besides its reason ("承办部门：城管科", "督办编号 DB-2026-0001"). */
export function timelineExtra(e: TimelineEntry): string[] {
  const p = e.payload;
  if (p === null || typeof p !== "object" || Array.isArray(p)) return [];
  const out: string[] = [];
  if (typeof p.departmentName === "string") out.push(`承办部门：${p.departmentName}`);
  if (typeof p.number === "string") out.push(`督办编号：${p.number}`);
  if (typeof p.days === "number") out.push(`延期 ${p.days} 个工作日`);
  return out;
}

/** "代 城管科 张三 录入" for an entry typed on behalf of a department; empty otherwise. */
export function onBehalfText(departmentName: string | null | undefined, person: string | null | undefined): string {
  const who = [departmentName, person].filter((s) => s && s.trim()).join(" ");
  return who ? `代 ${who} 录入` : "";
}

/** User names by id, as far as the timeline knows them. */
export function namesFromTimeline(timeline: readonly TimelineEntry[]): Map<number, string> {
  const m = new Map<number, string>();
  for (const e of timeline) m.set(e.actorId, e.actorName);
  return m;
}

/**
 * Whether the signed-in appeals office types for the appeal's department (the single-workstation
 * office): it holds the appeals_office role and the appeal is with another department.
 */
export function typesOnBehalf(session: SessionInfo | null | undefined, appeal: Appeal): boolean {
  if (!session || !session.roles.includes("appeals_office")) return false;
  return appeal.departmentId !== null && appeal.departmentId !== session.departmentId;
}

/** The feedback method that matches the channel the appellant used. */
export function feedbackMethodFor(channel: Channel): FeedbackMethod {
  switch (channel) {
    case "hotline":
      return "phone_call";
    case "letter":
      return "reply_letter";
    case "walk_in":
      return "in_person";
    default:
      return "message";
  }
}
