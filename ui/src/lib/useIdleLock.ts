// The window's idle lock as the window sees it: it reports the user's input to Rust (keyboard,
// mouse, touch; at most once per half minute), shows the lock screen when Rust says the window is
// locked — on any call answered `window_locked`, or when its own timer runs out and Rust confirms —
// and unlocks with the password. Rust decides (src-tauri → minyi-service's idle_lock): the timer
// here only draws the lock in time, and a screen reloading by itself never counts as input. In 联网
// mode the same lock covers the page when the server no longer knows the session (restarted):
// the password signs in again there, and the page underneath keeps what was typed.
import { onBeforeUnmount, onMounted, reactive } from "vue";
import { onWindowLocked, toApiError } from "../api/core";
import { announceDataChanged, onSessionEnded, type UnlistenFn } from "../api/events";
import { idleState, lockWindow, reportInput, signOut, unlockWindow } from "../api/session";
import type { IdleState } from "../bindings/IdleState";
import { showError } from "./notify";
import { setSession } from "./session";

/** How often input is reported at most. */
export const REPORT_EVERY_MS = 30_000;

/** The longest delay setTimeout keeps (2^31 − 1 ms); a longer one fires at once. */
const MAX_TIMER_MS = 2_147_483_647;

/** The events that count as the user using the window. */
export const INPUT_EVENTS = ["keydown", "pointerdown", "pointermove", "wheel", "touchstart"] as const;

/** The lock screen's state, one for the window. */
export const idleLock = reactive({
  locked: false,
  /** The lock screen's message under the password ("" when none). */
  error: "",
  /** Why the window is locked, when not the idle time (Rust's sentence; "" for the idle time). */
  reason: "",
  unlocking: false,
});

/** Locks the window at once (the user leaves the desk; the 锁定 button of the top bar). */
export async function lockNow(): Promise<void> {
  try {
    await lockWindow();
  } finally {
    idleLock.locked = true;
  }
}

/** Calls `report` on the first input, then at most once per `everyMs`: input within the interval
 * is reported once at its end, so Rust's clock is never behind the user's last input by more
 * than the interval (and the lock never comes early because of the throttle). */
export function throttleInput(report: () => void, everyMs = REPORT_EVERY_MS) {
  let last = -Infinity;
  let trailing: ReturnType<typeof setTimeout> | null = null;
  return {
    input(): void {
      const now = Date.now();
      if (now - last >= everyMs) {
        last = now;
        report();
      } else if (trailing === null) {
        trailing = setTimeout(() => {
          trailing = null;
          last = Date.now();
          report();
        }, last + everyMs - now);
      }
    },
    stop(): void {
      if (trailing !== null) clearTimeout(trailing);
      trailing = null;
    },
  };
}

/** What the lock screen does, for the frame that shows it. `leave` goes to the sign-in page (after
 * switching user, or when wrong passwords locked the account). */
export function useIdleLock(leave: (switchUser: boolean) => void) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  let unlistenEnded: UnlistenFn | null = null;

  function lock(reason = ""): void {
    if (!idleLock.locked || reason) idleLock.reason = reason;
    idleLock.locked = true;
    clearTimer();
  }

  function clearTimer(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  }

  /** Follows Rust's answer: locked now, or a timer for when it will be. */
  function follow(s: IdleState): void {
    if (stopped) return;
    if (s.locked) return lock();
    clearTimer();
    // A second late, so that Rust agrees when the timer asks. At most the longest delay a timer
    // takes (about 24 days): 联网 mode answers "never" as a huge number of seconds, and a longer
    // delay wraps around to zero, which would ask Rust again at once, forever.
    timer = setTimeout(check, Math.min((s.remainingSeconds + 1) * 1000, MAX_TIMER_MS));
  }

  async function check(): Promise<void> {
    try {
      follow(await idleState());
    } catch {
      // A refused call shows the lock by itself (onWindowLocked); anything else waits for the
      // next input or call.
    }
  }

  const reporter = throttleInput(() => {
    if (idleLock.locked) return;
    reportInput().then(follow, () => undefined);
  });

  function onInput(): void {
    if (!idleLock.locked) reporter.input();
  }

  async function unlock(password: string): Promise<boolean> {
    if (!password) {
      idleLock.error = "请输入密码。";
      return false;
    }
    idleLock.unlocking = true;
    idleLock.error = "";
    try {
      const info = await unlockWindow(password);
      setSession(info);
      idleLock.locked = false;
      idleLock.reason = "";
      void check();
      void announceDataChanged();
      return true;
    } catch (e) {
      const err = toApiError(e);
      if (err.code === "locked" || err.code === "not_signed_in") {
        // The session has ended (the account is locked now, or may no longer sign in).
        idleLock.locked = false;
        setSession(null);
        leave(false);
        showError(err);
      }
      idleLock.error = err.message;
      return false;
    } finally {
      idleLock.unlocking = false;
    }
  }

  async function switchUser(): Promise<void> {
    try {
      await signOut();
    } catch {
      // Leaving anyway: the sign-in page replaces the session.
    }
    idleLock.locked = false;
    idleLock.error = "";
    idleLock.reason = "";
    setSession(null);
    leave(true);
  }

  onMounted(() => {
    stopped = false;
    onWindowLocked(lock);
    for (const e of INPUT_EVENTS) window.addEventListener(e, onInput, { passive: true, capture: true });
    void onSessionEnded((message) => lock(message)).then((off) => {
      if (stopped) off();
      else unlistenEnded = off;
    });
    void check();
  });

  onBeforeUnmount(() => {
    stopped = true;
    onWindowLocked(null);
    unlistenEnded?.();
    unlistenEnded = null;
    for (const e of INPUT_EVENTS) window.removeEventListener(e, onInput, { capture: true });
    reporter.stop();
    clearTimer();
    idleLock.locked = false;
    idleLock.error = "";
    idleLock.reason = "";
  });

  return { unlock, switchUser };
}
