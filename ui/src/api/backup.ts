// Backups and restore (minyi-service, commands/backup.rs): the administrator's.
import { call } from "./core";
import type { BackupFailure } from "../bindings/BackupFailure";
import type { BackupInfo } from "../bindings/BackupInfo";
import type { BackupOverview } from "../bindings/BackupOverview";
import type { CheckReport } from "../bindings/CheckReport";
import type { RestoreOutcome } from "../bindings/RestoreOutcome";

/** The backups (newest first), where they are, how many are kept and the last outcome. */
export function listBackups(): Promise<BackupOverview> {
  return call("list_backups", {});
}

/** Backs up now; resolves to the new (checked) backup. */
export function backupNow(): Promise<BackupInfo> {
  return call("backup_now", {});
}

/** Restores the backup `name`; the current data is kept aside. */
export function restoreBackup(name: string): Promise<RestoreOutcome> {
  return call("restore_backup", { name });
}

/** The last backup failure, for whoever may back up (null otherwise or when all is well). */
export function backupAlert(): Promise<BackupFailure | null> {
  return call("backup_alert", {});
}

/** The full integrity check of the office's database (administrators): problems, or none. */
export function checkIntegrity(): Promise<CheckReport> {
  return call("check_integrity", {});
}
