// The state of an analysis page's filter row and the period text shown above its figures.
import type { Category } from "../bindings/Category";
import type { Channel } from "../bindings/Channel";
import type { Period } from "../bindings/Period";
import { formatDateText } from "./format";
import { presetPeriod, type PeriodPreset } from "./periods";

export type AnalysisFilterState = {
  preset: PeriodPreset | null;
  range: [string, string] | null;
  category: Category | null;
  channel: Channel | null;
  departmentId: number | null;
};

/** This month to date, nothing else chosen. */
export function defaultAnalysisFilter(): AnalysisFilterState {
  const p = presetPeriod("thisMonth");
  return { preset: "thisMonth", range: [p.from, p.to], category: null, channel: null, departmentId: null };
}

/** "2026年11月1日至2026年11月29日，对比上期 …". */
export function periodText(p: Period, previous: Period): string {
  return `${formatDateText(p.from)}至${formatDateText(p.to)}，对比上期 ${formatDateText(previous.from)}至${formatDateText(previous.to)}`;
}
