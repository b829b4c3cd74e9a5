// Pins how dates, times and numbers look (UI.md "Type and dates").
import { describe, expect, it } from "vitest";
import {
  formatBytes,
  formatDate,
  formatDateText,
  formatDateTime,
  formatDateTimeText,
  formatNumber,
  formatPercent,
  formatShare,
  formatTime,
  toIsoDate,
  toRfc3339Cst,
} from "./format";

describe("dates", () => {
  it("writes text dates in Chinese without zero padding", () => {
    expect(formatDateText("2026-11-27")).toBe("2026年11月27日");
    expect(formatDateText("2026-12-03")).toBe("2026年12月3日");
    expect(formatDateText("2026-12-03T09:05:00+08:00")).toBe("2026年12月3日");
  });
  it("writes table dates as YYYY-MM-DD", () => {
    expect(formatDate("2026-11-27")).toBe("2026-11-27");
    expect(formatDate(new Date(2026, 0, 5))).toBe("2026-01-05");
  });
  it("is empty for no date", () => {
    expect(formatDate(null)).toBe("");
    expect(formatDateText(undefined)).toBe("");
    expect(formatDateTime("")).toBe("");
    expect(formatDate("not a date")).toBe("");
  });
  it("reads times as written (CST), 24-hour", () => {
    expect(formatTime("2026-11-27T14:05:09+08:00")).toBe("14:05");
    expect(formatTime("2026-11-27T00:30:00+08:00")).toBe("00:30");
    expect(formatDateTime("2026-11-27T21:07:00+08:00")).toBe("2026-11-27 21:07");
    expect(formatDateTimeText("2026-11-27T08:00:00+08:00")).toBe("2026年11月27日 08:00");
    expect(formatDateTime("2026-11-27")).toBe("2026-11-27");
  });
  it("makes CST RFC 3339 timestamps and ISO dates", () => {
    expect(toRfc3339Cst(new Date("2026-11-20T01:30:00Z"))).toBe("2026-11-20T09:30:00+08:00");
    expect(toRfc3339Cst(new Date("2026-11-20T18:00:00Z"))).toBe("2026-11-21T02:00:00+08:00");
    expect(toIsoDate(new Date(2026, 10, 7))).toBe("2026-11-07");
  });
});

describe("numbers", () => {
  it("groups thousands", () => {
    expect(formatNumber(0)).toBe("0");
    expect(formatNumber(999)).toBe("999");
    expect(formatNumber(1000)).toBe("1,000");
    expect(formatNumber(1234567)).toBe("1,234,567");
    expect(formatNumber(-45678)).toBe("-45,678");
    expect(formatNumber(12345.678, 2)).toBe("12,345.68");
    expect(formatNumber(null)).toBe("—");
    expect(formatNumber(Number.NaN)).toBe("—");
  });
  it("writes percentages with one decimal", () => {
    expect(formatPercent(0.1234)).toBe("12.3%");
    expect(formatPercent(1)).toBe("100.0%");
    expect(formatPercent(0)).toBe("0.0%");
    expect(formatPercent(12.5)).toBe("1,250.0%");
    expect(formatShare(1, 3)).toBe("33.3%");
    expect(formatShare(1, 0)).toBe("—");
  });
  it("writes file sizes", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(2048)).toBe("2 KB");
    expect(formatBytes(2.5 * 1024 * 1024)).toBe("2.5 MB");
  });
});
