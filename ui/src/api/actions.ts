// Lifecycle actions on one appeal (minyi-service, commands/actions.rs), each sent with the version
// of the appeal the page showed (refused, naming who changed it, if someone did meanwhile); each
// resolves to the appeal's new state and a sentence for the success message.
import { call } from "./core";
import { seenVersion } from "./appeals";
import type { Category } from "../bindings/Category";
import type { FeedbackInput } from "../bindings/FeedbackInput";
import type { InitialReviewInput } from "../bindings/InitialReviewInput";
import type { LinkKind } from "../bindings/LinkKind";
import type { OnBehalf } from "../bindings/OnBehalf";
import type { Outcome } from "../bindings/Outcome";
import type { PlanContent } from "../bindings/PlanContent";

/** "Not typed on behalf of anyone". */
export const NO_BEHALF: OnBehalf = { departmentId: null, person: null };

export function initialReview(appealId: number, input: InitialReviewInput): Promise<Outcome> {
  return call("initial_review", { appealId, seen: seenVersion(appealId), input });
}

export function answerDirectly(appealId: number, answer: string): Promise<Outcome> {
  return call("answer_directly", { appealId, seen: seenVersion(appealId), answer });
}

export function routeAppeal(appealId: number, departmentId: number, note: string | null): Promise<Outcome> {
  return call("route_appeal", { appealId, seen: seenVersion(appealId), departmentId, note });
}

export function returnMisrouted(appealId: number, reason: string, onBehalf: OnBehalf = NO_BEHALF): Promise<Outcome> {
  return call("return_misrouted", { appealId, seen: seenVersion(appealId), reason, onBehalf });
}

export function submitPlan(appealId: number, plan: PlanContent, onBehalf: OnBehalf = NO_BEHALF): Promise<Outcome> {
  return call("submit_plan", { appealId, seen: seenVersion(appealId), plan, onBehalf });
}

/** Department head's review of a plan. */
export function reviewPlan(appealId: number, approve: boolean, opinion: string): Promise<Outcome> {
  return call("review_plan", { appealId, seen: seenVersion(appealId), approve, opinion });
}

/** Management's approval of a plan. */
export function approvePlan(appealId: number, approve: boolean, opinion: string): Promise<Outcome> {
  return call("approve_plan", { appealId, seen: seenVersion(appealId), approve, opinion });
}

export function recordFeedback(appealId: number, input: FeedbackInput): Promise<Outcome> {
  return call("record_feedback", { appealId, seen: seenVersion(appealId), input });
}

export function followUp(appealId: number, reason: string, talk: string): Promise<Outcome> {
  return call("follow_up", { appealId, seen: seenVersion(appealId), reason, talk });
}

export function reopenAppeal(appealId: number, departmentId: number | null, reason: string): Promise<Outcome> {
  return call("reopen_appeal", { appealId, seen: seenVersion(appealId), departmentId, reason });
}

export function closeAppeal(appealId: number, summary: string): Promise<Outcome> {
  return call("close_appeal", { appealId, seen: seenVersion(appealId), summary });
}

export function addProgress(
  appealId: number,
  content: string,
  nextCheck: string | null,
  onBehalf: OnBehalf = NO_BEHALF,
): Promise<Outcome> {
  return call("add_progress", { appealId, seen: seenVersion(appealId), content, nextCheck, onBehalf });
}

/** `newDue` is YYYY-MM-DD. */
export function issueSupervision(appealId: number, reason: string, newDue: string): Promise<Outcome> {
  return call("issue_supervision", { appealId, seen: seenVersion(appealId), reason, newDue });
}

export function escalate(appealId: number, reason: string): Promise<Outcome> {
  return call("escalate", { appealId, seen: seenVersion(appealId), reason });
}

export function instruct(appealId: number, instruction: string): Promise<Outcome> {
  return call("instruct", { appealId, seen: seenVersion(appealId), instruction });
}

export function requestExtension(appealId: number, days: number, reason: string): Promise<Outcome> {
  return call("request_extension", { appealId, seen: seenVersion(appealId), days, reason });
}

export function decideExtension(appealId: number, approve: boolean, note: string | null): Promise<Outcome> {
  return call("decide_extension", { appealId, seen: seenVersion(appealId), approve, note });
}

export function reclassify(appealId: number, category: Category, reason: string): Promise<Outcome> {
  return call("reclassify", { appealId, seen: seenVersion(appealId), category, reason });
}

export function linkAppeals(appealId: number, otherId: number, kind: LinkKind): Promise<Outcome> {
  return call("link_appeals", { appealId, seen: seenVersion(appealId), otherId, kind });
}

export function mergeAppeals(appealId: number, intoId: number, reason: string): Promise<Outcome> {
  return call("merge_appeals", { appealId, seen: seenVersion(appealId), intoId, reason });
}
