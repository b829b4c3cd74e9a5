// Pins the workbench's task order and the counters' quick filter.
import { describe, expect, it } from "vitest";
import type { Task } from "../../bindings/Task";
import { filterTasks, sortTasks } from "./tasks";

function task(id: number, dueDate: string | null, overdue = false, dueSoon = false): Task {
  return {
    todo: "初审",
    appeal: {
      id,
      regNumber: `20261120-000${id}`,
      archiveNumber: null,
      category: "complaint",
      subject: "s",
      channel: "hotline",
      departmentId: null,
      departmentName: null,
      status: "registered",
      dueDate,
      due: { overdue, dueSoon, remainingWorkingDays: null },
      receivedAt: "2026-11-20T09:00:00+08:00",
      registeredAt: "2026-11-20T09:05:00+08:00",
      major: false,
      urgency: "normal",
      round: 1,
      escalated: false,
      supervisionCount: 0,
    },
  };
}

describe("sortTasks", () => {
  it("orders by due date, undated last, then by id", () => {
    const out = sortTasks([task(3, null), task(2, "2026-11-25"), task(5, "2026-11-20"), task(1, "2026-11-25")]);
    expect(out.map((t) => t.appeal.id)).toEqual([5, 1, 2, 3]);
  });
});

describe("filterTasks", () => {
  const all = [task(1, "2026-11-18", true), task(2, "2026-11-20", false, true), task(3, "2026-12-01")];
  it("keeps all, only overdue, or only due soon", () => {
    expect(filterTasks(all, "all")).toHaveLength(3);
    expect(filterTasks(all, "overdue").map((t) => t.appeal.id)).toEqual([1]);
    expect(filterTasks(all, "dueSoon").map((t) => t.appeal.id)).toEqual([2]);
  });
});
