// The security log (安全日志), the personal-data access log (个人信息访问记录) and the quick
// check of their chains for the workbench (minyi-service, commands/audit.rs). Administrators only.
import { call } from "./core";
import type { AccessLogFilter } from "../bindings/AccessLogFilter";
import type { AccessLogPage } from "../bindings/AccessLogPage";
import type { ExportOutcome } from "../bindings/ExportOutcome";
import type { SecurityLogFilter } from "../bindings/SecurityLogFilter";
import type { SecurityLogPage } from "../bindings/SecurityLogPage";

export function securityLog(filter: SecurityLogFilter, offset: number, limit: number): Promise<SecurityLogPage> {
  return call("security_log", { filter, offset, limit });
}

export function accessLog(filter: AccessLogFilter, offset: number, limit: number): Promise<AccessLogPage> {
  return call("access_log", { filter, offset, limit });
}

/** The problems of the quick chain check; empty when all is well or the user is no administrator. */
export function integrityNotice(): Promise<string[]> {
  return call("integrity_notice", {});
}

/** The security log of `filter` as an Excel workbook (into exports/, or `saveTo`). */
export function exportSecurityLog(filter: SecurityLogFilter, saveTo: string | null = null): Promise<ExportOutcome> {
  return call("export_security_log", { filter }, saveTo);
}

/** The access log of `filter` as an Excel workbook. */
export function exportAccessLog(filter: AccessLogFilter, saveTo: string | null = null): Promise<ExportOutcome> {
  return call("export_access_log", { filter }, saveTo);
}
