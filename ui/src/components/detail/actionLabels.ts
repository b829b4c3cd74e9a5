// The one place that names the detail page's actions: the Chinese label of each lifecycle action
// button, and which of the allowed actions is the primary one (shown first, highlighted).
import type { Action } from "../../bindings/Action";

/** Button labels of the actions the detail page offers. */
export const ACTION_LABELS: Partial<Record<Action, string>> = {
  initialReview: "初审",
  answerDirectly: "直接答复",
  route: "分流",
  reclassify: "变更分类",
  link: "关联/合并",
  recordFeedback: "登记反馈",
  followUp: "登记沟通情况",
  reopen: "重新办理",
  close: "办结",
  submitPlan: "提交处理方案",
  addProgress: "填报进展",
  returnMisrouted: "退回（分流有误）",
  review: "审核方案",
  approve: "审批",
  issueSupervision: "督办",
  escalate: "上报管理层",
  instruct: "批示",
  requestExtension: "申请延期",
  decideExtension: "审批延期",
  addAttachment: "添加附件",
};

/** The label of an action (the code itself for an action the page does not know). */
export function actionLabel(action: Action): string {
  return ACTION_LABELS[action] ?? action;
}

/**
 * Actions that accompany the main work but are never its next step, so never the primary button
 * (when only these are allowed, no button is highlighted).
 */
const SECONDARY: ReadonlySet<Action> = new Set<Action>([
  "link",
  "addAttachment",
  "reclassify",
  "requestExtension",
  "escalate",
  "issueSupervision",
]);

export type ArrangedActions = { primary: Action | null; others: Action[] };

/**
 * Splits the allowed actions (in the core's order, which puts the status's next step first)
 * into the primary action and the rest; actions the page does not know are left out.
 */
export function arrangeActions(allowed: readonly Action[]): ArrangedActions {
  const known = allowed.filter((a) => a in ACTION_LABELS);
  const primary = known.find((a) => !SECONDARY.has(a)) ?? null;
  return { primary, others: known.filter((a) => a !== primary) };
}
