// Native file dialogs (plugin-dialog), wrapped here so views never talk to Tauri directly.
import { open, save } from "@tauri-apps/plugin-dialog";
import { inTauri } from "./core";

export type FileFilter = { name: string; extensions: string[] };

/** Asks for one existing file; resolves to its path, or null when cancelled. */
export async function pickFile(title: string, filters: FileFilter[] = []): Promise<string | null> {
  if (!inTauri()) return null;
  const chosen = await open({ title, multiple: false, directory: false, filters });
  return typeof chosen === "string" ? chosen : null;
}

/** Asks where to save a file; resolves to the path, or null when cancelled. */
export async function pickSavePath(title: string, defaultPath: string, filters: FileFilter[] = []): Promise<string | null> {
  if (!inTauri()) return null;
  return (await save({ title, defaultPath, filters })) ?? null;
}
