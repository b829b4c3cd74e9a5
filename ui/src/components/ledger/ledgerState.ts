// The tracking ledger's filter and page, kept while the user visits other pages.
import { reactive } from "vue";
import { defaultLedgerFilter } from "../../api/work";
import type { LedgerFilter } from "../../bindings/LedgerFilter";
import type { LedgerRow } from "../../bindings/LedgerRow";

export const ledgerFilter = reactive<LedgerFilter>(defaultLedgerFilter());

/** Back to the defaults (tests, or a "reset" button). */
export function resetLedgerFilter(): void {
  Object.assign(ledgerFilter, defaultLedgerFilter());
}

/** Whether a line's next check date has come (on or before `today`, YYYY-MM-DD) and it is still open. */
export function checkDue(row: Pick<LedgerRow, "nextCheckDate" | "resolvedAt">, today: string): boolean {
  return !row.resolvedAt && !!row.nextCheckDate && row.nextCheckDate <= today;
}

/** Whether progress may still be reported on a line (not yet resolved, appeal not finished). */
export function mayReportProgress(row: Pick<LedgerRow, "resolvedAt" | "status">): boolean {
  return !row.resolvedAt && row.status !== "closed" && row.status !== "merged";
}
