// Administration: departments, users, settings, the working-day calendar (commands/admin.rs).
import { call } from "./core";
import type { CalendarChange } from "../bindings/CalendarChange";
import type { CalendarYear } from "../bindings/CalendarYear";
import type { Department } from "../bindings/Department";
import type { NewUser } from "../bindings/NewUser";
import type { Role } from "../bindings/Role";
import type { SettingRow } from "../bindings/SettingRow";
import type { UserRecord } from "../bindings/UserRecord";

export function departments(): Promise<Department[]> {
  return call<Department[]>("departments");
}

/** Resolves to the new department's id. */
export function addDepartment(name: string): Promise<number> {
  return call<number>("add_department", { name });
}

export function updateDepartment(id: number, name: string, active: boolean): Promise<void> {
  return call<void>("update_department", { id, name, active });
}

export function users(): Promise<UserRecord[]> {
  return call<UserRecord[]>("users");
}

/** Resolves to the new user's id. */
export function createUser(user: NewUser): Promise<number> {
  return call<number>("create_user", { user });
}

export function updateUser(
  id: number,
  displayName: string,
  departmentId: number,
  roles: Role[],
  active: boolean,
): Promise<void> {
  return call<void>("update_user", { id, displayName, departmentId, roles, active });
}

/** Records (or with null clears) the date the user signed the confidentiality agreement. */
export function recordAgreement(userId: number, signedOn: string | null): Promise<void> {
  return call<void>("record_agreement", { userId, signedOn });
}

export function resetPassword(userId: number, password: string): Promise<void> {
  return call<void>("reset_password", { userId, password });
}

export function settings(): Promise<SettingRow[]> {
  return call<SettingRow[]>("settings");
}

export function setSetting(key: string, value: string): Promise<void> {
  return call<void>("set_setting", { key, value });
}

export function calendarYear(year: number): Promise<CalendarYear> {
  return call<CalendarYear>("calendar_year", { year });
}

/** Imports a holiday-cn JSON file (path from the file dialog). */
export function calendarImport(path: string): Promise<CalendarChange> {
  return call<CalendarChange>("calendar_import", { path });
}

export function calendarSetDay(date: string, isOffDay: boolean, name: string): Promise<CalendarChange> {
  return call<CalendarChange>("calendar_set_day", { date, isOffDay, name });
}

export function calendarClearDay(date: string): Promise<CalendarChange> {
  return call<CalendarChange>("calendar_clear_day", { date });
}
