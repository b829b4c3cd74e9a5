// 设置 → 常用语: lists the office's stock texts with kind and category, filters by kind, adds one
// (checking the title and body first, Rust's error under its field, nothing typed lost), changes
// one and removes one after asking.
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../../api/core";
import type { StockText } from "../../bindings/StockText";

vi.mock("../../api/bell", () => ({ listStockTexts: vi.fn(), saveStockText: vi.fn(), deleteStockText: vi.fn() }));
vi.mock("../../lib/notify", () => ({ showError: vi.fn(), showSuccess: vi.fn() }));
vi.mock("../../lib/useDataChanged", () => ({ useDataChanged: () => {} }));
vi.mock("../../lib/vocab", () => ({
  choices: () => [
    { code: "complaint", label: "投诉" },
    { code: "suggestion", label: "建议" },
  ],
  label: (_k: string, c: string) => ({ complaint: "投诉", suggestion: "建议" })[c] ?? c,
}));

import { deleteStockText, listStockTexts, saveStockText } from "../../api/bell";
import StockTextsTab from "./StockTextsTab.vue";

const ROWS: StockText[] = [
  { id: 1, kind: "reply", category: null, title: "已转办答复", body: "您反映的问题已收悉。", updatedBy: "诉求管理员", updatedAt: "2026-11-20T10:00:00+08:00" },
  { id: 2, kind: "plan", category: "complaint", title: "责令整改", body: "责令责任单位立即整改。", updatedBy: "诉求管理员", updatedAt: "2026-11-20T10:00:00+08:00" },
];

const q = (id: string) => document.querySelector(`[data-testid="${id}"]`) as HTMLElement;

async function start() {
  const w = mount(StockTextsTab, { global: { plugins: [ElementPlus] }, attachTo: document.body });
  await flushPromises();
  return w;
}

/** Element Plus shows a form item's error after a short debounce. */
async function settle() {
  await flushPromises();
  await new Promise((r) => setTimeout(r, 250));
  await flushPromises();
}

async function typeInto(id: string, text: string) {
  const el = q(id) as HTMLInputElement;
  el.value = text;
  el.dispatchEvent(new Event("input"));
  await flushPromises();
}

beforeEach(() => {
  vi.mocked(listStockTexts).mockResolvedValue(ROWS);
});
afterEach(() => {
  vi.clearAllMocks();
  document.body.innerHTML = "";
});

describe("StockTextsTab", () => {
  it("lists every stock text with its kind and category", async () => {
    await start();
    expect(listStockTexts).toHaveBeenCalledWith(null, null);
    const table = q("stock-table").textContent!;
    expect(table).toContain("答复与反馈");
    expect(table).toContain("全部分类");
    expect(table).toContain("处理方案");
    expect(table).toContain("投诉");
    expect(table).toContain("责令整改");
  });

  it("adds a text after checking it, and puts Rust's error under its field", async () => {
    await start();
    q("stock-add").click();
    await flushPromises();
    q("stock-save").click();
    await settle();
    expect(saveStockText).not.toHaveBeenCalled();
    expect(q("stock-dialog").textContent).toContain("请填写常用语名称");
    await typeInto("stock-title", "政策解答");
    await typeInto("stock-body", "按现行政策规定办理。");
    vi.mocked(saveStockText).mockRejectedValueOnce(new ApiError("validation", "常用语名称不能超过40个字。", "title"));
    q("stock-save").click();
    await settle();
    expect(q("stock-dialog").textContent).toContain("不能超过40个字");
    expect((q("stock-title") as HTMLInputElement).value).toBe("政策解答");
    vi.mocked(saveStockText).mockResolvedValueOnce({ ...ROWS[0], id: 3, title: "政策解答" });
    q("stock-save").click();
    await flushPromises();
    expect(saveStockText).toHaveBeenLastCalledWith({ id: null, kind: "reply", category: null, title: "政策解答", body: "按现行政策规定办理。" });
    expect(listStockTexts).toHaveBeenCalledTimes(2);
  });

  it("changes a text with its id and removes one after asking", async () => {
    await start();
    q("stock-edit-2").click();
    await flushPromises();
    await typeInto("stock-body", "责令限期整改并复查。");
    vi.mocked(saveStockText).mockResolvedValueOnce(ROWS[1]);
    q("stock-save").click();
    await flushPromises();
    expect(saveStockText).toHaveBeenCalledWith({ id: 2, kind: "plan", category: "complaint", title: "责令整改", body: "责令限期整改并复查。" });

    q("stock-delete-1").click();
    await flushPromises();
    expect(deleteStockText).not.toHaveBeenCalled();
    vi.mocked(deleteStockText).mockResolvedValueOnce(null);
    q("stock-delete-confirm").click();
    await flushPromises();
    expect(deleteStockText).toHaveBeenCalledWith(1);
  });
});
