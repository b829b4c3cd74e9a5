// Analysis: statistics and hot spots for a period, and the appeals behind a figure
// (minyi-service, commands/analysis.rs → minyi-analysis).
import { call } from "./core";
import type { AppealRow } from "../bindings/AppealRow";
import type { ExportOutcome } from "../bindings/ExportOutcome";
import type { HotspotQuery } from "../bindings/HotspotQuery";
import type { Hotspots } from "../bindings/Hotspots";
import type { Page } from "../bindings/Page";
import type { Statistics } from "../bindings/Statistics";
import type { StatsQuery } from "../bindings/StatsQuery";
import type { WeakLinks } from "../bindings/WeakLinks";

export function statistics(query: StatsQuery): Promise<Statistics> {
  return call("statistics", { query });
}

export function hotspots(query: HotspotQuery): Promise<Hotspots> {
  return call("hotspots", { query });
}

/** A page of the list rows of `ids` (the appeals behind a figure), in that order. */
export function appealRows(ids: number[], page: number, pageSize: number): Promise<Page<AppealRow>> {
  return call("appeal_rows", { ids, page, pageSize });
}

/** Writes the statistics workbook of `query` (with native charts); with `saveTo` it is saved there,
 * otherwise it goes to the data folder's exports/ and opens in the spreadsheet program. */
export function exportStats(query: StatsQuery, saveTo: string | null = null): Promise<ExportOutcome> {
  return call("export_stats", { query }, saveTo);
}

/** The weak links (薄弱环节) of `query`: departments and stages, weakest first, with their reasons. */
export function weakLinks(query: StatsQuery): Promise<WeakLinks> {
  return call("weak_links", { query });
}
