// Session: first-run set-up, sign-in and sign-out (the desktop's own commands, src-tauri's
// commands.rs), and the password change (minyi-service).
import { call, callDesktop } from "./core";
import type { AppStatus } from "../bindings/AppStatus";
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
