// Session commands: first-run set-up, sign-in, sign-out, password change (commands/session.rs).
import { call } from "./core";
import type { AppStatus } from "../bindings/AppStatus";
import type { SessionInfo } from "../bindings/SessionInfo";
import type { SetupInput } from "../bindings/SetupInput";
import type { StartupStatus } from "../bindings/StartupStatus";

/** Whether the database is open yet; an older file is upgraded after the window appears. */
export function startupStatus(): Promise<StartupStatus> {
  return call<StartupStatus>("startup_status");
}

export function appStatus(): Promise<AppStatus> {
  return call<AppStatus>("app_status");
}

/** Creates the organisation and its administrator and signs them in. */
export function setup(input: SetupInput): Promise<SessionInfo> {
  return call<SessionInfo>("setup", { input });
}

export function signIn(username: string, password: string): Promise<SessionInfo> {
  return call<SessionInfo>("sign_in", { username, password });
}

export function signOut(): Promise<void> {
  return call<void>("sign_out");
}

export function changePassword(old: string, newPassword: string): Promise<void> {
  return call<void>("change_password", { old, new: newPassword });
}
