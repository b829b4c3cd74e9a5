// 大字模式: one tap makes every text on the portal larger (the root font size and Vant's size
// variables follow the `large` class, styles/portal.css); remembered in localStorage so that the
// next visit opens the same way.
import { ref } from "vue";

const KEY = "minyi.portal.largeText";

function stored(): boolean {
  try {
    return localStorage.getItem(KEY) === "1";
  } catch {
    return false;
  }
}

const large = ref(stored());

function apply(on: boolean): void {
  document.documentElement.classList.toggle("large", on);
  document.body.classList.toggle("large", on);
}

/** Applies the stored choice (call once before mounting, so the page never jumps). */
export function applyLargeText(): void {
  large.value = stored();
  apply(large.value);
}

export function useLargeText() {
  function toggle(): void {
    large.value = !large.value;
    try {
      localStorage.setItem(KEY, large.value ? "1" : "0");
    } catch {
      // Private browsing without storage: the choice still holds until the page is closed.
    }
    apply(large.value);
  }
  return { large, toggle };
}
