// The larger-text preference (settings): stored in localStorage, applied by scaling the root
// font-size, which every size in the UI (including Element Plus's, see styles/base.css) follows.

const KEY = "minyi.largeText";

/** Root font-size in px for normal and larger text. */
export const NORMAL_ROOT_PX = 16;
export const LARGE_ROOT_PX = 18;

export function rootFontSize(large: boolean): number {
  return large ? LARGE_ROOT_PX : NORMAL_ROOT_PX;
}

export function isLargeText(): boolean {
  try {
    return localStorage.getItem(KEY) === "1";
  } catch {
    return false;
  }
}

/** Applies the stored preference to the document (call once at start-up). */
export function applyLargeText(large: boolean = isLargeText()): void {
  document.documentElement.style.fontSize = `${rootFontSize(large)}px`;
  document.documentElement.classList.toggle("large-text", large);
}

/** Stores and applies the preference. */
export function setLargeText(large: boolean): void {
  try {
    localStorage.setItem(KEY, large ? "1" : "0");
  } catch {
    // Storage unavailable: the change still applies for this run.
  }
  applyLargeText(large);
}
