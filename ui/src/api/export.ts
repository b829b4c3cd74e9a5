// Excel export from the lists (minyi-service, commands/exports.rs): the appeal ledger or the tracking ledger of the
// list's filter, with progress events.
import { listen } from "@tauri-apps/api/event";
import { call, inTauri } from "./core";
import type { ExportOutcome } from "../bindings/ExportOutcome";
import type { JobProgress } from "../bindings/JobProgress";
import type { LedgerFilter } from "../bindings/LedgerFilter";
import type { ListFilter } from "../bindings/ListFilter";

/** Exports the ledger of `filter`; with `saveTo` the workbook is saved there, otherwise it goes to
 * the data folder's exports/ and opens in the spreadsheet program. */
export function exportLedger(filter: ListFilter, personalData: boolean, saveTo: string | null = null): Promise<ExportOutcome> {
  return call("export_ledger", { filter, personalData }, saveTo);
}

/** Exports the tracking ledger of `filter` (no personal data in it), like exportLedger. */
export function exportTracking(filter: LedgerFilter, saveTo: string | null = null): Promise<ExportOutcome> {
  return call("export_tracking", { filter }, saveTo);
}

/** Asks the running ledger export to stop; it then resolves with `cancelled` and leaves no file.
 * Resolves to whether an export was running. */
export function cancelExport(): Promise<boolean> {
  return call("cancel_export", {});
}

/** Progress of the running export. Resolves to an unsubscribe. */
export async function onExportProgress(cb: (p: JobProgress) => void): Promise<() => void> {
  if (!inTauri()) return () => {};
  return listen<JobProgress>("ledger-export-progress", (e) => cb(e.payload));
}
