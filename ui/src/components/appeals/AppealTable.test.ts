// The shared appeal table: both numbers, labels from the vocabulary, due marking, row clicks.
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setVocabulary } from "../../lib/vocab";
import AppealTable from "./AppealTable.vue";
import { appealRow, testVocabulary } from "./fixtures";

beforeEach(() => setVocabulary(testVocabulary));
afterEach(() => setVocabulary(null));

describe("AppealTable", () => {
  it("shows numbers, labels and the due marking, and emits row-click", async () => {
    const rows = [
      appealRow({ id: 1, archiveNumber: "TS-2026-000123", due: { overdue: true, dueSoon: false, remainingWorkingDays: -2 } }),
      appealRow({ id: 2, regNumber: "20261120-0002", status: "closed", dueDate: null, departmentName: null }),
    ];
    const w = mount(AppealTable, { props: { rows }, global: { plugins: [ElementPlus] } });
    await flushPromises();
    const text = w.text();
    expect(text).toContain("20261120-0001");
    expect(w.get('[data-testid="appeal-row-archive"]').text()).toBe("TS-2026-000123");
    expect(text).toContain("客服热线");
    expect(text).toContain("城管科");
    expect(text).toContain("办理中");
    expect(text).toContain("已办结");
    expect(text).toContain("2026-11-20 09:35");
    const due = w.findAll('[data-testid="appeal-row-due"]');
    expect(due).toHaveLength(1);
    expect(due[0].text()).toBe("逾期 2 个工作日");
    expect(w.findAll("tr.appeal-table__row--overdue")).toHaveLength(1);
    await w.findAll("tr.appeal-table__row")[1].find("td").trigger("click");
    expect(w.emitted("row-click")?.[0]?.[0]).toMatchObject({ id: 2 });
  });

  it("gives the status column room for the longest status tag", async () => {
    const w = mount(AppealTable, { props: { rows: [appealRow({ status: "rejected" })] }, global: { plugins: [ElementPlus] } });
    await flushPromises();
    const tag = w.get('[data-testid="status-tag"]').text();
    expect(tag).toBe("不予受理待告知");
    // A small tag's text is 12 px a character, its padding and border 16 px; the cell pads 24 px.
    const needed = [...tag].length * 12 + 16 + 24;
    const width = parseInt((w.get('[data-testid="col-status"]').element as HTMLElement).style.width, 10);
    expect(width).toBeGreaterThanOrEqual(needed);
  });

  it("opens a row with Enter, shows the lead column and the empty text", async () => {
    const rows = [appealRow({ id: 7 })];
    const w = mount(AppealTable, {
      props: { rows, leadLabel: "待办" },
      slots: { lead: `<template #lead="{ row }"><b class="lead">办理 {{ row.id }}</b></template>` },
      global: { plugins: [ElementPlus] },
    });
    await flushPromises();
    expect(w.get("th").text()).toBe("待办");
    expect(w.get(".lead").text()).toBe("办理 7");
    await w.get("tr.appeal-table__row").trigger("keydown", { key: "Enter" });
    expect(w.emitted("row-click")?.[0]?.[0]).toMatchObject({ id: 7 });

    const empty = mount(AppealTable, { props: { rows: [], emptyText: "暂无待办" }, global: { plugins: [ElementPlus] } });
    await flushPromises();
    expect(empty.get('[data-testid="appeal-table-empty"]').text()).toBe("暂无待办");
    expect(empty.findAll("th")).toHaveLength(8);
  });

  it("shows the loading mask only when a load lasts longer than a moment", async () => {
    vi.useFakeTimers();
    try {
      const w = mount(AppealTable, { props: { rows: [appealRow({ id: 1 })], loading: true }, global: { plugins: [ElementPlus] } });
      await vi.advanceTimersByTimeAsync(100);
      expect(w.find(".el-loading-mask").exists()).toBe(false);
      await vi.advanceTimersByTimeAsync(300);
      expect(w.find(".el-loading-mask").exists()).toBe(true);
      await w.setProps({ loading: false });
      await vi.advanceTimersByTimeAsync(1000);
      expect(w.find(".el-loading-mask").exists()).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });
});
