// 信息公开 (minyi-service, commands/analysis.rs and exports.rs): what would be
// published for a period, and the report written as PDF, Excel or a web page.
import { call } from "./core";
import type { DisclosureDocument } from "../bindings/DisclosureDocument";
import type { DisclosureFormat } from "../bindings/DisclosureFormat";
import type { ExportOutcome } from "../bindings/ExportOutcome";
import type { Period } from "../bindings/Period";
import type { PublishedReport } from "../bindings/PublishedReport";

export function disclosurePreview(period: Period): Promise<DisclosureDocument> {
  return call("disclosure_preview", { period });
}

/** Writes the report; with `saveTo` it is saved there, otherwise it goes to the data folder's
 * exports/ and opens in the program for that kind of file. */
export function exportDisclosure(period: Period, format: DisclosureFormat, saveTo: string | null = null): Promise<ExportOutcome> {
  return call("export_disclosure", { period, format }, saveTo);
}

/** Publishes the period's report on the office server's public portal (信息公开 list); the same
 * period published again replaces its report. */
export function publishDisclosure(period: Period): Promise<PublishedReport> {
  return call("publish_disclosure", { period });
}
