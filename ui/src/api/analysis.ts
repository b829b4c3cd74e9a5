// Analysis: statistics for a period (commands/analysis.rs → minyi-analysis).
import { call } from "./core";
import type { Statistics } from "../bindings/Statistics";
import type { StatsQuery } from "../bindings/StatsQuery";

export function statistics(query: StatsQuery): Promise<Statistics> {
  return call<Statistics>("statistics", { query });
}
