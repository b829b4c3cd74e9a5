// Pins the one status/due colour mapping and the due-date wording.
import { describe, expect, it } from "vitest";
import type { DueFlags } from "../bindings/DueFlags";
import { categoryStyle, dueLabel, statusColor, statusTone, TONE_COLOR } from "./status";

const due = (overdue: boolean, dueSoon: boolean, left: number | null): DueFlags => ({
  overdue,
  dueSoon,
  remainingWorkingDays: left,
});

describe("statusTone", () => {
  it("marks overdue red, due soon orange, waiting grey, done green", () => {
    expect(statusTone("routed", due(true, false, -2))).toBe("danger");
    expect(statusTone("routed", due(false, true, 1))).toBe("warning");
    expect(statusTone("routed", due(false, false, 4))).toBe("info");
    expect(statusTone("registered")).toBe("info");
    expect(statusTone("closed", due(true, false, -3))).toBe("success");
    expect(statusTone("merged")).toBe("info");
  });
  it("gives each tone its Element Plus colour", () => {
    expect(statusColor("tracking", due(true, false, -1))).toBe(TONE_COLOR.danger);
    expect(statusColor("closed")).toBe(TONE_COLOR.success);
  });
});

describe("dueLabel", () => {
  it("says how many working days are left or overdue", () => {
    expect(dueLabel(due(false, false, 3))).toBe("剩 3 个工作日");
    expect(dueLabel(due(false, true, 0))).toBe("今日到期");
    expect(dueLabel(due(true, false, -2))).toBe("逾期 2 个工作日");
    expect(dueLabel(due(true, false, null))).toBe("已逾期");
    expect(dueLabel(due(false, false, null))).toBe("");
    expect(dueLabel(null)).toBe("");
    expect(dueLabel(due(true, false, -2), "closed")).toBe("");
  });
});

describe("categoryStyle", () => {
  it("gives every category its own colour and falls back to 'other'", () => {
    const colours = (["consultation", "complaint", "suggestion", "help", "other"] as const).map(
      (c) => categoryStyle(c).color,
    );
    expect(new Set(colours).size).toBe(5);
    expect(categoryStyle("unknown")).toEqual(categoryStyle("other"));
  });
});
