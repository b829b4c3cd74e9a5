// Analysis: statistics and hot spots for a period, and the appeals behind a figure
// (commands/analysis.rs → minyi-analysis).
import { call } from "./core";
import type { AppealRow } from "../bindings/AppealRow";
import type { HotspotQuery } from "../bindings/HotspotQuery";
import type { Hotspots } from "../bindings/Hotspots";
import type { Page } from "../bindings/Page";
import type { Statistics } from "../bindings/Statistics";
import type { StatsQuery } from "../bindings/StatsQuery";

export function statistics(query: StatsQuery): Promise<Statistics> {
  return call<Statistics>("statistics", { query });
}

export function hotspots(query: HotspotQuery): Promise<Hotspots> {
  return call<Hotspots>("hotspots", { query });
}

/** A page of the list rows of `ids` (the appeals behind a figure), in that order. */
export function appealRows(ids: number[], page: number, pageSize: number): Promise<Page<AppealRow>> {
  return call<Page<AppealRow>>("appeal_rows", { ids, page, pageSize });
}
