// The app window itself: its title (the only window call the UI makes).
import { getCurrentWindow } from "@tauri-apps/api/window";
import { inTauri } from "./core";

/** Sets the window title; also the document title, so a browser preview shows it too. */
export async function setWindowTitle(title: string): Promise<void> {
  document.title = title;
  if (!inTauri()) return;
  try {
    await getCurrentWindow().setTitle(title);
  } catch (e) {
    console.error("setTitle failed:", e);
  }
}
