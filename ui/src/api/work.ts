// Work queues: the workbench and the tracking ledger (minyi-service, commands/work.rs).
import { call } from "./core";
import type { LedgerFilter } from "../bindings/LedgerFilter";
import type { LedgerPage } from "../bindings/LedgerPage";
import type { SlowPage } from "../bindings/SlowPage";
import type { Workbench } from "../bindings/Workbench";

/** A ledger filter with nothing set: open lines, first page of 50. */
export function defaultLedgerFilter(): LedgerFilter {
  return { departmentId: null, includeResolved: false, checkDueBy: null, page: 0, pageSize: 50 };
}

/** The signed-in user's most urgent tasks (at most `limit`) and counts. */
export function myTasks(limit = 50): Promise<Workbench> {
  return call("my_tasks", { limit });
}

export function trackingLedger(filter: LedgerFilter): Promise<LedgerPage> {
  return call("tracking_ledger", { filter });
}

/** A page of 进度缓慢: appeals not yet overdue but slow (commands/queues.rs), earliest due first. */
export function slowAppeals(page: number, pageSize: number): Promise<SlowPage> {
  return call("slow_appeals", { page, pageSize });
}
