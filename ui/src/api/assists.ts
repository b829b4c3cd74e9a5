// Co-handling 会办 (minyi-service, commands/assists.rs): routing with assisting departments (协办),
// adding one later, their opinions, the office's override of the lead's wait, the 会办 panel and
// the assisting department's queue. The rules (who may, when) are Rust's.
import { call } from "./core";
import { seenVersion } from "./appeals";
import type { AssistInput } from "../bindings/AssistInput";
import type { AssistTask } from "../bindings/AssistTask";
import type { CoHandling } from "../bindings/CoHandling";
import type { Outcome } from "../bindings/Outcome";

/** Routes to the lead department with the assisting departments, in one step. */
export function routeCohandled(appealId: number, departmentId: number, note: string | null, assists: AssistInput[]): Promise<Outcome> {
  return call("route_cohandled", { appealId, seen: seenVersion(appealId), departmentId, note, assists });
}

/** Adds an assisting department while the lead department handles the appeal. */
export function addAssist(appealId: number, assist: AssistInput): Promise<Outcome> {
  return call("add_assist", { appealId, seen: seenVersion(appealId), assist });
}

/** An assisting department's opinion; `departmentId`/`person` when the office types it for one. */
export function submitAssistOpinion(appealId: number, opinion: string, departmentId: number | null = null, person: string | null = null): Promise<Outcome> {
  return call("submit_assist_opinion", { appealId, seen: seenVersion(appealId), departmentId, opinion, person });
}

/** The office lets the lead submit its plan without the missing opinions, with a reason. */
export function overrideAssists(appealId: number, reason: string): Promise<Outcome> {
  return call("override_assists", { appealId, seen: seenVersion(appealId), reason });
}

/** The 会办 panel of an appeal. */
export function cohandling(appealId: number): Promise<CoHandling> {
  return call("cohandling", { appealId });
}

/** The assisting opinions waiting for the user's department (all, for the appeals office). */
export function assistTasks(limit = 50): Promise<AssistTask[]> {
  return call("assist_tasks", { limit });
}
