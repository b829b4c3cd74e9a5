// Files dragged from the file manager onto the window. Tauri delivers them as paths (the web
// page's own drop event carries no path), the same kind of reference the file dialog gives, so a
// dropped file goes through the same add_attachment path as a picked one — in 单机 mode the path
// is read here, in 联网 mode minyi-client uploads it first.
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { inTauri } from "./core";

export type DropState = "over" | "leave";
/** Where files were dropped, in CSS pixels of the page. */
export type DropPoint = { x: number; y: number };

/** Calls `onDrop` with the paths of files dropped on the window, `onHover` while files are held
 * over it; resolves to the function that stops listening. Outside Tauri nothing is delivered. */
export async function onFilesDropped(
  onDrop: (paths: string[], at: DropPoint) => void,
  onHover: (s: DropState, at: DropPoint | null) => void = () => {},
): Promise<() => void> {
  if (!inTauri()) return () => {};
  return getCurrentWebview().onDragDropEvent((e) => {
    const p = e.payload;
    const ratio = window.devicePixelRatio || 1;
    const at = (pos: { x: number; y: number }): DropPoint => ({ x: pos.x / ratio, y: pos.y / ratio });
    if (p.type === "drop") {
      onHover("leave", null);
      if (p.paths.length) onDrop(p.paths, at(p.position));
    } else if (p.type === "leave") onHover("leave", null);
    else onHover("over", at(p.position));
  });
}

/** Whether a drop point (CSS pixels of the page) is over `el`. */
export function isOver(el: Element | null | undefined, at: DropPoint | null): boolean {
  if (!el || !at) return false;
  const r = el.getBoundingClientRect();
  return at.x >= r.left && at.x <= r.right && at.y >= r.top && at.y <= r.bottom;
}
