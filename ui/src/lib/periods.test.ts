// The quick periods: calendar months, quarters and years up to today, and the month before.
import { describe, expect, it } from "vitest";
import { presetPeriod } from "./periods";

const today = new Date(2026, 10, 28); // 2026-11-28
const early = new Date(2026, 0, 10); // 2026-01-10

describe("quick periods", () => {
  it("end today for the current month, quarter and year", () => {
    expect(presetPeriod("thisMonth", today)).toEqual({ from: "2026-11-01", to: "2026-11-28" });
    expect(presetPeriod("thisQuarter", today)).toEqual({ from: "2026-10-01", to: "2026-11-28" });
    expect(presetPeriod("thisYear", today)).toEqual({ from: "2026-01-01", to: "2026-11-28" });
  });
  it("take the whole previous month, across a year end", () => {
    expect(presetPeriod("lastMonth", today)).toEqual({ from: "2026-10-01", to: "2026-10-31" });
    expect(presetPeriod("lastMonth", early)).toEqual({ from: "2025-12-01", to: "2025-12-31" });
  });
  it("count thirty days including today", () => {
    expect(presetPeriod("last30", today)).toEqual({ from: "2026-10-30", to: "2026-11-28" });
    expect(presetPeriod("last30", early)).toEqual({ from: "2025-12-12", to: "2026-01-10" });
  });
});
