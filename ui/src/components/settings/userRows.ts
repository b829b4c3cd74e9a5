// The users tab's logic: which accounts are listed, lock status text, and who has not signed the
// confidentiality agreement.
import type { UserRecord } from "../../bindings/UserRecord";
import { formatDateTime, formatTime, toIsoDate } from "../../lib/format";

/** Accounts people sign in with (the built-in command-line account is left out). */
export function listedUsers(users: UserRecord[]): UserRecord[] {
  return users.filter((u) => u.canSignIn);
}

/** Active people without a signed agreement: they see appellant data masked. */
export function unsigned(users: UserRecord[]): UserRecord[] {
  return users.filter((u) => u.active && !u.agreementSignedOn);
}

/** "已锁定至 14:35" while locked, "输错 2 次" after failures, "" otherwise. */
export function lockText(u: UserRecord, now: Date = new Date()): string {
  if (u.lockedUntil) {
    const until = Date.parse(u.lockedUntil);
    if (Number.isFinite(until) && until > now.getTime()) {
      const sameDay = u.lockedUntil.slice(0, 10) === toIsoDate(now);
      return `已锁定至 ${sameDay ? formatTime(u.lockedUntil) : formatDateTime(u.lockedUntil)}`;
    }
  }
  return u.failedAttempts > 0 ? `输错 ${u.failedAttempts} 次` : "";
}

export function isLocked(u: UserRecord, now: Date = new Date()): boolean {
  return !!u.lockedUntil && Date.parse(u.lockedUntil) > now.getTime();
}
