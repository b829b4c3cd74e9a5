// The bell's desktop notifications (issue 20 §8): a reminder that arrives while the window is not
// focused is also shown by the system, through Tauri's notification plugin. The switch is a
// preference of this desk, stored in localStorage (设置 → 显示), on unless turned off.
//
// A notification never blocks or fails the window: it is fire-and-forget, any error (no
// notification service on the machine, as in the headless test runs) is swallowed, and the text
// carries the registration number and what happened, never the subject or a name (a notification
// may show on a locked screen).
import { sendNotification } from "@tauri-apps/plugin-notification";
import { inTauri } from "../api/core";
import type { Reminder } from "../bindings/Reminder";

const KEY = "minyi.desktopNotifications";

export function desktopNotificationsOn(): boolean {
  try {
    return localStorage.getItem(KEY) !== "0";
  } catch {
    return true;
  }
}

export function setDesktopNotifications(on: boolean): void {
  try {
    localStorage.setItem(KEY, on ? "1" : "0");
  } catch {
    // Storage unavailable: nothing to remember.
  }
}

/** The text of a reminder's notification: no personal data. */
export function notificationText(r: Reminder): { title: string; body: string } {
  return { title: "民意诉求提醒", body: `${r.regNumber} ${r.text}` };
}

/** Whether to notify now: switched on, in the desktop app, and the window not focused. */
export function shouldNotify(): boolean {
  return desktopNotificationsOn() && inTauri() && !document.hasFocus();
}

/** Shows one system notification per reminder (at most three, then a summary). */
export function notify(fresh: Reminder[]): void {
  if (fresh.length === 0 || !shouldNotify()) return;
  const shown = fresh.length > 3 ? [] : fresh.map(notificationText);
  if (fresh.length > 3) shown.push({ title: "民意诉求提醒", body: `您有 ${fresh.length} 条新提醒，请打开系统查看。` });
  for (const n of shown) {
    try {
      sendNotification(n);
    } catch {
      // No notification service: the bell still shows it.
    }
  }
}
