// Files dragged from the file manager onto the window. Tauri delivers them as paths (the web
// page's own drop event carries no path), the same kind of reference the file dialog gives, so a
// dropped file goes through the same add_attachment path as a picked one — in 单机 mode the path
// is read here, in 联网 mode minyi-client uploads it first.
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { inTauri } from "./core";

export type DropState = "over" | "leave";

/** Calls `onDrop` with the paths of files dropped on the window, `onHover` while files are held
 * over it; resolves to the function that stops listening. Outside Tauri nothing is delivered. */
export async function onFilesDropped(onDrop: (paths: string[]) => void, onHover: (s: DropState) => void = () => {}): Promise<() => void> {
  if (!inTauri()) return () => {};
  return getCurrentWebview().onDragDropEvent((e) => {
    const p = e.payload;
    if (p.type === "drop") {
      onHover("leave");
      if (p.paths.length) onDrop(p.paths);
    } else if (p.type === "leave") onHover("leave");
    else onHover("over");
  });
}
