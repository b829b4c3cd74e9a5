// Pins the list state → ListFilter mapping, what restarts paging, and the total's wording.
import { beforeEach, describe, expect, it } from "vitest";
import type { AppealRow } from "../../bindings/AppealRow";
import type { Page } from "../../bindings/Page";
import {
  buildListFilter,
  claimListState,
  criteriaKey,
  defaultListState,
  hiddenFilterCount,
  listState,
  resetListFilters,
  totalText,
} from "./listState";

beforeEach(() => Object.assign(listState, defaultListState()));

describe("buildListFilter", () => {
  it("sends nothing set as an empty filter, newest first, 50 a page", () => {
    expect(buildListFilter(defaultListState())).toEqual({
      statuses: [],
      category: null,
      channel: null,
      departmentId: null,
      from: null,
      to: null,
      overdue: false,
      dueSoon: false,
      major: null,
      text: null,
      sort: "registered_desc",
      page: 0,
      pageSize: 50,
    });
  });
  it("maps every filter", () => {
    const s = {
      ...defaultListState(),
      statuses: ["routed" as const],
      category: "complaint" as const,
      channel: "letter" as const,
      departmentId: 4,
      range: ["2026-11-01", "2026-11-30"] as [string, string],
      overdue: true,
      majorOnly: true,
      text: "  噪音 ",
      sort: "due_asc" as const,
      page: 3,
    };
    const f = buildListFilter(s);
    expect(f).toMatchObject({
      statuses: ["routed"],
      category: "complaint",
      channel: "letter",
      departmentId: 4,
      from: "2026-11-01",
      to: "2026-11-30",
      overdue: true,
      dueSoon: false,
      major: true,
      text: "噪音",
      sort: "due_asc",
      page: 3,
    });
  });
});

describe("criteriaKey", () => {
  it("ignores the page but not the filters", () => {
    const a = defaultListState();
    const b = { ...a, page: 7 };
    expect(criteriaKey(a)).toBe(criteriaKey(b));
    expect(criteriaKey({ ...a, overdue: true })).not.toBe(criteriaKey(a));
  });
});

describe("state", () => {
  it("counts the folded filters and resets filters but keeps the sort", () => {
    Object.assign(listState, { departmentId: 2, dueSoon: true, sort: "due_asc", text: "x", category: "help" });
    expect(hiddenFilterCount(listState)).toBe(2);
    resetListFilters();
    expect(listState.departmentId).toBeNull();
    expect(listState.text).toBe("");
    expect(listState.category).toBeNull();
    expect(listState.sort).toBe("due_asc");
  });
  it("starts afresh for another user", () => {
    claimListState(1);
    listState.category = "help";
    claimListState(1);
    expect(listState.category).toBe("help");
    claimListState(2);
    expect(listState.category).toBeNull();
    expect(listState.owner).toBe(2);
  });
});

describe("totalText", () => {
  const page = (p: Partial<Page<AppealRow>>): Page<AppealRow> => ({
    rows: [],
    total: null,
    totalCapped: false,
    hasMore: false,
    page: 0,
    pageSize: 50,
    ...p,
  });
  const rows = (n: number) => Array.from({ length: n }, () => ({}) as AppealRow);
  it("says the counted total with separators", () => {
    expect(totalText(page({ total: 1234567 }))).toBe("共 1,234,567 条");
    expect(totalText(page({ total: 10000, totalCapped: true }))).toBe("共 10,000+ 条");
  });
  it("says N+ when a short term was not counted", () => {
    expect(totalText(page({ rows: rows(50), hasMore: true }))).toBe("共 50+ 条");
    expect(totalText(page({ rows: rows(12), page: 2 }))).toBe("共 112 条");
  });
});
