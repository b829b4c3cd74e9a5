// Return visits (回访): the office's list and one call at a time (minyi-service, commands/visits.rs).
import { call } from "./core";
import type { VisitCall } from "../bindings/VisitCall";
import type { VisitList } from "../bindings/VisitList";
import type { VisitOutcome } from "../bindings/VisitOutcome";
import type { VisitQuery } from "../bindings/VisitQuery";

/** Open visits, first page, names and phones in full for staff who may see them (logged). */
export function defaultVisitQuery(): VisitQuery {
  return { status: "open", personal: "full", page: 0, pageSize: 50 };
}

export function listVisits(query: VisitQuery): Promise<VisitList> {
  return call("list_visits", { query });
}

export function recordVisit(visitId: number, visitCall: VisitCall): Promise<VisitOutcome> {
  return call("record_visit", { visitId, call: visitCall });
}
