// The signed-in session and what it may do. The window shows only pages and buttons the session's
// permissions allow; Rust checks every call again, so this is a convenience, never the rule.
import { reactive } from "vue";
import { appStatus, startupStatus } from "../api/session";
import type { Action } from "../bindings/Action";
import type { AppStatus } from "../bindings/AppStatus";
import type { SessionInfo } from "../bindings/SessionInfo";

export const APP_NAME = "民意诉求管理系统";

type SessionState = {
  /** Whether app_status has been asked at least once. */
  loaded: boolean;
  needsSetup: boolean;
  orgName: string;
  session: SessionInfo | null;
  /** Why the app status could not be read at start-up ("" when it could). */
  startupError: string;
  /** Seconds the database upgrade has run so far, while an older file is being upgraded. */
  upgradingSeconds: number | null;
};

/** The reactive session; read it in templates, change it only through the functions below. */
export const sessionState = reactive<SessionState>({
  loaded: false,
  needsSetup: false,
  orgName: "",
  session: null,
  startupError: "",
  upgradingSeconds: null,
});

/** Waits until Rust has the database open: a file from an older version is upgraded after the
 * window appears, which can take minutes on a big file; meanwhile App.vue shows how long it has
 * run. Throws (with Rust's Chinese message) when the upgrade failed. */
export async function waitForDatabase(pollMs = 1000): Promise<void> {
  try {
    for (;;) {
      const s = await startupStatus();
      if (s.phase === "ready") return;
      if (s.phase === "failed") throw new Error(s.message ?? "数据库升级失败，数据未被改动。请重新启动程序。");
      sessionState.upgradingSeconds = s.seconds;
      await new Promise((r) => setTimeout(r, pollMs));
    }
  } finally {
    sessionState.upgradingSeconds = null;
  }
}

/** Takes the app status from Rust (start-up, after set-up). */
export function applyAppStatus(s: AppStatus): void {
  sessionState.loaded = true;
  sessionState.needsSetup = s.needsSetup;
  sessionState.orgName = s.orgName;
  sessionState.session = s.session;
}

/** Asks Rust for the app status and applies it. */
export async function loadAppStatus(): Promise<AppStatus> {
  const s = await appStatus();
  applyAppStatus(s);
  return s;
}

/** Records a new sign-in (or sign-out with null). */
export function setSession(s: SessionInfo | null): void {
  sessionState.session = s;
  if (s) {
    sessionState.needsSetup = false;
    sessionState.orgName = s.orgName || sessionState.orgName;
  }
}

/** Whether `session` holds `action` (pure, for tests and guards). */
export function hasPermission(session: SessionInfo | null | undefined, action: Action): boolean {
  return !!session && session.permissions.includes(action);
}

/** Whether `session` holds at least one of `actions`; an empty list means "anyone signed in". */
export function hasAny(session: SessionInfo | null | undefined, actions: readonly Action[]): boolean {
  if (!session) return false;
  return actions.length === 0 || actions.some((a) => session.permissions.includes(a));
}

/** Whether the signed-in user sees personal data in full: their role allows it and their
 * confidentiality agreement is on file (Rust checks both again on every call). */
export function maySeePersonalData(): boolean {
  return can("viewPersonalData") && !!sessionState.session?.agreementSignedOn;
}

/** Whether the signed-in user may take `action`. */
export function can(action: Action): boolean {
  return hasPermission(sessionState.session, action);
}

/** Whether the signed-in user may take any of `actions`. */
export function canAny(...actions: Action[]): boolean {
  return hasAny(sessionState.session, actions);
}

/** "民意诉求管理系统 — 张三（办公室）", or just the app name when nobody is signed in. */
export function windowTitle(session: SessionInfo | null | undefined): string {
  if (!session) return APP_NAME;
  return `${APP_NAME} — ${session.displayName}（${session.departmentName}）`;
}

/** The roles as one line, e.g. "诉求管理员、系统管理员", using `labelOf` for each code. */
export function roleText(session: SessionInfo | null | undefined, labelOf: (code: string) => string): string {
  return session ? session.roles.map(labelOf).join("、") : "";
}
