// The import wizard (minyi-service, commands/import.rs): the online channels, a look at the picked file, the
// import with progress events and cancel, and its report.
import { listen } from "@tauri-apps/api/event";
import { call, callDesktop, inTauri } from "./core";
import type { Choice } from "../bindings/Choice";
import type { ImportOutcome } from "../bindings/ImportOutcome";
import type { ImportPreview } from "../bindings/ImportPreview";
import type { JobProgress } from "../bindings/JobProgress";
import type { ImportRequest } from "../bindings/ImportRequest";

/** The channels a batch may come from (官网留言, 微信, 微博, 线上平台). */
export function importChannels(): Promise<Choice[]> {
  return call("import_channels", {});
}

/** Reads the picked file: format, proposed column mapping, first rows. Writes nothing. */
export function inspectImport(path: string): Promise<ImportPreview> {
  return call("inspect_import", { file: path });
}

/** Imports the batch; resolves when it ends (or is cancelled). */
export function importBatch(request: ImportRequest): Promise<ImportOutcome> {
  return call("import_batch", { request });
}

/** Asks the running import to stop after its current chunk of rows. */
export function cancelImport(): Promise<boolean> {
  return call("cancel_import", {});
}

/** Opens an import report in the spreadsheet program. */
export function openImportReport(report: string): Promise<void> {
  return callDesktop<void>("open_import_report", { report });
}

/** Copies an import report to `saveTo`. */
export function saveImportReport(report: string, saveTo: string): Promise<void> {
  return callDesktop<void>("save_import_report", { report, saveTo });
}

/** Progress of the running import. Resolves to an unsubscribe. */
export async function onImportProgress(cb: (p: JobProgress) => void): Promise<() => void> {
  if (!inTauri()) return () => {};
  return listen<JobProgress>("import-progress", (e) => cb(e.payload));
}
