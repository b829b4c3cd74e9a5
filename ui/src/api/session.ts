// Session: first-run set-up, sign-in and sign-out, the idle lock of the window (the desktop's own
// commands, src-tauri's commands.rs), and the password change (minyi-service).
import { call, callDesktop } from "./core";
import type { AppStatus } from "../bindings/AppStatus";
import type { IdleState } from "../bindings/IdleState";
import type { SessionInfo } from "../bindings/SessionInfo";
import type { SetupInput } from "../bindings/SetupInput";
import type { StartupStatus } from "../bindings/StartupStatus";

/** Whether the database is open yet; an older file is upgraded after the window appears. */
export function startupStatus(): Promise<StartupStatus> {
  return callDesktop<StartupStatus>("startup_status");
}

export function appStatus(): Promise<AppStatus> {
  return callDesktop<AppStatus>("app_status");
}

/** Creates the organisation and its administrator and signs them in. */
export function setup(input: SetupInput): Promise<SessionInfo> {
  return callDesktop<SessionInfo>("setup", { input });
}

export function signIn(username: string, password: string): Promise<SessionInfo> {
  return callDesktop<SessionInfo>("sign_in", { username, password });
}

export function signOut(): Promise<void> {
  return callDesktop<void>("sign_out");
}

export async function changePassword(old: string, newPassword: string): Promise<void> {
  await call("change_password", { old, new: newPassword });
}

/** The user used the window: the idle lock's deadline moves (rejects with `window_locked` once it
 * has passed: input does not unlock). */
export function reportInput(): Promise<IdleState> {
  return callDesktop<IdleState>("report_input");
}

/** Whether the window is locked, and how long until it locks. */
export function idleState(): Promise<IdleState> {
  return callDesktop<IdleState>("idle_state");
}

/** Locks the window now (the user leaves the desk). */
export function lockWindow(): Promise<void> {
  return callDesktop<void>("lock_window");
}

/** Unlocks the window with the signed-in user's password. */
export function unlockWindow(password: string): Promise<SessionInfo> {
  return callDesktop<SessionInfo>("unlock", { password });
}
