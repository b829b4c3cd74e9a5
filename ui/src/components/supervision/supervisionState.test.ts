// Pins the supervision tabs' filters and which actions each row offers.
import { describe, expect, it } from "vitest";
import type { Action } from "../../bindings/Action";
import { rowActions, tabFilter } from "./supervisionState";

describe("supervision", () => {
  it("asks for overdue or due-soon appeals, earliest due first", () => {
    expect(tabFilter("overdue", 2, 50)).toMatchObject({ overdue: true, dueSoon: false, sort: "due_asc", page: 2, pageSize: 50 });
    expect(tabFilter("dueSoon", 0, 50)).toMatchObject({ overdue: false, dueSoon: true, sort: "due_asc" });
  });

  it("offers only what the role may do in the appeal's status", () => {
    const office = (a: Action) => a === "issueSupervision" || a === "escalate";
    const management = (a: Action) => a === "instruct";
    const fresh = { escalated: false, supervisionCount: 0 };
    const supervised = { escalated: false, supervisionCount: 1 };
    const escalated = { escalated: true, supervisionCount: 1 };
    expect(rowActions({ status: "routed", ...fresh }, office)).toEqual(["supervise"]);
    expect(rowActions({ status: "routed", ...supervised }, office)).toEqual(["supervise", "escalate"]);
    expect(rowActions({ status: "registered", ...supervised }, office)).toEqual(["escalate"]);
    expect(rowActions({ status: "routed", ...supervised }, management)).toEqual([]);
    expect(rowActions({ status: "routed", ...escalated }, management)).toEqual(["instruct"]);
    expect(rowActions({ status: "closed", ...escalated }, office)).toEqual([]);
  });
});
