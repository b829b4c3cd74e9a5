// What the wizard's buttons do: pick and read a file, move between steps, run the import with
// progress, cancel it, open or save the report. They change the module-level wizard state
// (importWizard.ts), so an import keeps reporting into it while the user is on another page.
import { toApiError } from "../../api/core";
import { pickFile, pickSavePath } from "../../api/dialog";
import {
  cancelImport,
  importBatch,
  inspectImport,
  onImportProgress,
  openImportReport,
  saveImportReport,
} from "../../api/import";
import { showSuccess } from "../../lib/notify";
import {
  BATCH_FILTERS,
  mappingChoices,
  missingRequired,
  proposedMapping,
  reportFileName,
  wizard,
} from "./importWizard";

/** Step 1: asks for the batch file and reads it; false when the picker was cancelled. */
export async function pickBatchFile(): Promise<boolean> {
  const path = await pickFile("选择要导入的文件（官网、微信、微博或线上平台导出的 Excel 或 CSV）", BATCH_FILTERS);
  if (!path) return false;
  wizard.error = "";
  try {
    const preview = await inspectImport(path);
    wizard.preview = preview;
    wizard.mapping = proposedMapping(preview);
    return true;
  } catch (e) {
    wizard.preview = null;
    wizard.mapping = {};
    wizard.error = toApiError(e).message;
    return false;
  }
}

/** Step 1 → 2, once a file was read and a channel chosen. */
export function toMapping(): void {
  if (!wizard.preview || !wizard.channel) return;
  wizard.error = "";
  wizard.step = 1;
}

/** Step 2 → 1. */
export function backToFile(): void {
  wizard.error = "";
  wizard.step = 0;
}

/** Step 2 → 3: runs the import with the chosen mapping and channel, then shows the result. */
export async function runImport(): Promise<void> {
  const p = wizard.preview;
  const channel = wizard.channel;
  if (!p || !channel || wizard.running) return;
  if (missingRequired(p.fields, wizard.mapping).length > 0) return;
  wizard.error = "";
  wizard.outcome = null;
  wizard.done = 0;
  wizard.total = p.totalRows;
  wizard.cancelling = false;
  wizard.running = true;
  wizard.step = 2;
  const unlisten = await onImportProgress((pr) => {
    wizard.done = pr.done;
    wizard.total = pr.total;
  });
  try {
    wizard.outcome = await importBatch({ file: p.file, channel, mapping: mappingChoices(wizard.mapping) });
    wizard.step = 3;
  } catch (e) {
    wizard.error = toApiError(e).message;
  } finally {
    unlisten();
    wizard.running = false;
    wizard.cancelling = false;
  }
}

/** Step 3: asks the running import to stop after its current rows. */
export async function cancelRunning(): Promise<void> {
  if (!wizard.running || wizard.cancelling) return;
  wizard.cancelling = true;
  try {
    await cancelImport();
  } catch (e) {
    wizard.cancelling = false;
    wizard.error = toApiError(e).message;
  }
}

/** Step 4: opens the report in the spreadsheet program. */
export async function openReport(): Promise<void> {
  const report = wizard.outcome?.report;
  if (!report) return;
  try {
    await openImportReport(report);
  } catch (e) {
    wizard.error = toApiError(e).message;
  }
}

/** Step 4: saves a copy of the report where the user picks. */
export async function saveReport(): Promise<void> {
  const report = wizard.outcome?.report;
  if (!report) return;
  const to = await pickSavePath("另存导入报告", reportFileName(wizard.preview), [
    { name: "Excel 工作簿", extensions: ["xlsx"] },
  ]);
  if (!to) return;
  try {
    await saveImportReport(report, to);
    wizard.error = "";
    showSuccess(`导入报告已保存到 ${to}`);
  } catch (e) {
    wizard.error = toApiError(e).message;
  }
}
