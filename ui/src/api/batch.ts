// Batch printing of archive sheets (minyi-service, commands/paper.rs): count what the list's filter matches,
// print it into one PDF with progress events, cancel.
import { listen } from "@tauri-apps/api/event";
import { call, inTauri } from "./core";
import type { BatchCount } from "../bindings/BatchCount";
import type { BatchOutcome } from "../bindings/BatchOutcome";
import type { JobProgress } from "../bindings/JobProgress";
import type { ListFilter } from "../bindings/ListFilter";

/** How many appeals `filter` matches (counted up to `max + 1`). */
export function batchPrintCount(filter: ListFilter): Promise<BatchCount> {
  return call("batch_print_count", { filter });
}

/** Prints the archive sheets of every appeal `filter` matches; with `saveTo` the PDF is saved
 * there, otherwise it opens in the system viewer. Resolves when the batch ends (or is cancelled). */
export function batchPrint(filter: ListFilter, saveTo: string | null = null): Promise<BatchOutcome> {
  return call("batch_print", { filter }, saveTo);
}

/** Asks the running batch to stop; it then resolves with `cancelled` and leaves no file. */
export function cancelBatchPrint(): Promise<boolean> {
  return call("cancel_batch_print", {});
}

/** Progress of the running batch. Resolves to an unsubscribe. */
export async function onBatchProgress(cb: (p: JobProgress) => void): Promise<() => void> {
  if (!inTauri()) return () => {};
  return listen<JobProgress>("batch-print-progress", (e) => cb(e.payload));
}
