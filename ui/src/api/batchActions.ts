// Batch actions on the list's selection and 纸质归档 (minyi-service, commands/batch.rs): one action
// on many appeals, each through its own use case, with progress events and a per-appeal report;
// filing one closed appeal and reading its archive record.
import { listen } from "@tauri-apps/api/event";
import { call, inTauri } from "./core";
import { seenVersion } from "./appeals";
import type { ArchiveInput } from "../bindings/ArchiveInput";
import type { ArchiveRecord } from "../bindings/ArchiveRecord";
import type { BatchAction } from "../bindings/BatchAction";
import type { BatchReport } from "../bindings/BatchReport";
import type { JobProgress } from "../bindings/JobProgress";
import type { ListFilter } from "../bindings/ListFilter";
import type { Outcome } from "../bindings/Outcome";

/** The most appeals one batch action takes (minyi-core's MAX_BATCH_ACTION). */
export const MAX_BATCH_ACTION = 1000;

/** What a batch applies to: the ticked rows, or every appeal of a filter (全选筛选结果). */
export type BatchTarget = { ids: number[] } | { filter: ListFilter };

/** Applies `action` to every appeal of `target`; resolves with how each went. */
export function batchAct(target: BatchTarget, action: BatchAction): Promise<BatchReport> {
  const args = "ids" in target ? { ids: target.ids, filter: null } : { ids: null, filter: { ...target.filter, page: 0 } };
  return call("batch_act", { ...args, action });
}

/** Stops the running batch action before its next appeal. */
export function cancelBatchAct(): Promise<boolean> {
  return call("cancel_batch_act", {});
}

/** Progress of the running batch action. Resolves to an unsubscribe. */
export async function onBatchActProgress(cb: (p: JobProgress) => void): Promise<() => void> {
  if (!inTauri()) return () => {};
  return listen<JobProgress>("batch-action-progress", (e) => cb(e.payload));
}

/** Files one closed appeal (or corrects its record). */
export function recordArchive(appealId: number, input: ArchiveInput): Promise<Outcome> {
  return call("record_archive", { appealId, seen: seenVersion(appealId), input });
}

/** The appeal's archive record, `null` while not filed. */
export function getArchiveRecord(appealId: number): Promise<ArchiveRecord | null> {
  return call("get_archive_record", { appealId });
}
