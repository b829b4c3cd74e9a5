// Native file dialogs (plugin-dialog), wrapped here so views never talk to Tauri directly. An
// end-to-end scenario may queue the answers instead (the one test seam; see queuedAnswer).
import { open, save } from "@tauri-apps/plugin-dialog";
import { inTauri } from "./core";

export type FileFilter = { name: string; extensions: string[] };

declare global {
  interface Window {
    /** Answers queued by an end-to-end scenario (WebDriver cannot reach the system's dialogs);
     * each dialog takes the first. Nothing in the app writes it. */
    __MINYI_E2E_DIALOG_ANSWERS__?: (string | null)[];
  }
}

/** The next queued answer, or undefined when none is queued (the real dialog opens). */
function queuedAnswer(): string | null | undefined {
  const q = typeof window !== "undefined" ? window.__MINYI_E2E_DIALOG_ANSWERS__ : undefined;
  return q && q.length > 0 ? q.shift() : undefined;
}

/** Asks for one existing file; resolves to its path, or null when cancelled. */
export async function pickFile(title: string, filters: FileFilter[] = []): Promise<string | null> {
  const queued = queuedAnswer();
  if (queued !== undefined) return queued;
  if (!inTauri()) return null;
  const chosen = await open({ title, multiple: false, directory: false, filters });
  return typeof chosen === "string" ? chosen : null;
}

/** Asks where to save a file; resolves to the path, or null when cancelled. */
export async function pickSavePath(title: string, defaultPath: string, filters: FileFilter[] = []): Promise<string | null> {
  const queued = queuedAnswer();
  if (queued !== undefined) return queued;
  if (!inTauri()) return null;
  return (await save({ title, defaultPath, filters })) ?? null;
}
