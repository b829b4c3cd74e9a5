// The quick periods of the analysis pages (本月, 上月, 本季度, 本年, 近30天) as inclusive
// YYYY-MM-DD pairs, computed from the office's calendar date so a test can pin "today". The
// current month, quarter and year end today (to date): days not yet come would only draw empty
// trend points and lower every rate's denominator-free counts.
import type { Period } from "../bindings/Period";
import { toIsoDate } from "./format";

export type PeriodPreset = "thisMonth" | "lastMonth" | "thisQuarter" | "thisYear" | "last30";

export const PRESETS: readonly { key: PeriodPreset; label: string }[] = [
  { key: "thisMonth", label: "本月" },
  { key: "lastMonth", label: "上月" },
  { key: "thisQuarter", label: "本季度" },
  { key: "thisYear", label: "本年" },
  { key: "last30", label: "近30天" },
];

const day = (y: number, m: number, d: number) => toIsoDate(new Date(y, m, d));

/** The dates of a preset, relative to `today`. */
export function presetPeriod(key: PeriodPreset, today: Date = new Date()): Period {
  const y = today.getFullYear();
  const m = today.getMonth();
  const now = toIsoDate(today);
  switch (key) {
    case "thisMonth":
      return { from: day(y, m, 1), to: now };
    case "lastMonth":
      return { from: day(y, m - 1, 1), to: day(y, m, 0) };
    case "thisQuarter": {
      const q = Math.floor(m / 3) * 3;
      return { from: day(y, q, 1), to: now };
    }
    case "thisYear":
      return { from: day(y, 0, 1), to: now };
    case "last30":
      return { from: day(y, m, today.getDate() - 29), to: now };
  }
}
