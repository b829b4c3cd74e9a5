// Administration: departments, users, settings, the working-day calendar (minyi-service,
// commands/admin.rs).
import { call } from "./core";
import type { CalendarChange } from "../bindings/CalendarChange";
import type { CalendarYear } from "../bindings/CalendarYear";
import type { Department } from "../bindings/Department";
import type { GrantStatus } from "../bindings/GrantStatus";
import type { NewUser } from "../bindings/NewUser";
import type { PendingGrants } from "../bindings/PendingGrants";
import type { Role } from "../bindings/Role";
import type { SettingRow } from "../bindings/SettingRow";
import type { UserRecord } from "../bindings/UserRecord";

export function departments(): Promise<Department[]> {
  return call("departments", {});
}

/** Resolves to the new department's id. */
export function addDepartment(name: string): Promise<number> {
  return call("add_department", { name });
}

export async function updateDepartment(id: number, name: string, active: boolean): Promise<void> {
  await call("update_department", { id, name, active });
}

export function users(): Promise<UserRecord[]> {
  return call("users", {});
}

/** Resolves to the new user's id. */
export function createUser(user: NewUser): Promise<number> {
  return call("create_user", { user });
}

export async function updateUser(
  id: number,
  displayName: string,
  departmentId: number,
  roles: Role[],
  active: boolean,
): Promise<void> {
  await call("update_user", { id, displayName, departmentId, roles, active });
}

/** Records (or with null clears) the date the user signed the confidentiality agreement. */
export async function recordAgreement(userId: number, signedOn: string | null): Promise<void> {
  await call("record_agreement", { userId, signedOn });
}

/** The personal-data grants waiting for a second administrator, and who may decide which. */
export function pendingGrants(): Promise<PendingGrants> {
  return call("pending_grants", {});
}

/** How many personal-data grants wait (0 for anyone but an administrator). */
export function pendingGrantCount(): Promise<number> {
  return call("pending_grant_count", {});
}

/** Resolves to "confirmed", or "void" when the account changed since the request. */
export function confirmGrant(id: number): Promise<GrantStatus> {
  return call("confirm_grant", { id });
}

export async function rejectGrant(id: number): Promise<void> {
  await call("reject_grant", { id });
}

export async function resetPassword(userId: number, password: string): Promise<void> {
  await call("reset_password", { userId, password });
}

export function settings(): Promise<SettingRow[]> {
  return call("settings", {});
}

export async function setSetting(key: string, value: string): Promise<void> {
  await call("set_setting", { key, value });
}

export function calendarYear(year: number): Promise<CalendarYear> {
  return call("calendar_year", { year });
}

/** Imports a holiday-cn JSON file (path from the file dialog). */
export function calendarImport(path: string): Promise<CalendarChange> {
  return call("calendar_import", { file: path });
}

export function calendarSetDay(date: string, isOffDay: boolean, name: string): Promise<CalendarChange> {
  return call("calendar_set_day", { date, isOffDay, name });
}

export function calendarClearDay(date: string): Promise<CalendarChange> {
  return call("calendar_clear_day", { date });
}
